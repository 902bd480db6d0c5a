"""Four-step deliberation in a real headless Chromium on phone-sized windows: a resident raises a matter
on the phone, the community's staff propose and discuss it and call the review meeting, two
representatives check in and vote on their phones (the rest on paper), the vote closes, the resolution
is published, and the public page shows it with its count and no one's name."""

import re
import time

from conftest import SCREENSHOTS
from test_patrol import api, token


def test_a_topic_goes_from_raised_to_published(screens):
    resident = screens("topic-resident", 390, 844)
    base = resident.base
    staff_token = token(base, "sq01")
    title = f"楼道声控灯不亮{int(time.time()) % 100000}"

    # 说事: the resident raises it on the phone.
    resident.sign_in("jumin01", then="/topics")
    resident.wait("#tp-raise input[name=title]")
    resident.find("#tp-raise input[name=title]").send_keys(title)
    resident.find("#tp-raise textarea[name=description]").send_keys("3单元楼道灯坏了一个多月，老人晚上上下楼看不见")
    resident.click("#tp-raise button[type=submit]")
    resident.wait_for(lambda: re.search(r"/topics/\d+$", resident.driver.current_url), what="the new topic's page")
    topic_id = int(resident.driver.current_url.rsplit("/", 1)[1])
    resident.wait_for(lambda: resident.find("#tc-title").text == title, what="the title")
    assert "已提出" in resident.find("#tc-meta").text

    # The committee proposes, discusses and calls the meeting, on a phone too.
    staff = screens("topic-staff", 390, 844)
    staff.sign_in("sq01", then=f"/topics/{topic_id}")
    staff.click("form[data-move=propose] button[type=submit]")
    staff.wait("form[data-move=discuss] textarea")
    staff.find("form[data-move=discuss] textarea").send_keys("两委商议：更换3单元全部楼道灯，费用由物业承担")
    staff.click("form[data-move=discuss] button[type=submit]")
    staff.wait("form[data-move=meeting]")
    staff.driver.execute_script(
        "document.querySelector('form[data-move=meeting] input[name=starts_at]').value = '2026-12-20T19:00'")
    staff.click("form[data-move=meeting] button[type=submit]")
    staff.wait(".meeting .seats")
    topic = api(base, f"/api/v1/topics/{topic_id}", staff_token)
    meeting = topic["meetings"][0]
    invited = meeting["invitees"]
    needed = -(-2 * len(invited) // 3)  # at least two thirds

    # Two representatives check in and vote on their phones.
    phones = [resident, screens("topic-rep", 390, 844)]
    phones[1].sign_in("jumin07", then=f"/topics/{topic_id}")
    resident.go(f"/topics/{topic_id}")
    for phone in phones:
        phone.click("#tc-checkin")
        phone.click("button.vote.agree")
        phone.wait_for(lambda: "您已表决：同意" in phone.find("#tc-my-vote").text, what="the vote recorded")
    if SCREENSHOTS:
        phones[1].shot(SCREENSHOTS, "deliberation-vote-phone")
    # Those without a phone vote on paper, entered by staff.
    on_phones = {a["representative_id"] for a in invited if a["name"] in ("jumin01", "jumin07")}
    for seat in [s for s in invited if s["representative_id"] not in on_phones][: needed - 2]:
        api(base, f"/api/v1/topics/{topic_id}/votes", staff_token,
            {"choice": "agree", "representative_id": seat["representative_id"]})

    staff.go(f"/topics/{topic_id}")
    staff.click("#tc-close")
    staff.wait_for(lambda: "代表审议" in staff.find("#tc-meta").text, what="reviewed")
    assert "通过" in staff.find("#tc-meetings").text
    staff.find("form[data-move=publish] textarea[name=text]").send_keys("同意更换3单元楼道声控灯，物业公司一周内完成")
    staff.find(".measure-row input[name=m_title]").send_keys("更换3单元楼道声控灯")
    staff.find(".measure-row input[name=m_owner]").send_keys("物业公司")
    staff.driver.execute_script("document.querySelector('.measure-row input[name=m_due]').value = '2026-12-31'")
    staff.click("form[data-move=publish] button[type=submit]")
    staff.wait_for(lambda: "决议公示" in staff.find("#tc-meta").text, what="published")
    assert "公示至" in staff.find("#tc-notice").text
    if SCREENSHOTS:
        staff.shot(SCREENSHOTS, "deliberation-topic-staff")

    # The public page: no sign-in; the resolution and its count; nobody's name.
    public = screens("resolutions-public", 390, 844)
    public.go("/resolutions")
    card = f".resolution[data-resolution='{topic_id}']"
    public.wait(card)
    text = public.find(card).text
    assert title in text and "同意更换3单元" in text
    assert f"实到 {needed} 人" in text and f"同意 {needed}" in text
    page = public.find("main").text
    reps = api(base, "/api/v1/representatives", staff_token)
    names = {r["name"] for r in reps} | {api(base, "/api/v1/me", token(base, "jumin01"))["display_name"]}
    assert not [n for n in names if n in page], "no representative's or raiser's name on the public page"
    if SCREENSHOTS:
        public.shot(SCREENSHOTS, "deliberation-resolutions")

    # The committee's board: its topics by step, the committees with members, the representatives.
    staff.go("/topics")
    staff.wait(f"#tp-list [data-topic='{topic_id}']")
    staff.wait_for(lambda: len(staff.all("#tp-committees .committee")) == 5, what="the five committees")
    assert len(staff.all("#tp-reps .line")) == len(invited)
    if SCREENSHOTS:
        staff.shot(SCREENSHOTS, "deliberation-board")

    # The printable minutes name who came and how they voted.
    staff.go(f"/topics/{topic_id}/minutes")
    staff.wait_for(lambda: title in staff.find("#mn-title").text, what="the minutes")
    assert "纸质表决" in staff.find("#mn-meetings").text
    assert staff.driver.execute_script("return getComputedStyle(document.querySelector('header.top')).display") != "none"
