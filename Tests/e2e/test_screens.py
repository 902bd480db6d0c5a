"""GridHub's screens in a real headless Chromium, against the real gridhub binary.

The whole loop: a resident reports with a photo on a phone → the command centre's map shows it
without a reload → verified, accepted, dispatched → 排水 handles it with a photo → the grid worker
checks → the centre closes → the resident sees it closed and rates it.
"""

import re
import time

from selenium.common.exceptions import NoAlertPresentException

from conftest import SCREENSHOTS, TIMINGS

GRID1 = "220104001001001"  # wgy01's grid
TITLE = "<script>alert('x')</script> 下水道冒水"


def no_alert(screen):
    try:
        screen.driver.switch_to.alert
        return False
    except NoAlertPresentException:
        return True


def case_card(screen, tracking):
    """The work-list card of a case, once it is listed."""
    screen.wait_for(lambda: any(tracking in c.text for c in screen.all(".work-card")), what=f"{tracking} listed")
    return next(c for c in screen.all(".work-card") if tracking in c.text)


def act_on_card(screen, tracking, action, photo=None):
    card = case_card(screen, tracking)
    if photo:
        card.find_element("css selector", f"input[data-action-photo={action}]").send_keys(photo)
    button = card.find_element("css selector", f"button[data-action={action}]")
    screen.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    screen.wait_for(lambda: not any(tracking in c.text and c.find_elements("css selector", f"button[data-action={action}]")
                                    for c in screen.all(".work-card")), what=f"{action} done on {tracking}")


def act_on_case_page(screen, case_id, action):
    screen.go(f"/cases/{case_id}")
    screen.click(f"button[data-action={action}]")
    screen.wait_for(lambda: not screen.all(f"button[data-action={action}]") or action in ("close",) and
                    screen.all(".timeline li[data-kind=close]"), what=f"{action} on case {case_id}")


def test_report_to_rating(screens, photo):
    centre = screens("centre", 1920, 1080)
    centre.sign_in("zhihui")
    centre.wait("svg.map polygon.grid")
    centre.wait_for(lambda: len(centre.all("svg.map circle.marker")) > 0, what="live cases on the map")
    before = len(centre.all("svg.map circle.marker"))

    phone = screens("phone", 360, 740)
    phone.sign_in("jumin01", then="/report")
    phone.wait("#report-map svg.map")
    phone.find("input[name=photos]").send_keys(photo)
    phone.click(f"#report-map polygon[data-grid='{GRID1}']")
    phone.wait_for(lambda: phone.find("input[name=lat]").get_attribute("value"), what="a place picked")
    phone.click("#browse summary")
    phone.click("button.major[data-major=E04]")
    phone.click("button.minor[data-class=E0404]")
    phone.find("textarea[name=description]").send_keys(TITLE)
    started = time.monotonic()
    phone.click("#report-form button[type=submit]")
    tracking = phone.wait("[data-tracking]").get_attribute("data-tracking")
    TIMINGS["submit with a photo → tracking number shown"] = time.monotonic() - started
    assert re.fullmatch(r"YC-\d{8}-\d{4}", tracking)
    assert phone.find("#progress").get_attribute("value") == "100"
    phone.wait_for(lambda: any(tracking in li.text for li in phone.all("#mine li")), what="listed in my reports")
    if SCREENSHOTS:
        phone.driver.execute_script("document.getElementById('receipt').scrollIntoView()")
        phone.shot(SCREENSHOTS, "phone")

    # The command centre sees it arrive on the map, with no reload.
    marker = centre.wait_for(lambda: centre.driver.execute_script(
        "const m = [...document.querySelectorAll('svg.map circle.marker')].find(m => m.textContent.includes(arguments[0]));"
        "return m && {id: m.dataset.case, state: m.dataset.state, count: document.querySelectorAll('svg.map circle.marker').length};",
        tracking), seconds=20, what="the new case on the map")
    TIMINGS["submit → marker on the centre's map (no reload)"] = time.monotonic() - started
    case_id = marker["id"]
    assert marker["state"] == "reported" and marker["count"] == before + 1
    if SCREENSHOTS:
        centre.wait_for(lambda: len(centre.all("#cards .card")) == 3 and centre.all("#daily svg"), what="indicators drawn")
        centre.shot(SCREENSHOTS, "dashboard")

    # What the resident wrote is shown as text, never run.
    centre.go(f"/cases/{case_id}")
    assert centre.wait("[data-description]").text.startswith("<script>alert('x')</script>")
    assert no_alert(centre)

    worker = screens("worker", 412, 900)
    worker.sign_in("wgy01")
    # The grid worker is told of the new report in their grid, above their work lists.
    worker.wait_for(lambda: any(li.get_attribute("data-kind") == "new_report" and tracking in li.text
                                for li in worker.all("#notices li")), what="the grid worker told of the report")
    if SCREENSHOTS:
        worker.shot(SCREENSHOTS, "worker-notices")
    act_on_card(worker, tracking, "verify")
    act_on_case_page(centre, case_id, "accept")
    centre.go(f"/cases/{case_id}")
    assert "排水" in centre.wait(".suggest").text
    act_on_case_page(centre, case_id, "dispatch")
    assert centre.wait("#countdown").text  # the due time counts down

    department = screens("department", 1280, 900)
    department.sign_in("bm-ps")
    act_on_card(department, tracking, "start")
    act_on_card(department, tracking, "handle", photo=photo)

    worker.go("/worker")
    worker.click("button.tab[data-queue=check]")
    act_on_card(worker, tracking, "check")
    act_on_case_page(centre, case_id, "close")

    phone.go("/report")
    phone.wait_for(lambda: any(tracking in li.text and li.get_attribute("data-state") == "closed" for li in phone.all("#mine li")),
                   what="the resident sees it closed")
    phone.go(f"/cases/{case_id}")
    phone.click("button[data-rating=satisfied]")
    assert "满意" in phone.wait(".rated").text
    kinds = [li.get_attribute("data-kind") for li in phone.all(".timeline li")]
    assert kinds == ["reported", "verify", "accept", "dispatch", "start", "handle", "check", "close", "rated"]
    TIMINGS["the whole loop, report to rating, through four browsers"] = time.monotonic() - started
    assert no_alert(phone)


def test_grid_worker_cannot_open_another_grids_case(screens, photo):
    phone = screens("phone", 360, 740)
    phone.sign_in("jumin02", then="/report")
    phone.wait("#report-map svg.map")
    phone.click(f"#report-map polygon[data-grid='{GRID1}']")
    phone.click("#browse summary")
    phone.click("button.major[data-major=E01]")
    phone.click("button.minor[data-class=E0101]")
    phone.click("#report-form button[type=submit]")
    tracking = phone.wait("[data-tracking]").get_attribute("data-tracking")
    phone.wait_for(lambda: any(tracking in li.text for li in phone.all("#mine li")))
    item = next(li for li in phone.all("#mine li") if tracking in li.text)
    case_id = item.get_attribute("data-case")

    stranger = screens("stranger", 412, 900)
    stranger.sign_in("wgy11")  # a worker of 牡丹园, not this grid
    stranger.go(f"/cases/{case_id}")
    stranger.wait("[data-not-found]")
    assert not stranger.all("[data-description]")
    assert tracking not in stranger.driver.page_source

    own = screens("own", 412, 900)
    own.sign_in("wgy01")
    own.go(f"/cases/{case_id}")
    assert own.wait("h2").text.startswith(tracking)


def test_expired_session_returns_to_the_page(screens):
    screen = screens("centre", 1280, 900)
    screen.sign_in("zhihui")
    screen.wait("svg.map")
    screen.go("/login")  # a quiet page: nothing of the centre's is still loading when the tokens go stale
    screen.driver.execute_script("localStorage.setItem('gh.access', 'expired'); localStorage.setItem('gh.refresh', 'gone')")
    screen.go("/centre?view=wall")
    screen.wait_for(lambda: "/login?next=" in screen.driver.current_url, what="sent to sign in")
    screen.find("input[name=username]").send_keys("zhihui")
    screen.find("input[name=password]").send_keys("gridhub-demo")
    screen.find("#login-form button[type=submit]").click()
    screen.wait_for(lambda: screen.driver.current_url.endswith("/centre?view=wall"), what="back where it was")
    screen.wait("svg.map")


def test_english_and_empty_states(screens):
    screen = screens("department", 412, 900)
    screen.sign_in("bm-dl")  # 电力: nothing sent to it in the demo's open queues
    screen.wait("#tabs .tab")
    screen.click("button[data-lang=en]")
    screen.wait_for(lambda: "My work" in screen.find("h1").text, what="English")
    screen.click("button.tab[data-queue=whistle]")
    assert screen.wait(".empty").text in ("Nothing waiting", "暂无待办")
    screen.click("button[data-lang=zh]")
    screen.wait_for(lambda: "我的待办" in screen.find("h1").text, what="Chinese again")
