import Foundation
import GridHubCore

/// Every word the screens show, in Chinese first and English. Names of states, roles, actions and
/// timeline events come from the domain's own types, so a new state cannot go unnamed.
enum PageLanguage: String, Sendable {
    case zh, en

    /// `?lang=`, else the `gh_lang` cookie, else Chinese.
    init(query: String?, cookie: String?) {
        self = PageLanguage(rawValue: query ?? "") ?? PageLanguage(rawValue: cookie ?? "") ?? .zh
    }

    var htmlTag: String { self == .zh ? "zh-CN" : "en" }
}

enum PageText {
    /// The words of each language, and the same as JSON for the page's scripts, made once.
    static let zh = (words: words(.zh), json: ScreenController.scriptJSON(words(.zh)))
    static let en = (words: words(.en), json: ScreenController.scriptJSON(words(.en)))

    static func of(_ lang: PageLanguage) -> (words: [String: String], json: String) { lang == .zh ? zh : en }

    static func words(_ lang: PageLanguage) -> [String: String] {
        var out: [String: String] = [:]
        for (key, pair) in fixed { out[key] = lang == .zh ? pair.0 : pair.1 }
        for state in CaseState.allCases {
            out["state_" + state.rawValue] = lang == .zh ? state.chineseName : english(state.rawValue)
        }
        for role in Role.allCases { out["role_" + role.rawValue] = lang == .zh ? role.chineseName : english(role.rawValue) }
        for action in CaseAction.allCases {
            let zh = TimelineEventKind(rawValue: action.rawValue)?.chineseName ?? action.rawValue
            out["action_" + action.rawValue] = lang == .zh ? zh : english(action.rawValue)
        }
        for kind in TimelineEventKind.allCases {
            out["event_" + kind.rawValue] = lang == .zh ? kind.chineseName : english(kind.rawValue)
        }
        return out
    }

    /// "in_progress" → "In progress".
    static func english(_ raw: String) -> String {
        let words = raw.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    static let fixed: [String: (String, String)] = [
        "brand": ("街道基层治理", "Street governance"), "signin": ("登录", "Sign in"), "signout": ("退出", "Sign out"),
        "username": ("用户名", "Username"), "password": ("密码", "Password"),
        "locked_notice": (
            "提醒：您的账户于 {time} 因连续输错密码被锁定 15 分钟。如非本人操作，请修改密码。",
            "Note: your account was locked for 15 minutes at {time} after wrong passwords. If that was not you, change your password."
        ),
        "signin_hint": ("工作人员和已注册居民请登录；骑手和居民也可以直接随手拍。", "Staff and registered residents sign in; anyone may report."),
        "nav_centre": ("指挥中心", "Command centre"), "nav_worker": ("网格员", "Grid worker"),
        "nav_department": ("部门", "Department"), "nav_report": ("随手拍", "Report"),
        "session_expired": ("登录已过期，请重新登录。", "Your session expired; please sign in again."),
        "hours_minutes": ("{h} 小时 {m} 分", "{h} h {m} min"), "minutes": ("{m} 分钟", "{m} min"),
        "days_hours": ("{d} 天 {h} 小时", "{d} d {h} h"),
        "left": ("还剩 {d}", "{d} left"), "over": ("已超时 {d}", "{d} overdue"),
        "reason_required": ("请填写原因", "A reason is required"), "note_optional": ("备注（可选）", "Note (optional)"),
        "photo_required": ("请附上照片", "Add a photo"), "done_action": ("已{action}", "{action}: done"),
        "map_label": ("街道网格地图", "Map of the street's grids"), "live_count": ("在办 {n} 件", "{n} open"),
        "queue_empty": ("暂无待办", "Nothing waiting"), "queue_more": ("加载更多", "Show more"), "today": ("今日", "Today"), "days7": ("近 7 天", "7 days"),
        "days30": ("近 30 天", "30 days"), "reports": ("上报", "Reports"), "closed": ("结案", "Closed"),
        "overdue": ("超时", "Overdue"), "composite": ("综合得分", "Composite"), "rates": ("三率", "Rates"),
        "response_rate": ("响应率", "Response"), "resolution_rate": ("解决率", "Resolution"),
        "satisfaction_rate": ("满意率", "Satisfaction"), "daily": ("每日上报与结案", "Reports and closures a day"),
        "queue_triage": ("待派遣", "To dispatch"), "queue_whistle": ("吹哨报到", "Whistles"), "queue_returned": ("被退回", "Returned"),
        "queue_overdue": ("超时督办", "Overdue"), "queue_detected": ("主动发现", "Found by the street"),
        "queue_verify": ("待核实", "To verify"), "queue_check": ("待核查", "To check"),
        "queue_handle": ("待处置", "To handle"), "live_map": ("实时案件", "Live cases"), "indicators": ("指标", "Indicators"),
        "case_not_found": ("找不到这个工单", "Case not found"),
        "case_not_found_hint": ("它不存在，或不在您的辖区内。", "It does not exist, or it is outside what you may see."),
        "back_home": ("返回首页", "Back"), "due_at": ("处置时限 {at}", "Due {at}"),
        "clock_paused": ("延期审批中，计时暂停", "extension pending, clock paused"),
        "address": ("地点", "Place"), "reported_at": ("上报时间", "Reported"), "reporters": ("上报人数", "Reporters"),
        "channel": ("渠道", "Channel"), "channel_web": ("随手拍网页", "Web"), "channel_mini_program": ("小程序", "Mini-program"),
        "channel_patrol": ("网格员巡查", "Patrol"), "channel_hotline": ("热线", "Hotline"), "channel_open311": ("Open311", "Open311"),
        "channel_detection": ("大数据发现", "Detection"), "photo": ("照片", "Photo"), "summoned": ("吹哨部门", "Summoned departments"),
        "reported_in_at": ("{at} 报到", "reported in {at}"), "late": ("（迟到）", "(late)"),
        "report_in_by": ("须于 {at} 前报到", "report in by {at}"),
        "part_done": ("本部门完成", "Our part is done"), "report_in": ("报到", "Report in"), "reported_in": ("已报到", "Reported in"),
        "timeline": ("处置经过", "Timeline"),
        "suggestion": ("按权责清单：{lead} 主责，时限 {limit}", "By the catalogue: {lead} leads, within {limit}"),
        "lead_street": ("街道/社区", "the street or community"),
        "no_suggestion": ("没有分类，请选择派往何处。", "No class: choose where it goes."),
        "unit_hours": ("小时", "hours"), "unit_working_hours": ("工作小时", "working hours"),
        "unit_working_days": ("个工作日", "working days"),
        "approve_extension": ("批准延期", "Approve extension"), "deny_extension": ("不批准延期", "Refuse extension"),
        "extension_note": ("现场情况复杂，申请延期", "More time needed on site"), "ask_extension": ("申请延期（小时）", "Ask for more hours"),
        "rate_it": ("您对处理结果满意吗？", "Are you satisfied with the result?"), "rating_satisfied": ("满意", "Satisfied"),
        "rating_basically_satisfied": ("基本满意", "Basically satisfied"), "rating_dissatisfied": ("不满意", "Dissatisfied"),
        "rated": ("您的评价：{rating}", "Your rating: {rating}"), "no_actions": ("现在没有您可以做的操作。", "Nothing for you to do now."),
        "report_title": ("随手拍", "Report a problem"), "photos": ("照片（可拍照或从相册选）", "Photos (camera or album)"),
        "where": ("在哪里", "Where"), "use_position": ("用我的位置", "Use my position"),
        "tap_map": ("或在地图上点一下", "or tap the map"), "place_tapped": ("地图上选的位置", "Picked on the map"),
        "place_gps": ("手机定位", "Your position"), "no_position": ("无法获取位置，请在地图上点选。", "No position: tap the map."),
        "what": ("是什么问题", "What is it"), "class_picked": ("已选：{name}", "Chosen: {name}"),
        "in_words": ("用几句话说说是什么问题", "Say in a few words what the problem is"),
        "words_example": ("例如：小区门口下水井盖没了", "e.g. the manhole cover at the gate is gone"),
        "perhaps": ("可能是：", "Perhaps:"),
        "no_class": ("未分类", "No class yet"),
        "class_suggested_label": ("建议分类：{name}（待确认）", "Suggested class: {name} (to confirm)"),
        "confirm_class": ("确认分类", "Confirm the class"), "change_class": ("改分类", "Change the class"),
        "set_class": ("选择分类", "Choose the class"), "save_class": ("保存分类", "Save the class"),
        "class_saved": ("分类已保存", "Class saved"),
        "class_suggested": ("已按您的描述预选：{name}（不对可以改）", "Chosen from your words: {name} (change it if wrong)"),
        "browse_classes": ("按类别挑选", "Pick from the list of classes"), "description": ("详细描述", "Describe it"),
        "phone": ("手机号（可选，便于回访）", "Phone (optional, for follow-up)"), "submit": ("提交", "Send"),
        "need_place": ("请先选择位置", "Choose the place first"), "need_class": ("请选择分类或用文字说明", "Choose a class or say what it is"),
        "send_failed": ("发送失败，请稍后重试；重试不会重复上报。", "Sending failed; retry later — a retry never reports twice."),
        "reported_ok": ("上报成功", "Reported"), "my_reports": ("我的上报", "My reports"), "no_reports": ("还没有上报过", "No reports yet"),
        "work_title": ("我的待办", "My work"),
        "notices_title": ("新通知", "New notices"), "notices_read": ("全部标为已读", "Mark all read"),
        "anonymous_hint": ("未登录也可以上报；登录后可评价和查看处置经过。", "You may report without signing in; sign in to follow and rate."),
        "loading": ("加载中…", "Loading…"), "kind_component": ("部件", "component"), "kind_event": ("事件", "event"),
        // patrols (一日两巡)
        "nav_patrol": ("巡查", "Patrol"), "patrol_title": ("网格巡查", "Grid patrol"),
        "patrol_distance": ("里程", "distance"), "patrol_time": ("用时", "time"), "patrol_coverage": ("楼栋覆盖", "coverage"),
        "patrol_start": ("开始巡查", "Start patrol"), "patrol_report": ("发现问题，随手拍上报", "Found a problem? Report it"),
        "patrol_end": ("结束巡查", "End patrol"),
        "patrol_running": ("巡查中，{time} 开始", "On patrol since {time}"),
        "patrol_last": ("上次巡查：{state}", "Last patrol: {state}"), "patrol_none": ("今天还没有巡查", "No patrol yet today"),
        "patrol_counted": ("已达标", "counted"),
        "patrol_not_counted": ("未达标（时长或覆盖不足）", "not counted (too short or too little covered)"),
        "patrol_left": ("还有 {n}/{total} 处未经过", "{n} of {total} not passed yet"),
        "patrol_places": ("楼栋与巡查点", "Buildings and key places"), "patrol_check_in": ("打卡", "Check in"),
        "patrol_checked_in": ("已在 {name} 打卡", "Checked in at {name}"),
        "patrol_sending": ("正在上传 {n} 个定位点…", "Sending {n} fixes…"),
        "patrol_offline": (
            "网络已断开：{n} 个定位点已保存在手机上，恢复后自动上传", "Offline: {n} fixes kept on the phone, sent when the network returns"
        ),
        "patrol_synced": ("轨迹已全部上传", "Track fully sent"),
        "patrol_no_gps": ("无法获取定位，请允许本页面使用位置", "No position: allow this page to use your location"),
        "patrol_gps_error": ("定位失败：{reason}", "Location failed: {reason}"),
        "patrol_missed": ("漏巡与补签", "Missed patrols and make-ups"), "patrol_no_missed": ("没有漏巡", "Nothing missed"),
        "patrol_window": ("第{n}巡", "round {n}"), "patrol_makeup": ("申请补签", "Ask for a make-up"),
        "patrol_makeup_reason": ("补签理由", "Reason for the make-up"), "patrol_makeup_sent": ("补签申请已提交", "Make-up requested"),
        "makeup_missed": ("漏巡", "missed"), "makeup_requested": ("补签待审批", "make-up pending"),
        "makeup_approved": ("补签已同意", "make-up approved"), "makeup_refused": ("补签未同意", "make-up refused"),
        "patrol_devices": ("我的巡查设备", "My tracking devices"),
        "patrol_devices_hint": (
            "在 Traccar Client 等定位应用中填写设备号，服务器地址为本站 /osmand。",
            "Set the device id in Traccar Client or any OsmAnd app; the server is this site's /osmand."
        ),
        "patrol_no_devices": ("尚未登记设备", "No device registered"), "patrol_seen": ("最近上报 {time}", "last seen {time}"),
        "patrol_never_seen": ("尚未上报", "never seen"),
        "codes_title": ("巡查打卡码", "Patrol check-in codes"), "codes_grid": ("网格", "Grid"), "codes_print": ("打印", "Print"),
        "codes_hint": (
            "打印后张贴在各楼栋门口与巡查点；网格员巡查时扫码即可打卡。",
            "Print and post at each entrance and key place; a worker on patrol scans to check in."
        ),
        "codes_scan": ("巡查时扫码打卡", "Scan on patrol to check in"),
        "patrol_codes_link": ("打印本网格打卡码", "Print this grid's check-in codes"),
        "patrols_title": ("网格巡查", "Patrols"), "on_patrol": ("{n} 人正在巡查", "{n} on patrol"),
        "nobody_on_patrol": ("当前无人巡查", "Nobody on patrol now"), "replay": ("回放", "Replay"),
        "replay_time": ("回放时间", "Replay time"),
        "replay_info": (
            "{worker} · {time} · {distance} km · 覆盖 {coverage} · 定位点 {kept}/{raw} · 打卡 {checkins} · 上报 {reports}",
            "{worker} · {time} · {distance} km · coverage {coverage} · fixes {kept}/{raw} · check-ins {checkins} · reports {reports}"
        ),
        "check_in": ("打卡", "Check-in"), "no_patrols": ("没有巡查记录", "No patrols"),
        "assessment_title": ("本月巡查考核（从低到高）", "This month's patrol assessment, worst first"),
        "download_csv": ("下载 CSV", "Download CSV"),
        "col_worker": ("网格员", "Worker"), "col_rate": ("两巡率", "Rate"), "col_counted_due": ("达标/应巡", "Counted/due"),
        "col_missed": ("漏巡", "Missed"), "col_make_ups": ("补签", "Make-ups"), "col_avg_minutes": ("平均分钟", "Avg min"),
        "col_distance": ("里程km", "km"), "col_coverage": ("覆盖率", "Coverage"), "col_reports_found": ("发现上报", "Reports"),
        // the registry (人口信息), visits (走访) and the canteen (助餐送餐)
        "nav_registry": ("人口", "Residents"), "registry_title": ("人口信息", "Residents"),
        "registry_mine": ("我的楼栋", "My building"), "registry_search": ("查询", "Search"), "registry_due": ("待走访", "Visits due"),
        "registry_name": ("姓名（开头几个字）", "Name (first characters)"), "registry_tag": ("重点人群", "Group"),
        "registry_all_groups": ("全部人群", "All groups"), "registry_find": ("查找", "Find"), "registry_none": ("没有找到", "Nobody found"),
        "registry_no_post": ("尚未指定您负责的楼栋或单元，请联系社区。", "No building or unit is assigned to you yet; ask your community."),
        "registry_households": ("{n} 户", "{n} households"),
        "registry_privacy": (
            "身份证号与手机号加密保存、默认脱敏显示；每次查看都会记录。",
            "ID numbers and phones are encrypted at rest and shown masked; every read is recorded."
        ),
        "kind_registered": ("户籍", "registered"), "kind_floating": ("流动", "floating"), "party_member": ("党员户", "party member"),
        "gender_male": ("男", "male"), "gender_female": ("女", "female"), "age": ("{n}岁", "{n} y"),
        "id_number": ("身份证", "ID"), "phone_short": ("电话", "Phone"), "phone_new": ("输入新号码以更换", "type a new number to change it"),
        "relation": ("与户主关系", "Relation"), "name": ("姓名", "Name"), "focus_reason": ("关注原因", "Why watched"),
        "change_reason": ("变更原因", "Why the change"), "change_reason_hint": ("如：入户核实", "e.g. checked at the door"),
        "add_person": ("添加家庭成员", "Add a member"), "relation_hint": ("如：子、女、配偶", "e.g. son, daughter, spouse"),
        "edit": ("修改", "Edit"), "save": ("保存", "Save"), "saved": ("已保存", "Saved"), "back": ("返回", "Back"),
        "reveal_id": ("查看完整证件号", "Show full ID"), "reveal_reason": ("请填写查看原因（将记录在案）", "Why do you need it? (recorded)"),
        "tag_living_alone": ("独居老人", "Living alone"), "tag_empty_nest": ("空巢老人", "Empty nest"), "tag_aged_80": ("高龄", "80+"),
        "tag_disabled": ("残疾人", "Disabled"), "tag_low_income": ("低保户", "Low income"), "tag_entitled": ("优抚对象", "Entitled"),
        "tag_left_behind_child": ("留守儿童", "Left-behind child"), "tag_focus": ("重点关注", "Watched"),
        "visit_due": ("应走访 {when}", "visit due {when}"), "visit_none_due": ("近期没有待走访的居民", "No visits due soon"),
        "visit_record": ("走访", "Visit"), "visit_condition": ("情况", "Condition"), "visit_notes": ("走访记录", "Notes"),
        "visit_needs": ("需求（可选）", "Needs (optional)"), "visit_save": ("保存走访", "Save visit"),
        "visit_saved": ("走访已记录", "Visit recorded"),
        "visit_to_case": ("需求转为事件", "Turn the need into a case"), "visit_case_filed": ("已立案：{number}", "Case filed: {number}"),
        "condition_good": ("良好", "good"), "condition_fair": ("一般", "fair"), "condition_poor": ("较差", "poor"),
        "condition_urgent": ("紧急", "urgent"),
        "tomorrow": ("明天", "Tomorrow"),
        "nav_canteen": ("助餐", "Canteen"), "canteen_title": ("长者食堂", "Elderly canteen"), "canteen_deliver": ("送餐", "Deliveries"),
        "canteen_order": ("点餐", "Order"), "canteen_counts": ("统计", "Counts"), "canteen_day": ("日期", "Day"),
        "canteen_route": (
            "共 {n} 份，待送 {left} 份 · 步行约 {metres} 米（按顺序送）", "{n} meals, {left} to go · about {metres} m on foot, in order"
        ),
        "canteen_no_deliveries": ("今天没有送餐", "No deliveries today"), "canteen_by": ("{when} 前送达", "by {when}"),
        "canteen_confirm_resident": ("老人确认收到", "Resident confirmed"), "canteen_confirm_photo": ("拍照确认", "Confirm with a photo"),
        "canteen_confirmed": ("已确认送达", "Delivery confirmed"), "canteen_delivered_at": ("{when} 送达", "delivered {when}"),
        "canteen_not_linked": ("您的账号尚未关联居民信息，请联系社区。", "Your account is not linked to a resident record; ask your community."),
        "canteen_delivery": ("送餐上门", "Deliver"), "canteen_order_button": ("订午餐", "Order lunch"),
        "canteen_ordered": ("已订餐：自付 {price} 元，补贴 {subsidy} 元", "Ordered: pays {price} yuan, subsidy {subsidy} yuan"),
        "canteen_no_orders": ("今天还没有订餐", "No orders today"),
        "canteen_c_ordered": ("订餐", "Ordered"), "canteen_c_eat_in": ("堂食", "Eat in"), "canteen_c_delivery": ("送餐", "Delivery"),
        "canteen_c_delivered": ("已送达", "Delivered"), "canteen_c_missed": ("未确认", "Missed"),
        "canteen_c_paid": ("自付（元）", "Paid (yuan)"),
        "canteen_c_subsidy": ("补贴（元）", "Subsidy (yuan)"),
        "meal_lunch": ("午餐", "lunch"), "meal_dinner": ("晚餐", "dinner"), "meal_ordered": ("待送", "to deliver"),
        "care_layer": ("人口关爱：重点人群与逾期走访", "Care: special groups and overdue visits"),
        "care_counts": ("关爱{special} 逾期{overdue}", "care {special} · late {overdue}"),
        "care_title": (
            "居民 {residents} 人，重点人群 {special} 人次，逾期走访 {overdue} 人",
            "{residents} residents, {special} in special groups, {overdue} visits overdue"
        ),
        // points (积分), the shop (积分超市), the counter (核销), activities (志愿活动)
        "nav_points": ("积分", "Points"), "points_title": ("积分", "Points"), "points_unit": ("积分", "points"),
        "points_tab_mine": ("我的积分", "My points"), "points_tab_shop": ("积分超市", "Shop"),
        "points_tab_redemptions": ("我的兑换", "My redemptions"), "points_tab_activities": ("志愿活动", "Volunteering"),
        "points_tab_counter": ("核销", "Counter"), "points_tab_items-admin": ("商品", "Items"), "points_tab_month": ("月报", "Month"),
        "points_held": ("（另有 {n} 分冻结待领取）", "(and {n} on hold until collected)"),
        "points_held_short": ("冻结 {n}", "held {n}"),
        "points_today": ("今日已得 {n} 分，每日上限 {cap} 分", "Earned today: {n} of at most {cap}"),
        "points_lines": ("积分明细", "Statement"), "points_none": ("还没有积分记录", "No points yet"),
        "points_price": ("{n} 分", "{n} pts"), "item_left": ("剩 {n} 件", "{n} left"), "item_limit_n": ("每月限 {n} 件", "{n} a month"),
        "shop_empty": ("暂无可兑换的商品", "Nothing on the shelf"), "redeem": ("兑换", "Redeem"),
        "redeem_confirm": ("确认用 {n} 分兑换", "Confirm: {n} points"),
        "redeemed": ("兑换成功，请凭取货码领取", "Redeemed: collect it with the pickup code"),
        "pickup_code": ("取货码", "Pickup code"), "pickup_show": ("出示取货码", "Show code"),
        "pickup_until": ("请在 {when} 前领取，逾期积分自动退回", "Collect by {when}; after that the points return"),
        "close": ("关闭", "Close"), "redemptions_none": ("还没有兑换", "No redemptions"),
        "redemption_held": ("待领取", "to collect"), "redemption_fulfilled": ("已领取", "collected"),
        "redemption_expired": ("已过期", "expired"), "redemption_cancelled": ("已取消", "cancelled"),
        "redemption_cancel": ("取消兑换", "Cancel"),
        "activities_none": ("近期没有志愿活动", "No activities coming up"),
        "activity_signed": ("已报名 {n}/{cap}", "{n}/{cap} signed up"), "activity_join": ("报名", "Sign up"),
        "activity_mine": ("已报名", "Signed up"), "activity_came": ("已签到", "Checked in"), "activity_checkin": ("签到", "Check in"),
        "activity_name": ("活动名称", "Title"), "activity_place": ("地点", "Place"), "activity_starts": ("开始时间", "Starts"),
        "activity_hours": ("时长（小时）", "Hours"), "activity_points": ("每人积分", "Points each"),
        "activity_capacity": ("人数上限", "Capacity"), "activity_create": ("发布活动", "Publish"),
        "counter_code": ("输入取货码", "Type the pickup code"), "counter_find": ("查询", "Look up"), "counter_scan": ("扫码", "Scan"),
        "counter_fulfil": ("确认发放（核销）", "Hand out (fulfil)"), "counter_done": ("已核销", "Handed out"),
        "counter_waiting": ("待领取", "Waiting to be collected"), "counter_none": ("没有待领取的兑换", "Nothing waiting"),
        "item_name": ("商品名称", "Item"), "item_price": ("所需积分", "Points"), "item_stock": ("库存", "Stock"),
        "item_limit": ("每人每月限兑（可空）", "Per person a month (optional)"), "item_pickup": ("领取地点", "Collected at"),
        "pickup_shop": ("积分超市", "Points shop"), "pickup_canteen": ("长者食堂", "Canteen"), "item_photo": ("图片", "Picture"),
        "item_add": ("上架", "Add"), "item_added": ("已上架", "Added"), "item_off": ("未上架", "off sale"),
        "month_earned": ("发放", "Issued"), "month_redeemed": ("兑换", "Redeemed"), "month_fulfilled": ("已核销", "Collected"),
        "month_expired": ("过期退回", "Expired"), "month_held": ("冻结中", "On hold"), "month_budget": ("预算余额", "Budget left"),
        "month_top": ("积分榜", "Top earners"), "month_pick": ("月份", "Month"),
        "month_unbalanced": ("账目不平，请联系管理员", "The books do not balance; call the administrator"),
        "adjust_title": ("积分调整 / 补充预算", "Correct points / fund the budget"),
        "adjust_holder": ("账户（account:编号 或 budget）", "Holder (account:<id> or budget)"),
        "adjust_amount": ("分值（负数为扣减）", "Points (negative takes back)"), "adjust_reason": ("原因", "Reason"),
        "adjust_do": ("提交", "Submit"), "adjust_done": ("已调整", "Done"),
        "claim_title": ("认领积分", "Claim your points"),
        "claim_hint": (
            "您匿名上报获得的积分记在这部手机上。用手机号注册即可转入账户，在积分超市兑换。",
            "Points from your anonymous reports are kept on this phone. Sign up with your number to move them to an account and use the shop."
        ),
        "claim_send": ("获取验证码", "Get a code"), "claim_code": ("6 位验证码", "6-digit code"),
        "claim_name": ("称呼（可空）", "Your name (optional)"), "claim_password": ("设置密码（至少 8 位）", "Choose a password (8+)"),
        "claim_finish": ("注册并转入积分", "Sign up and move my points"),
        "claim_demo_code": (
            "演示环境没有短信网关，验证码是：{code}", "This demo has no SMS gateway; your code is {code}"
        ),
        "claim_done": ("已转入 {n} 积分，请用 {user} 登录", "{n} points moved; sign in as {user}"),
        "points_mine_link": ("我的积分 · 兑换好礼", "My points · the shop"),
        // deliberation (四步议事): the board, a topic, the phone vote, printable minutes, public resolutions
        "nav_topics": ("议事", "Deliberation"), "topics_title": ("社区议事", "Community deliberation"),
        "topics_intro": (
            "四步议事：党组织提议 → 两委商议 → 党员和居民代表审议 → 公开决议，决议事项转为工单办到底。",
            "Four steps: the party organisation proposes, the two committees discuss, representatives vote, the resolution is posted; its measures become cases followed to the end."
        ),
        "all": ("全部", "All"), "topics_filter_state": ("进度", "Step"), "topics_filter_community": ("社区", "Community"),
        "topics_none": ("暂无议题", "No topics"), "topic_page_title": ("议题", "Topic"),
        "topic_state_raised": ("已提出", "Raised"), "topic_state_proposed": ("党组织提议", "Proposed"),
        "topic_state_discussed": ("两委商议", "Discussed"), "topic_state_reviewed": ("代表审议", "Reviewed"),
        "topic_state_published": ("决议公示", "Posted"), "topic_state_in_effect": ("实施中", "In effect"),
        "topic_state_done": ("已办结", "Done"), "topic_state_withdrawn": ("已撤回", "Withdrawn"),
        "topic_source_resident": ("居民说事", "Raised by a resident"),
        "topic_source_grid_worker": ("网格员提出", "Raised by a grid worker"),
        "topic_source_committee": ("委员会提出", "Raised by a committee"), "topic_source_cases": ("由案件形成", "From cases"),
        "topic_action_propose": ("提议", "Propose"), "topic_action_discuss": ("商议", "Discuss"),
        "topic_action_review": ("审议通过", "Reviewed"), "topic_action_publish": ("公开决议", "Publish the resolution"),
        "topic_action_enact": ("公示期满，实施", "Put into effect"), "topic_action_complete": ("办结", "Done"),
        "topic_action_return": ("退回上一步", "Send back a step"), "topic_action_withdraw": ("撤回", "Withdraw"),
        "topic_event_raised": ("提出议题", "Raised"), "topic_event_meeting_called": ("召开审议会", "Review meeting called"),
        "topic_event_vote_closed": ("表决结束", "Vote closed"), "topic_event_objected": ("居民提出异议", "Objection"),
        "topic_raise": ("我要说事", "Raise a matter"), "topic_title_ph": ("议题（如：3号楼屋顶漏雨）", "Topic (e.g. roof leaks in building 3)"),
        "topic_desc_ph": ("说说情况和您的建议", "What is happening, and what you suggest"), "topic_raise_do": ("提交议题", "Submit"),
        "topics_suggestions": ("反复出现的问题", "Problems that keep coming back"),
        "topics_suggestions_hint": (
            "同一楼栋 90 天内同类问题 3 次以上，建议交居民议事。",
            "Three reports of one kind at one building within 90 days: a matter for the residents."
        ),
        "suggestion_line": ("{building}：同类问题 {n} 次（{code}）", "{building}: {n} reports ({code})"),
        "suggestion_title": ("{building}反复出现的问题", "Recurring problem at {building}"),
        "suggestion_desc": (
            "{building}在 90 天内 {n} 次上报同类问题，提请居民议事。", "{n} reports at {building} within 90 days; for the residents to decide."
        ),
        "suggestion_raise": ("提交议事", "Raise as a topic"),
        "topic_cases": ("关联案件", "Linked cases"), "topic_minutes": ("两委商议纪要", "The committees' minutes"),
        "topic_meetings": ("审议会", "Review meetings"), "topic_resolution": ("决议", "Resolution"),
        "case_to_topic": ("交居民议事", "For the residents to decide"), "for_residents": ("（居民议事）", " (for the residents)"),
        "bodies_title": ("委员会与议事代表", "Committees and representatives"), "representatives": ("议事代表", "Representatives"),
        "rep_name": ("姓名", "Name"), "rep_kind": ("类别", "Kind"),
        "rep_account": ("手机表决账号（可空）", "Account to vote on a phone (optional)"),
        "rep_add": ("添加代表", "Add"), "rep_has_phone": ("手机表决", "votes on a phone"), "rep_on_paper": ("纸质表决", "votes on paper"),
        "members_n": ("{n} 名成员", "{n} members"), "post_chair": ("主任", "chair"), "post_member": ("委员", "member"),
        "member_name": ("成员姓名", "Member's name"), "member_post": ("职务", "Post"), "member_add": ("添加成员", "Add member"),
        "remove": ("移除", "Remove"), "topics_report": ("年度议事统计", "The year's deliberations"), "year": ("年份", "Year"),
        "report_topics": ("议题", "Topics"), "report_done": ("办结", "Done"), "report_days": ("平均办结天数", "Mean days to done"),
        "report_on_time": ("措施按期完成率", "Measures on time"),
        "topic_next": ("下一步", "Next step"), "topic_other_moves": ("退回或撤回", "Send back or withdraw"),
        "committee": ("委员会", "Committee"),
        "notice_until": ("公示至 {when}", "Posted until {when}"),
        "measure_waiting": ("待实施", "to do"), "measure_owner": ("责任：{owner}，期限 {due}", "by {owner}, due {due}"),
        "measure_done": ("已完成", "done"), "measure_open": ("进行中", "in hand"), "on_time": ("按期完成", "on time"),
        "measure_late": ("逾期", "late"),
        "measure_title": ("措施（如：维修屋顶）", "Measure (e.g. repair the roof)"), "measure_owner_ph": ("责任单位", "Who"),
        "measure_due": ("完成期限", "Due"), "measure_add": ("再加一项措施", "Add a measure"),
        "resolution_ph": ("决议内容", "The resolution"),
        "move_reason_discuss": ("两委商议纪要：意见和备选方案", "Minutes: views and options"),
        "move_reason_return": ("退回原因", "Why it goes back"), "move_reason_withdraw": ("撤回原因", "Why it is withdrawn"),
        "move_reason_enact": ("对异议的答复（有异议时必填）", "Answer to objections (needed if any)"),
        "meeting_call": ("召开审议会", "Call the review meeting"), "meeting_when": ("时间", "When"), "meeting_where": ("地点", "Where"),
        "meeting_place_default": ("社区议事厅", "Community hall"),
        "vote_title": ("代表表决", "Your vote"), "vote_checkin": ("到会签到", "Check in"),
        "vote_agree": ("同意", "Agree"), "vote_disagree": ("不同意", "Disagree"), "vote_abstain": ("弃权", "Abstain"),
        "vote_none": ("未表决", "no vote"),
        "vote_mine": ("您已表决：{choice}（表决结束前可更改）", "You voted: {choice} (you may change it until the vote closes)"),
        "vote_open": ("表决中", "voting"), "vote_passed": ("通过", "passed"), "vote_failed": ("未通过", "not passed"),
        "vote_close": ("结束表决", "Close the vote"),
        "tally": (
            "应到 {invited} 人，实到 {present} 人；同意 {agree}，不同意 {disagree}，弃权 {abstain}",
            "{invited} invited, {present} present; {agree} agree, {disagree} disagree, {abstain} abstain"
        ),
        "tally_live": ("应到 {invited} 人，已到 {present} 人，已表决 {voted} 人", "{invited} invited, {present} here, {voted} voted"),
        "rules_line": ("到会 ≥ {q}，同意 > {m} 通过", "quorum {q}, passes with more than {m}"),
        "rep_party_member": ("党员代表", "party member"), "rep_resident": ("居民代表", "residents' rep."),
        "present": ("已到", "present"), "absent": ("未到", "absent"), "mark_present": ("登记到会", "Mark present"),
        "paper_vote": ("纸质表决", "paper vote"),
        "objection_title": ("对决议有异议？", "Object to the resolution?"), "objection_ph": ("异议理由", "Your reason"),
        "objection_do": ("提交异议", "Object"), "objections": ("异议", "Objections"),
        "objection_open": ("待答复", "open"), "objection_upheld": ("已采纳并退回", "upheld"), "objection_answered": ("已答复", "answered"),
        "minutes_title": ("会议纪要", "Minutes"), "minutes_print": ("打印会议纪要", "Print the minutes"),
        "minutes_heading": ("{community}议事会议纪要：{title}", "{community} — minutes: {title}"),
        "minutes_matter": ("议题", "The matter"), "minutes_state": ("当前进度", "Step"), "minutes_raised": ("提出时间", "Raised"),
        "minutes_source": ("来源", "Source"), "minutes_meeting": ("审议会 {when} · {place}", "Review meeting {when} · {place}"),
        "minutes_signatures": ("记录人：__________　　主持人：__________", "Recorded by: __________    Chaired by: __________"),
        "resolutions_title": ("公开决议", "Resolutions"),
        "resolutions_intro": (
            "各社区议事决议公示：表决结果和落实进度，不含个人信息。",
            "What each community resolved: the vote and the progress of its measures; no personal data."
        ),
        "resolutions_none": ("暂无公开的决议", "No resolutions posted"), "resolutions_link": ("查看公开决议 →", "Posted resolutions →"),
        // 部门考核: the month's evaluation of the departments
        "nav_evaluation": ("考核", "Evaluation"), "evaluation_title": ("部门考核", "Department evaluation"),
        "evaluation_heading": ("{month} 驻街部门及综合执法队考核表", "Evaluation of the stationed departments, {month}"),
        "evaluation_weights": (
            "综合得分 = 100 ×（响应率 15% + 按期办结率 30% + 不返工率 10% + 满意率 25% + 吹哨按时报到率 10% + 部门评分 10%）",
            "Composite = 100 × (response 15% + closed on time 30% + not reworked 10% + satisfaction 25% + reported in on time 10% + part score 10%)"
        ),
        "evaluation_print": ("打印考核表", "Print"),
        "evaluation_signature": (
            "街道负责人（签字）：__________　　日期：__________", "Street head (signature): __________    Date: __________"
        ),
        "ev_rank": ("名次", "Rank"), "ev_department": ("部门", "Department"), "ev_received": ("受理", "Received"),
        "ev_response": ("响应率", "Response"), "ev_on_time": ("按期办结率", "Closed on time"), "ev_rework": ("返工率", "Rework"),
        "ev_satisfaction": ("满意率", "Satisfaction"), "ev_whistles": ("吹哨", "Whistles"),
        "ev_report_in": ("按时报到率", "Reported in on time"),
        "ev_part_score": ("评分", "Part score"), "ev_composite": ("综合得分", "Composite"), "ev_trend": ("较上月", "vs last month"),
        "hotspot_layer": ("热点与反复出现的问题（近30天）", "Hotspots and recurring problems (30 days)"),
        "hotspot_title": ("热点：{n} 件（Gi* {z}）", "Hotspot: {n} reports (Gi* {z})"),
        "recurring_title": ("反复出现：{code} {n} 次，{days} 天", "Recurring: {code} {n} times on {days} days"),
        "recurring_hour": ("常在 {from}–{to} 时", "usually {from}:00–{to}:00"),
        "hotspots_none": ("近30天没有热点", "No hotspots in 30 days"),
        "meal_delivered": ("已送达", "delivered"), "meal_missed": ("超时未确认", "missed"), "meal_cancelled": ("已取消", "cancelled"),
    ]
}
