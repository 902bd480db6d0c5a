"""Points and the shop in a real headless Chromium on phone-sized windows: a resident redeems an item
and shows the pickup code, the counter staff type it and hand the item out, and both screens show the
new balance and stock; the command centre reads the month."""

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
    assert len(wall.all("#p-top .line")) > 0, "the top earners"
    if SCREENSHOTS:
        wall.shot(SCREENSHOTS, "points-month")
