import Foundation
import GridHubCore
import GridHubStore
import Logging
import SQLKit

/// Seeds the street's deliberations through the product's own paths: the seed's 32 of 2022 (roof leaks,
/// blocked drains, neighbour disputes, parking, a courtyard garden …), replayed over the demo's last
/// eleven months so that every state is current — 15 done (a mediation that orders no work is done when
/// it takes effect), 4 being carried out, 3 posted (one objected to and sent back first), 2 reviewed,
/// 3 discussed (one with its meeting open, one whose vote failed), 2 proposed, 2 raised, 1 withdrawn.
/// Measures become cases through the desk and run the workflow.
struct DemoDeliberation {
    let database: any Database
    let photos: PhotoStore
    let today: Date

    struct Template {
        var title: String
        var description: String
        var committee: CommitteeKind
        var resolution: String
        var measures: [(title: String, owner: String, classCode: String?)]
    }

    static let templates: [Template] = [
        Template(
            title: "屋顶漏雨维修", description: "顶层住户反映雨天屋顶漏水，墙面发霉", committee: .environment,
            resolution: "同意使用住宅专项维修资金维修屋顶防水层，由物业公司组织施工", measures: [("维修屋顶防水层", "物业公司", "E0603")]),
        Template(
            title: "下水管道反复堵塞", description: "一楼住户下水反复返水，多次疏通无效", committee: .environment,
            resolution: "同意更换单元下水主管，费用由维修资金列支", measures: [("疏通并更换下水主管", "物业公司", "E0604")]),
        Template(
            title: "邻里噪音纠纷调解", description: "楼上夜间装修噪音影响休息，双方多次争执", committee: .mediation,
            resolution: "双方同意装修时间为工作日8:00-12:00、14:00-18:00，由调解委员会监督", measures: []),
        Template(
            title: "楼道堆物清理", description: "楼道堆放杂物影响消防通道", committee: .security,
            resolution: "限期清理楼道堆物，逾期由网格员组织清理", measures: [("清理楼道堆物", "网格员", "E0110")]),
        Template(
            title: "增设电动车充电桩", description: "居民在楼道给电动车充电，存在火灾隐患", committee: .security,
            resolution: "同意在小区东侧增设电动车集中充电桩", measures: [("安装电动车集中充电桩", "社区居委会", nil)]),
        Template(
            title: "小区停车位规划", description: "晚上车位不足，车辆乱停堵塞消防通道", committee: .environment,
            resolution: "同意在东侧空地施划停车位，实行先到先停", measures: [("施划停车位", "物业公司", nil)]),
        Template(
            title: "建设共享小菜园", description: "闲置空地长期堆放垃圾，居民建议改造成小菜园", committee: .environment,
            resolution: "同意将闲置空地改造为共享小菜园，由居民志愿者认领管理", measures: [("清理闲置空地", "网格员", "E0110"), ("建设共享小菜园", "社区居委会", nil)]),
        Template(
            title: "文明养犬公约", description: "小区内遛狗不牵绳、犬只粪便无人清理", committee: .health,
            resolution: "制定文明养犬公约，张贴公示并入户宣传", measures: [("张贴文明养犬公约", "网格员", nil)]),
        Template(
            title: "楼道声控灯损坏", description: "多个单元楼道灯不亮，老人夜间上下楼不便", committee: .environment,
            resolution: "同意更换全部单元楼道声控灯", measures: [("更换楼道声控灯", "物业公司", nil)]),
        Template(
            title: "老年助餐点选址", description: "独居老人吃饭难，希望就近设立助餐点", committee: .welfare,
            resolution: "同意在社区活动室设立老年助餐点", measures: [("开设老年助餐点", "社区居委会", nil)]),
        Template(
            title: "垃圾分类投放点调整", description: "投放点紧邻住户窗户，夏季异味大", committee: .health,
            resolution: "同意将投放点迁移至北侧空地", measures: [("迁移垃圾分类投放点", "物业公司", "E0101")]),
        Template(
            title: "外墙保温层脱落", description: "外墙保温层大面积脱落，存在高空坠物隐患", committee: .security,
            resolution: "同意拉设警戒线并申请老旧小区改造资金修复外墙", measures: [("拉设警戒线", "网格员", nil), ("修复外墙保温层", "物业公司", nil)]),
    ]

    struct Building {
        var id: Int64
        var gridID: Int64
    }

    func seed(logger: Logger) async throws {
        let directory = try await GridDirectory.load(OrgStore(database: database))
        let principal = AccountStore(database: database).demoPrincipal
        let topics = TopicStore(database: database, directory: directory)
        let committees = CommitteeStore(database: database, directory: directory)
        let desk = ReportDesk(database: database, directory: directory, photos: photos)
        let work = CaseWork(database: database)
        let photo = try photos.save(DemoPhoto.bytes)
        let centre = try await principal("zhihui")
        let communities = directory.current.communities.keys.sorted()
        let buildings = try await database.read { sql in
            try await sql.select().columns("id", "grid_id").from("buildings").orderBy("id").all().map {
                Building(
                    id: try $0.decode(column: "id", as: Int64.self), gridID: try $0.decode(column: "grid_id", as: Int64.self))
            }
        }
        var workers: [Int64: Principal] = [:]  // by grid
        for g in 1...directory.current.grids.count {
            let worker = try await principal(String(format: "wgy%02d", g))
            for grid in worker.gridIDs { workers[grid] = worker }
        }
        var staffOf: [Int64: Principal] = [:]
        for c in communities.indices {
            let staff = try await principal(String(format: "sq%02d", c + 1))
            if let community = staff.communityID { staffOf[community] = staff }
        }
        var residents: [Principal] = []
        for n in 1...30 { residents.append(try await principal(String(format: "jumin%02d", n))) }
        var voters: [Int64: Principal] = Dictionary(residents.map { ($0.accountID, $0) }) { a, _ in a }

        // Each community's representatives: its building heads with their phones, residents, two without phones.
        var seats: [Int64: [CommitteeStore.Representative]] = [:]
        let start = today.addingTimeInterval(-340 * 86_400)
        for community in communities {
            guard let staff = staffOf[community] else { continue }
            let heads = try await database.read { sql in
                try await sql.select().columns("username", "display_name").from("accounts")
                    .where("role", .equal, Role.buildingHead.rawValue).where("community_id", .equal, community).orderBy("id")
                    .limit(8).all().map {
                        (
                            try $0.decode(column: "username", as: String.self),
                            try $0.decode(column: "display_name", as: String.self)
                        )
                    }
            }
            var seated: [CommitteeStore.Representative] = []
            for (username, name) in heads {
                let head = try await principal(username)
                voters[head.accountID] = head
                seated.append(
                    try await committees.addRepresentative(
                        communityID: community, kind: .resident, name: name, accountID: head.accountID, by: staff, now: start))
            }
            for resident in residents where resident.communityID == community {
                seated.append(
                    try await committees.addRepresentative(
                        communityID: community, kind: .partyMember, name: resident.username, accountID: resident.accountID,
                        by: staff,
                        now: start))
            }
            for name in ["王秀兰", "刘建国"] {
                seated.append(
                    try await committees.addRepresentative(
                        communityID: community, kind: .partyMember, name: name, accountID: nil, by: staff, now: start))
            }
            seats[community] = seated
            _ = try await committees.committees(communityID: community, by: staff)
        }

        func day(_ d: Double) -> Date { today.addingTimeInterval(-d * 86_400) }
        for i in 0..<32 {
            let template = Self.templates[i % Self.templates.count]
            let community = communities[i % communities.count]
            guard let staff = staffOf[community], let representatives = seats[community] else { continue }
            let local = buildings.filter { directory.current.grids[$0.gridID]?.communityID == community }
            let building = local[(i * 7) % max(local.count, 1)]
            // When it was raised: the done ones first, the newest last.
            let raisedDaysAgo: Double =
                switch i {
                case 0..<14: 330 - Double(i) * 14
                case 14..<19: 120 - Double(i - 14) * 12
                case 19: 22
                case 20..<22: 15
                case 22..<24: 30
                case 24..<27: 20
                case 27..<29: 10
                case 29..<31: 3
                default: 60
                }
            var t = raisedDaysAgo
            let raiser = i % 3 == 0 ? staff : (i % 3 == 1 ? (workers[building.gridID] ?? staff) : residents[i % residents.count])
            let raised = try await topics.raise(
                TopicInput(title: template.title, description: template.description, buildingID: building.id),
                communityID: community, by: raiser, now: day(t))
            let id = raised.id
            func step(_ move: TopicStore.Move, after days: Double) async throws {
                t -= days
                _ = try await topics.act(id, move, by: staff, now: day(t))
            }
            if i == 31 {
                _ = try await topics.act(id, .init(action: .withdraw, reason: "问题已由物业自行解决"), by: staff, now: day(t - 10))
                continue
            }
            if i >= 29 {
                continue
            }
            let committee = try await committees.committees(communityID: community, by: staff).first {
                $0.kind == template.committee
            }
            try await step(.init(action: .propose, committeeID: committee?.id), after: 2)
            if i >= 27 {
                continue
            }
            try await step(.init(action: .discuss, reason: "两委会商议：\(template.resolution)；另议方案：暂缓实施，继续观察。"), after: 3)
            // The review meeting: most representatives come; most agree.
            t -= 4
            _ = try await topics.callMeeting(id, startsAt: day(t), place: "社区议事厅", by: staff, now: day(t + 3))
            let meeting = try await topics.openMeeting(of: id, by: staff)
            let comes = i == 25 ? representatives.count / 2 : representatives.count - (i % 3)  // #25 falls short of a quorum
            for (n, seat) in representatives.prefix(i == 24 ? comes / 2 : comes).enumerated() {
                let choice: VoteChoice = n % 7 == 3 ? .disagree : (n % 11 == 5 ? .abstain : .agree)
                if let account = seat.accountID, let voter = voters[account] {
                    _ = try await topics.checkIn(meeting, representative: nil, by: voter, now: day(t))
                    _ = try await topics.vote(meeting, choice, representative: nil, by: voter, now: day(t))
                } else {
                    _ = try await topics.vote(meeting, choice, representative: seat.id, by: staff, now: day(t))
                }
            }
            if i == 24 || i == 26 {  // #24's meeting is still open; #26 waits for its meeting
                continue
            }
            _ = try await topics.closeVote(meeting, by: staff, now: day(t))
            if i == 25 {
                continue
            }
            if i >= 22 {
                continue
            }
            let resolution = ResolutionInput(
                text: template.resolution,
                measures: template.measures.enumerated().map { n, m in
                    MeasureInput(
                        title: m.title, owner: m.owner, dueOn: CivilDate(day(t - 30 - Double(n) * 10)).description,
                        classCode: m.classCode)
                })
            try await step(.init(action: .publish, resolution: resolution), after: 1)
            if i == 19 {
                // Objected to during the notice period and sent back; posted again three days ago.
                _ = try await topics.object(id, reason: "方案没有征求一楼住户意见", by: residents[(i + 1) % residents.count], now: day(11))
                _ = try await topics.act(id, .init(action: .return, reason: "征求一楼住户意见后修改方案"), by: staff, now: day(10))
                _ = try await topics.act(id, .init(action: .publish, resolution: resolution), by: staff, now: day(3))
            }
            if i >= 19 {
                continue
            }
            t -= 8  // the 7-day notice period is over
            _ = try await topics.enact(id, reason: nil, by: staff, desk: desk, now: day(t))
            if i >= 14 {
                continue
            }
            // The measures run through the workflow; the subscriber closes the topic with the last of them.
            let enacted = try await topics.topic(id, by: staff, now: day(t))
            for (n, m) in enacted.measures.enumerated() {
                guard let caseID = m.caseID, let worker = workers[building.gridID] else { continue }
                let finished = day(t - (i == 6 ? 45 : 3 + Double((i + n) % 4) * 4))  // #6 finishes late
                for (action, who) in [
                    (CaseAction.verify, worker), (.accept, worker), (.dispatch, centre), (.start, staff), (.handle, staff),
                    (.check, worker), (.close, worker),
                ] {
                    _ = try await work.perform(
                        CaseCommand(
                            action: action, photos: action == .handle ? [photo] : [],
                            target: action == .dispatch ? "community" : nil),
                        on: caseID, by: who, now: finished)
                }
            }
        }
        try await EventRelay(database: database, subscribers: [PointsSubscriber(), DeliberationSubscriber()]).drain()
        let seeded = try await topics.list(communityID: nil, state: nil, committeeID: nil, by: centre)
        let counts = Dictionary(grouping: seeded, by: \.state.rawValue).mapValues(\.count).sorted { $0.key < $1.key }
        logger.info(
            "demo deliberations seeded",
            metadata: ["topics": "\(seeded.count)", "states": "\(counts.map { "\($0.key)=\($0.value)" })"])
    }
}
