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
