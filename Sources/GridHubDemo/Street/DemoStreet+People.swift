import Foundation
import GridHubCore

extension DemoStreet {
    static let surnames = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段")
    static let givenNames = [
        "梦苏", "海雨", "丽香", "艺伦", "建国", "秀英", "志强", "桂兰", "晓燕", "国庆", "玉梅", "德华", "春生", "红梅", "立新",
        "淑珍", "文博", "静怡", "子涵", "浩然", "振华", "凤琴", "宏伟", "雪梅", "长青", "佳怡", "俊杰", "秀兰", "明辉", "玉珍",
        "福生", "亚楠", "永刚", "晓东", "丽娟", "金山", "慧敏", "树林", "美玲", "继红",
    ]

    /// A plausible Chinese name for the n-th person (deterministic, no two neighbours alike).
    public static func personName(_ n: Int) -> String {
        "\(surnames[(n * 7) % surnames.count])\(givenNames[(n * 13 + n / surnames.count) % givenNames.count])"
    }

    /// The people of the street: command centre, leader, community staff, 48 grid workers, the three
    /// heads (493 building heads, 924 unit heads), one handler per department, residents.
    static func staff(grids: [GridPlan], communities: [CommunityPlan], buildings: [BuildingPlan]) -> [AccountPlan] {
        var people = [AccountPlan]()
        var n = 0
        func add(_ username: String, _ role: Role, community: Int? = nil, department: String? = nil, grids: [Int] = []) {
            n += 1
            people.append(
                AccountPlan(
                    username: username, displayName: personName(n), role: role, communityIndex: community,
                    departmentCode: department, gridIndexes: grids))
        }
        add("zhihui", .commandCentre)
        add("lingdao", .leader)
        for c in communities.indices { add(String(format: "sq%02d", c + 1), .communityStaff, community: c) }
        for (g, grid) in grids.enumerated() {
            add(String(format: "wgy%02d", g + 1), .gridWorker, community: grid.communityIndex, grids: [g])
        }
        for d in StandardCatalog.departments {
            let role: Role = d.code == "ZF" ? .enforcementTeam : .departmentHandler
            add("bm-\(d.code.lowercased())", role, department: d.code)
        }
        var unitHead = 0
        for (b, building) in buildings.enumerated() {
            let community = grids[building.gridIndex].communityIndex
            add(String(format: "ldz%03d", b + 1), .buildingHead, community: community, grids: [building.gridIndex])
            for _ in building.units {
                unitHead += 1
                add(String(format: "dyz%03d", unitHead), .unitHead, community: community, grids: [building.gridIndex])
            }
        }
        for r in 1...30 {
            add(String(format: "jumin%02d", r), .resident, community: (r - 1) % communities.count)
        }
        add("shitang01", .canteenStaff, community: 0)  // 长山花园's elderly canteen
        return people
    }

    /// The common problems of an old estate, weighted by how often they come in.
    static let historyClasses: [(code: String, weight: Int, what: String)] = [
        ("E0101", 14, "楼下有人乱扔垃圾，已经堆了好几天"), ("E0502", 10, "路边有小摊占道经营，行人只能走机动车道"),
        ("C0102", 6, "污水井盖丢失，晚上很危险"), ("C0101", 4, "上水井盖破损松动"), ("E0404", 6, "下水外溢，污水流到路面上"),
        ("E0301", 6, "施工废弃料堆在路边没人清运"), ("E0504", 8, "机动车长期占用人行道停放"),
        ("E0506", 4, "一辆车停了半年多没动过，落满灰尘，疑似僵尸车"), ("E0201", 8, "单元门口贴满了小广告"),
        ("E0109", 6, "楼道里堆满杂物，影响消防通道"), ("C0113", 5, "路灯不亮，晚上出行不便"),
        ("E0603", 4, "顶楼房屋漏雨，老人独居无力维修"), ("E0601", 3, "楼上楼下因漏水产生纠纷"),
        ("E0111", 5, "垃圾箱满溢，没有及时清运"), ("C0401", 3, "行道树枝干断裂，可能砸到行人"),
        ("E0605", 2, "独居老人行动不便，需要帮助买药送餐"), ("E0406", 3, "雨后路面积水严重"),
        ("E0107", 3, "饭店油烟直排，居民反映强烈"), ("C0201", 4, "人行道砖松动翘起"), ("E0612", 3, "暖气不热，室温不到十五度"),
    ]

    static let historyWeight = historyClasses.map(\.weight).reduce(0, +)

    /// A problem as often as it comes in: its class and how a resident words it.
    public static func pickClass(_ rng: inout SeededRandom) -> (code: String, what: String) {
        var pick = Int(rng.next() % UInt64(historyWeight))
        for c in historyClasses {
            if pick < c.weight { return (c.code, c.what) }
            pick -= c.weight
        }
        return (historyClasses[0].code, historyClasses[0].what)
    }

    /// About 320 reports over the 90 days before `today`, from residents, the heads, riders and patrols.
    static func history(grids: [GridPlan], accounts: [AccountPlan], today: Date, rng: inout SeededRandom) -> [ReportPlan] {
        let reporters = accounts.filter { [.resident, .buildingHead, .unitHead].contains($0.role) }.map(\.username)
        let workers = accounts.filter { $0.role == .gridWorker }
        var plans = [ReportPlan]()
        for i in 0..<320 {
            let chosen = pickClass(&rng)
            // Busier grids near the old estates of the first communities.
            let gridIndex = Int(Double(grids.count) * pow(rng.unit(), 1.3))
            let grid = grids[min(gridIndex, grids.count - 1)]
            let ageSeconds = rng.unit() * 90 * 86_400
            let channelRoll = rng.unit()
            let channel: ReportChannel
            var username: String?
            var device: String?
            switch channelRoll {
            case ..<0.35:
                channel = .web
                username = reporters[Int(rng.next() % UInt64(reporters.count))]
            case ..<0.6:
                channel = .miniProgram
                device = "rider-\(1_000 + Int(rng.next() % 200))"
            case ..<0.85:
                channel = .patrol
                username = workers[min(gridIndex, workers.count - 1)].username
            default:
                channel = .hotline
                username = "zhihui"
            }
            plans.append(
                ReportPlan(
                    gridIndex: min(gridIndex, grids.count - 1), classCode: chosen.code,
                    location: interiorPoint(of: grid.boundary, u: rng.unit(), v: rng.unit()),
                    description: "\(grid.name)：\(chosen.what)。", channel: channel, reporterUsername: username,
                    deviceID: device, reportedAt: today.addingTimeInterval(-ageSeconds - Double(i % 7)))
            )
        }
        return plans.sorted { $0.reportedAt < $1.reportedAt }
    }
}
