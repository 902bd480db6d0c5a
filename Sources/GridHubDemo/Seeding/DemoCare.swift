import Foundation
import GridHubCore
import GridHubStore
import Logging
import SQLKit

/// Seeds the demo's people and care through the product's own paths: each community's register through
/// the import (so every ID number is checked and sealed), the heads' posts, recent visits by the grid
/// workers, and 长山花园's elderly canteen — a week of menus and about 80 meals a day, 25 of them delivered.
struct DemoCare {
    let database: any Database
    let vault: PersonalDataVault
    let street: DemoStreet
    let today: Date

    struct Summary {
        var residents = 0
        var households = 0
        var posts = 0
        var visits = 0
        var meals = 0
    }

    func seed(logger: Logger) async throws -> Summary {
        let directory = try await GridDirectory.load(OrgStore(database: database))
        let registry = RegistryStore(database: database, vault: vault, directory: directory)
        let accounts = AccountStore(database: database)
        func principal(_ username: String) async throws -> Principal {
            guard let account = try await accounts.credentials(username: username)?.account else {
                throw GridHubError.notFound("demo account \(username)")
            }
            return account.principal
        }
        var summary = Summary()
        // Registered ten days ago, so the weekly visits of those living alone have come due.
        let registered = today.addingTimeInterval(-10 * 86_400)
        let register = DemoRegister(street, today: CivilDate(today))
        var staff: [Int: Principal] = [:]
        for (index, csv) in register.sheets.sorted(by: { $0.key < $1.key }) {
            let p = try await principal(String(format: "sq%02d", index + 1))
            staff[index] = p
            guard let community = p.communityID else { continue }
            let sheet = try RegisterSheet(bytes: Array(csv.utf8), today: CivilDate(today))
            let report = try await registry.importRegister(
                sheet, communityID: community, partial: false, by: p, address: nil, now: registered)
            guard report.problems.isEmpty else {
                throw GridHubError(
                    .unprocessable, "demo_register", "The demo register has bad lines: \(report.problems.prefix(3))")
            }
            summary.residents += report.written
            summary.households += report.households
        }
        summary.posts = try await postHeads(registry, staff: staff, principal: principal)
        try await linkResidents(registry, staff: staff, principal: principal)
        summary.visits = try await visit(registry, principal: principal)
        summary.meals = try await canteen(registry, principal: principal)
        logger.info(
            "demo register seeded",
            metadata: ["residents": "\(summary.residents)", "visits": "\(summary.visits)", "meals": "\(summary.meals)"])
        return summary
    }

    /// Each building head to their building, each unit head to their unit, in plan order.
    func postHeads(_ registry: RegistryStore, staff: [Int: Principal], principal: (String) async throws -> Principal) async throws
        -> Int
    {
        let (buildings, units) = try await database.read { sql in
            let b = try await sql.select().column("id").from("buildings").orderBy("id").all().map {
                try $0.decode(column: "id", as: Int64.self)
            }
            let u = try await sql.select().columns("id", "building_id").from("units").orderBy("id").all().map {
                (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "building_id", as: Int64.self))
            }
            return (b, u)
        }
        var byCommunity: [Int: [(accountID: Int64, post: HeadPost)]] = [:]
        var unitIndex = 0
        for (b, plan) in street.buildings.enumerated() where b < buildings.count {
            let community = street.grids[plan.gridIndex].communityIndex
            let head = try await principal(String(format: "ldz%03d", b + 1))
            byCommunity[community, default: []].append(
                (head.accountID, HeadPost(role: .buildingHead, buildingID: buildings[b], unitID: nil)))
            for _ in plan.units where unitIndex < units.count {
                let unitHead = try await principal(String(format: "dyz%03d", unitIndex + 1))
                let (unit, building) = units[unitIndex]
                byCommunity[community, default: []].append(
                    (unitHead.accountID, HeadPost(role: .unitHead, buildingID: building, unitID: unit)))
                unitIndex += 1
            }
        }
        var count = 0
        for (community, posts) in byCommunity {
            guard let p = staff[community] else { continue }
            try await registry.postAll(posts, by: p, now: today)
            count += posts.count
        }
        return count
    }

    /// Each demo resident's account (`jumin01`…) is one elderly person's own record in their community, so
    /// they can order their meals and read their statement.
    func linkResidents(_ registry: RegistryStore, staff: [Int: Principal], principal: (String) async throws -> Principal)
        async throws
    {
        let elderly = CivilDate(today).yearsBefore(65).description
        for r in 1...30 {
            let account = try await principal(String(format: "jumin%02d", r))
            guard let community = account.communityID,
                let staffer = staff.first(where: { $0.value.communityID == community })?.value
            else { continue }
            let pick = try await database.read { sql in
                try await sql.select().column("id").from("residents").where("community_id", .equal, community)
                    .where("birth_date", .lessThanOrEqual, elderly).where("account_id", .is, SQLLiteral.null).orderBy("id")
                    .offset(r * 7).limit(1).first()?.decode(column: "id", as: Int64.self)
            }
            guard let resident = pick else { continue }
            try await registry.link(residentID: resident, accountID: account.accountID, by: staffer)
        }
    }

    /// The grid workers have visited about half of those whose visit came due, in the last five days.
    func visit(_ registry: RegistryStore, principal: (String) async throws -> Principal) async throws -> Int {
        let due = try await database.read { sql in
            try await sql.select().columns("id", "grid_id").from("residents").where(
                "visit_due_at", .lessThan, StoredTime.millis(today)
            )
            .orderBy("id").all().map {
                (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "grid_id", as: Int64.self))
            }
        }
        let grids = try await database.read { sql in
            try await sql.select().columns("id", "code").from("grids").all().map {
                (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "code", as: String.self))
            }
        }
        let gridIndex = Dictionary(
            uniqueKeysWithValues: grids.map { id, code in (id, street.grids.firstIndex { $0.code.value == code } ?? 0) })
        var workers: [Int64: Principal] = [:]
        var rng = SeededRandom(seed: 31)
        let visits = Visits(registry: registry)
        var count = 0
        let notes = ["身体状况良好，精神不错", "血压偏高，已提醒按时服药", "家中暖气正常，生活用品充足", "子女每周来看望，无特殊需求", "行动不便，希望有人帮忙买菜"]
        for (resident, grid) in due where rng.unit() < 0.5 {
            if workers[grid] == nil { workers[grid] = try await principal(String(format: "wgy%02d", (gridIndex[grid] ?? 0) + 1)) }
            guard let worker = workers[grid] else { continue }
            let at = today.addingTimeInterval(-rng.unit() * 5 * 86_400)
            let note = notes[Int(rng.next() % UInt64(notes.count))]
            _ = try await visits.record(
                .init(
                    residentID: resident, at: at, condition: note.contains("不便") ? .fair : .good, notes: note,
                    needs: note.contains("不便") ? "代买生活用品" : nil),
                photos: [], by: worker, now: at.addingTimeInterval(600))
            count += 1
        }
        return count
    }

    /// 长山花园's canteen: a week of menus, and a week of lunches ordered at 08:00 (about 80 a day, 25
    /// delivered, confirmed by the canteen's staff before noon, a delivery now and then unconfirmed).
    func canteen(_ registry: RegistryStore, principal: (String) async throws -> Principal) async throws -> Int {
        let staff = try await principal("sq01")
        let deliverer = try await principal("shitang01")
        guard let community = staff.communityID else { return 0 }
        let canteen = CanteenStore(registry: registry)
        let diners = try await database.read { sql in
            try await sql.select().columns("id", "tags", "birth_date").from("residents").where("community_id", .equal, community)
                .where("birth_date", .lessThanOrEqual, CivilDate(today).yearsBefore(70).description).orderBy("id").limit(400)
                .all()
                .map { r -> (Int64, Bool) in
                    let tags = try r.decode(column: "tags", as: String.self)
                    return (
                        try r.decode(column: "id", as: Int64.self), tags.contains("living_alone") || tags.contains("disabled")
                    )
                }
        }
        let delivered = Array(diners.filter(\.1).prefix(25).map(\.0))
        let eatIn = Array(diners.filter { !$0.1 }.prefix(80 - delivered.count).map(\.0))
        guard
            let first = try await database.read({ sql in
                try await sql.select().columns("lat", "lon").from("buildings").where(
                    "id", .equal, SQLBind(try await firstBuilding(sql, community))
                ).first()
            })
        else { return 0 }
        var settings = CanteenSettings.standard
        settings.name = "长山花园长者食堂"
        (settings.lat, settings.lon) = (
            try first.decode(column: "lat", as: Double.self), try first.decode(column: "lon", as: Double.self)
        )
        try await canteen.setSettings(settings, communityID: community, by: staff, now: today)
        let dishes = [
            ["红烧肉", "清炒白菜", "西红柿蛋汤", "米饭"], ["鱼香肉丝", "土豆丝", "紫菜汤", "馒头"], ["炖排骨", "家常豆腐", "冬瓜汤", "米饭"],
            ["宫保鸡丁", "炒油菜", "玉米粥", "花卷"], ["酸菜炖粉条", "西兰花", "小米粥", "米饭"], ["清蒸鱼", "蒜蓉菠菜", "鸡蛋汤", "米饭"], ["饺子", "拌黄瓜", "饺子汤"],
        ]
        var rng = SeededRandom(seed: 47)
        var count = 0
        for offset in -6...6 {
            let day = CivilDate(today.addingTimeInterval(Double(offset) * 86_400))
            try await canteen.setMenu(communityID: community, day: day, meal: .lunch, dishes: dishes[(offset + 7) % 7], by: staff)
            guard offset <= 0 else { continue }
            let morning = day.start.addingTimeInterval(8 * 3600)
            var orders: [Int64] = []
            for id in delivered {
                orders.append(
                    try await canteen.order(residentID: id, day: day, meal: .lunch, delivery: true, by: staff, now: morning).id)
            }
            for id in eatIn {
                _ = try await canteen.order(residentID: id, day: day, meal: .lunch, delivery: false, by: staff, now: morning)
            }
            count += delivered.count + eatIn.count
            let lunchtime = day.start.addingTimeInterval(11.5 * 3600)
            guard offset < 0 || today > lunchtime else { continue }
            // Now and then a delivery goes unconfirmed (today, the last two always: the deliverer's list shows them).
            for id in (offset == 0 ? Array(orders.dropLast(2)) : orders) where offset == 0 || rng.unit() > 0.05 {
                _ = try await canteen.confirm(
                    id, how: "resident", note: nil, photos: [], by: deliverer,
                    now: min(today, day.start.addingTimeInterval(11 * 3600 + rng.unit() * 50 * 60)))
            }
        }
        return count
    }

    func firstBuilding(_ sql: any SQLDatabase, _ community: Int64) async throws -> Int64 {
        let grids = try await sql.select().column("id").from("grids").where("community_id", .equal, community).orderBy("id").all()
            .map { try $0.decode(column: "id", as: Int64.self) }
        return try await sql.select().column("id").from("buildings").where("grid_id", .in, SQLBind.group(grids)).orderBy("id")
            .first()?
            .decode(column: "id", as: Int64.self) ?? 0
    }
}
