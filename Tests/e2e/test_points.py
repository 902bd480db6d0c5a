"""Points and the shop in a real headless Chromium on phone-sized windows: a resident redeems an item
and shows the pickup code, the counter staff type it and hand the item out, and both screens show the
new balance and stock; the command centre reads the month."""

from datetime import datetime, timedelta, timezone

from conftest import SCREENSHOTS
from test_patrol import api, token


def test_resident_redeems_and_the_counter_fulfils(screens):
    resident_phone = screens("points-resident", 390, 844)
    base = resident_phone.base
    centre = token(base, "zhihui")
    me = api(base, "/api/v1/me/points", token(base, "jumin07"))
    api(base, "/api/v1/points/adjust", centre,
        {"holder": me["holder"], "amount": 40, "reason": "端到端测试：社区表彰"})
    staff = token(base, "sq01")
    soap = next(i for i in api(base, "/api/v1/shop/items", staff) if i["name"] == "香皂 2块")

    resident_phone.sign_in("jumin07", then="/points")
    resident_phone.wait_for(lambda: resident_phone.find("#p-available").text.isdigit(), what="the balance shown")
    before = int(resident_phone.find("#p-available").text)
    assert before >= 40
    assert "端到端测试" in resident_phone.find("#p-lines").text, "the adjustment is on the statement with its reason"
    resident_phone.click("#p-tabs [data-tab=shop]")
    item = f"#p-items [data-item='{soap['id']}']"
    resident_phone.wait(item)
    assert f"剩 {soap['stock']} 件" in resident_phone.find(item).text
    resident_phone.click(f"{item} .redeem")
    resident_phone.wait_for(lambda: "确认" in resident_phone.find(f"{item} .redeem").text, what="the button asks first")
    resident_phone.click(f"{item} .redeem")
    code_box = resident_phone.wait("#p-big-code")
    code = code_box.text.replace(" ", "")
    assert len(code) == 8
    assert resident_phone.find(".pickup .qr svg").size["width"] >= 200, "the QR code is large enough to scan"
    if SCREENSHOTS:
        resident_phone.shot(SCREENSHOTS, "points-pickup-code")

    counter = screens("points-counter", 390, 844)
    counter.sign_in("sq01", then="/points")
    counter.wait_for(lambda: code[:4] in counter.find("#p-waiting").text or "骑手" in counter.find("#p-waiting").text
                     or len(counter.all("#p-waiting .line")) > 0, what="the waiting list")
    counter.find("#p-code-form input[name=code]").send_keys(code.lower()[:4] + "-" + code.lower()[4:])
    counter.click("#p-code-form button[type=submit]")
    counter.wait(".found .fulfil")
    assert "香皂" in counter.find(".found").text
    if SCREENSHOTS:
        counter.shot(SCREENSHOTS, "points-counter")
    counter.click(".found .fulfil")
    counter.wait_for(lambda: "已核销" in counter.find("#p-found").text, what="handed out")
    assert api(base, f"/api/v1/shop/redemptions/{code}", staff)["state"] == "fulfilled"
    counter.click("#p-tabs [data-tab=items-admin]")
    counter.wait_for(lambda: f"剩 {soap['stock'] - 1} 件" in counter.find("#p-stock").text, what="the stock on the staff's shelf")

    resident_phone.click(".pickup button")
    resident_phone.click("#p-tabs [data-tab=mine]")
    resident_phone.wait_for(lambda: resident_phone.find("#p-available").text == str(before - soap["price"]),
                            what="the balance after collecting")
    assert resident_phone.find("#p-held").text == ""
    resident_phone.click("#p-tabs [data-tab=redemptions]")
    resident_phone.wait_for(lambda: "已领取" in resident_phone.find("#p-codes").text, what="collected")
    resident_phone.click("#p-tabs [data-tab=shop]")
    resident_phone.wait_for(lambda: f"剩 {soap['stock'] - 1} 件" in resident_phone.find(item).text, what="the stock on the resident's shelf")
    if SCREENSHOTS:
        resident_phone.shot(SCREENSHOTS, "points-shop")


def test_centre_reads_the_month(screens):
    wall = screens("points-centre", 390, 844)
    wall.sign_in("zhihui", then="/points")
    wall.wait_for(lambda: len(wall.all("#p-month-numbers .card")) == 6, what="the month's numbers")
    # The month of last week's clean-up (this month may have just begun): its earners are listed, and
    # the page's numbers are the API's.
    month = (datetime.now(timezone(timedelta(hours=8))) - timedelta(days=6)).strftime("%Y-%m")
    wall.driver.execute_script(
        "const p = document.getElementById('p-month-pick'); p.value = arguments[0]; p.dispatchEvent(new Event('change'))", month)
    expected = api(wall.base, f"/api/v1/points/month?month={month}", token(wall.base, "zhihui"))
    wall.wait_for(lambda: len(wall.all("#p-top .line")) == len(expected["top_earners"]) > 0, what="the top earners")
    issued = wall.all("#p-month-numbers .card .big")[0].text
    assert issued == str(expected["earned"] - expected["reversed"])
    if SCREENSHOTS:
        wall.shot(SCREENSHOTS, "points-month")


def test_rider_claims_the_device_points(screens):
    """A rider reports without signing up, the report is verified, the phone shows the device's points;
    the rider claims them with the code (shown on the page: no SMS gateway here) and signs in to them."""
    phone = screens("points-rider", 390, 844)
    base = phone.base
    phone.go("/report")
    phone.wait("#report-map svg.map")
    phone.click("#report-map polygon[data-grid='220104001001001']")  # wgy01's grid
    phone.wait_for(lambda: phone.find("input[name=lat]").get_attribute("value"), what="a place picked")
    phone.click("#browse summary")
    phone.click("button.major[data-major=E03]")
    phone.click("#classes button.minor")
    phone.click("#report-form button[type=submit]")
    phone.wait("[data-tracking]")
    phone.wait_for(lambda: len(phone.all("#mine li[data-case]")) > 0, what="my report listed")
    case_id = phone.find("#mine li[data-case]").get_attribute("data-case")
    api(base, f"/api/v1/cases/{case_id}/actions", token(base, "wgy01"), {"action": "verify"})

    phone.click("#points-link")
    phone.wait_for(lambda: phone.find("#p-available").text == "15", what="the device's points: verified 10 + first 5")
    number = "13800138" + case_id.zfill(3)[-3:]
    phone.find("#p-claim-start input[name=phone]").send_keys(number)
    phone.click("#p-claim-start button[type=submit]")
    phone.wait_for(lambda: any(c.isdigit() for c in phone.find("#p-claim-code").text), what="the code shown")
    code = "".join(c for c in phone.find("#p-claim-code").text if c.isdigit())[-6:]
    phone.find("#p-claim-finish input[name=code]").send_keys(code)
    phone.find("#p-claim-finish input[name=display_name]").send_keys("骑手小李")
    phone.find("#p-claim-finish input[name=password]").send_keys("gridhub-demo")
    if SCREENSHOTS:
        phone.shot(SCREENSHOTS, "points-rider-claim")
    phone.click("#p-claim-finish button[type=submit]")
    phone.wait_for(lambda: "/login" in phone.driver.current_url, what="sent to sign in")
    phone.sign_in(number, then="/points")
    phone.wait_for(lambda: phone.find("#p-available").text == "15", what="the points on the new account")
    assert "设备积分转入账户" in phone.find("#p-lines").text
