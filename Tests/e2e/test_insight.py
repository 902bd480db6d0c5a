"""The street's evaluation of its departments (部门考核) in a real headless Chromium: the centre opens the
month's table, its figures are the API's, it goes back a month, and the page lays out for A4 paper."""

from conftest import SCREENSHOTS
from test_patrol import api, token


def test_centre_reads_and_prints_the_evaluation(screens):
    desk = screens("evaluation", 1280, 900)
    base = desk.base
    centre = token(base, "zhihui")
    rows = api(base, "/api/v1/insight/evaluation", centre)
    desk.sign_in("zhihui", then="/evaluation")
    desk.wait_for(lambda: len(desk.all("#ev-rows tr")) == len(rows) > 0, what="one row a department")
    first = rows[0]
    cells = [c.text for c in desk.all("#ev-rows tr:first-child td")]
    assert cells[0] == "1" and cells[1] == first["name"]
    assert cells[10] == ("—" if first.get("composite") is None else f"{first['composite']:.1f}")
    if SCREENSHOTS:
        desk.shot(SCREENSHOTS, "evaluation")
    # Last month: the page reads the same month from the API.
    month = desk.find("#ev-month").get_attribute("value")
    year, m = map(int, month.split("-"))
    previous = f"{year - 1}-12" if m == 1 else f"{year}-{m - 1:02d}"
    desk.driver.execute_script(
        "const p = document.getElementById('ev-month'); p.value = arguments[0]; p.dispatchEvent(new Event('change'))", previous)
    expected = api(base, f"/api/v1/insight/evaluation?month={previous}", centre)
    desk.wait_for(lambda: previous in desk.find("#ev-title").text, what="last month's title")
    desk.wait_for(lambda: [c.text for c in desk.all("#ev-rows tr td:nth-child(2)")] == [r["name"] for r in expected],
                  what="last month's ranking")
    # On paper: the controls and the header go, the table stays.
    desk.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert desk.driver.execute_script("return getComputedStyle(document.querySelector('.no-print')).display") == "none"
    assert desk.driver.execute_script("return getComputedStyle(document.querySelector('header.top')).display") == "none"
    assert desk.find(".evaluation-table").is_displayed()


def test_centre_sees_hotspots_on_the_map(screens):
    wall = screens("hotspots", 1280, 900)
    base = wall.base
    scan = api(base, "/api/v1/insight/hotspots", token(base, "zhihui"))
    wall.sign_in("zhihui", then="/centre")
    wall.wait("#map svg")
    wall.click("#hotspot-toggle")
    wall.wait("#hotspot-list")
    wall.wait_for(lambda: len(wall.all("#map .overlay .hotspot")) == len(scan["hotspots"])
                  and len(wall.all("#map .overlay .recurring")) == len(scan["recurring"]), what="the heat layer")
    lines = wall.all("#hotspot-list .line")
    assert len(lines) == len(scan["hotspots"]) + len(scan["recurring"]) or "没有热点" in wall.find("#hotspot-list").text
    if SCREENSHOTS:
        wall.shot(SCREENSHOTS, "centre-hotspots")
    # The care layer replaces it: one layer at a time.
    wall.click("#care-toggle")
    wall.wait_for(lambda: not wall.find("#hotspot-toggle").is_selected(), what="the hotspot layer off")


def grid_centre(base, code):
    """A point inside a grid: the mean of its boundary's corners."""
    ring = api(base, f"/api/v1/grids/{code}")["geometry"]["coordinates"][0][:-1]
    return sum(p[1] for p in ring) / len(ring), sum(p[0] for p in ring) / len(ring)


def test_resident_types_a_report_and_sees_the_suggested_class(screens):
    phone = screens("suggest", 360, 740)
    phone.sign_in("jumin03", then="/report")
    phone.wait("#report-map svg.map")
    phone.find("input[name=text]").send_keys("小区门口下水井盖子没了，晚上可吓人了")
    phone.wait_for(lambda: phone.all("#suggested .chip.on"), what="a suggested class chosen")
    chosen = phone.find("#suggested .chip.on")
    assert chosen.get_attribute("data-class") == "C0102" and "污水井盖" in phone.find("#class-text").text
    assert "可以改" in phone.find("#class-text").text
    if SCREENSHOTS:
        phone.shot(SCREENSHOTS, "report-suggested-class")
    # The resident knows better: picking another class by hand sticks while they keep typing.
    phone.click("#suggested .chip:not(.on)")
    mine = phone.find("#suggested .chip.on").get_attribute("data-class")
    assert mine != "C0102"
    phone.find("textarea[name=description]").send_keys("井口敞着")
    phone.wait_for(lambda: phone.find("#suggested .chip.on") and
                   phone.find("#suggested .chip.on").get_attribute("data-class") == mine, what="the hand-picked class kept")
    phone.click("#report-map polygon[data-grid='220104001001001']")
    phone.wait_for(lambda: phone.find("input[name=lat]").get_attribute("value"), what="a place picked")
    phone.click("#report-form button[type=submit]")
    tracking = phone.wait("[data-tracking]").get_attribute("data-tracking")
    case = next(c for c in api(phone.base, "/api/v1/cases?limit=5", token(phone.base, "zhihui"))["items"]
                if c["tracking_number"] == tracking)
    assert case["class_code"] == mine and not case["class_suggested"]


def test_grid_worker_confirms_a_suggested_class(screens):
    phone = screens("confirm-class", 360, 740)
    base = phone.base
    lat, lon = grid_centre(base, "220104001001001")
    filed = api(base, "/api/v1/reports", token(base, "jumin04"),
                {"lat": lat, "lon": lon, "text": "楼道灯坏了好几天了，晚上上楼黑咕隆咚的"})
    assert filed["class_code"] == "C0503" and filed["class_suggested"]
    phone.sign_in("wgy01", then=f"/cases/{filed['case_id']}")
    phone.wait("[data-confirm-class]")
    assert "待确认" in phone.find(".case-class").text
    if SCREENSHOTS:
        phone.shot(SCREENSHOTS, "case-suggested-class")
    phone.click("[data-confirm-class]")
    phone.wait_for(lambda: not phone.all("[data-confirm-class]") and "待确认" not in phone.find(".case-class").text,
                   what="the class confirmed")
    phone.wait("li[data-kind=classified]")
    assert api(base, f"/api/v1/cases/{filed['case_id']}", token(base, "wgy01"))["class_suggested"] is False
