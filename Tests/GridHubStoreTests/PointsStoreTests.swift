import Foundation
import GridHubCore
import GridHubTestSupport
import SQLKit
import Testing

@testable import GridHubStore

@Suite("Points and the shop in the store")
struct PointsStoreTests {
    /// Monday 30 November 2026, 10:00 in Shanghai.
    static let now = CivilDate(year: 2026, month: 11, day: 30)!.start.addingTimeInterval(10 * 3600)

    struct World {
        let f: StoreFixture
        let small: SmallWorld
        let points: PointsStore
        let shop: ShopStore
        var street: Int64 { small.written.street.id }
        var communityA: Int64 { small.written.communityIDs[0] }

        func principal(_ name: String) throws -> Principal { try #require(small.principal(name)) }
        func holder(_ name: String) -> PointsHolder { .account(small.accountID(name)) }

        /// Pays `amount` to a person, as the command centre's correction does.
        func give(_ name: String, _ amount: Int) async throws {
            _ = try await points.adjust(
                holder: holder(name).key, amount: amount, reason: "测试发放", by: principal("centre"), now: PointsStoreTests.now)
        }

        func item(price: Int, stock: Int, limit: Int? = nil, pickup: PickupPlace = .shop) async throws -> ShopItemView {
            try await shop.create(
                ShopItemInput(name: "香皂", price: price, stock: stock, monthlyLimit: limit, pickup: pickup),
                communityID: communityA,
                by: principal("staff-a"), now: PointsStoreTests.now)
        }

        func balance(_ name: String) async throws -> PointsBalance {
            try await f.database.read { sql in try await PointsLedger.balance(sql, street: street, holder(name)) }
        }
    }

    static func withWorld(_ engine: Engine, budget: Int = 100_000, _ body: (World) async throws -> Void) async throws {
        try await StoreFixture.with(engine) { f in
            let small = try await SmallWorld.write(f.database, now: now)
            let directory = try await GridDirectory.load(OrgStore(database: f.database))
            let w = World(
                f: f, small: small, points: PointsStore(database: f.database),
                shop: ShopStore(database: f.database, directory: directory))
            if budget > 0 {
                _ = try await w.points.adjust(
                    holder: "budget", amount: budget, reason: "年度积分预算", by: w.principal("centre"), now: now)
            }
            try await body(w)
            try await expectBooksBalance(f.database)
        }
    }

    /// Every account's columns equal the sum of its entries, no balance but the mint's is negative,
    /// and all accounts together sum to zero (double entry).
    static func expectBooksBalance(_ database: any Database) async throws {
        try await database.read { sql in
            var total: Int64 = 0
            for a in try await sql.select().columns("*").from("points_accounts").all() {
                let id = try a.decode(column: "id", as: Int64.self)
                var (credits, debits, pending): (Int64, Int64, Int64) = (0, 0, 0)
                for e in try await sql.select().columns("*").from("points_entries")
                    .where { $0.where("debit_id", .equal, id).orWhere("credit_id", .equal, id) }.all()
                {
                    let amount = try e.decode(column: "amount", as: Int64.self)
                    let phase = try e.decode(column: "phase", as: String.self)
                    let debit = try e.decode(column: "debit_id", as: Int64.self) == id
                    switch (phase, debit) {
                    case ("posted", true), ("post", true): debits += amount
                    case ("posted", false), ("post", false): credits += amount
                    case ("pending", true): pending += amount
                    case ("void", true): pending -= amount
                    default: break
                    }
                    if phase == "post" && debit { pending -= amount }
                }
                #expect(try a.decode(column: "credits_posted", as: Int64.self) == credits)
                #expect(try a.decode(column: "debits_posted", as: Int64.self) == debits)
                #expect(try a.decode(column: "debits_pending", as: Int64.self) == pending)
                let available = credits - debits - pending
                if try a.decode(column: "holder", as: String.self) != "mint" { #expect(available >= 0) }
                total += credits - debits
            }
            #expect(total == 0)
        }
    }

    @Test(
        "earnings pay once per source, within the daily cap; staff earn nothing; an empty budget pays nothing",
        arguments: Engine.all)
    func earning(engine: Engine) async throws {
        try await Self.withWorld(engine, budget: 60) { w in
            let rules = PointsRules.standard
            func earn(_ holder: PointsHolder, _ amount: Int, _ source: String, at: Date = Self.now) async throws -> Int {
                try await w.f.database.write { sql in
                    try await PointsStore.earn(
                        sql, street: w.street, holder: holder, amount: amount, reason: "测试", subject: "case:1", source: source,
                        rules: rules, at: at)
                }
            }
            // 100 deliveries of the same verified event at once: one credit.
            let paid = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<100 { group.addTask { try await earn(w.holder("resident"), 10, "case:1:verified:r") } }
                return try await group.reduce(0, +)
            }
            #expect(paid == 10)
            #expect(try await w.balance("resident").available == 10)
            #expect(try await earn(w.holder("resident"), 35, "case:2:verified:r") == 35)
            #expect(try await earn(w.holder("resident"), 10, "case:3:verified:r") == 5)  // the cap of 50 a day
            #expect(try await earn(w.holder("resident"), 10, "case:4:verified:r") == 0)
            #expect(try await earn(w.holder("resident"), 10, "case:5:verified:r", at: Self.now.addingTimeInterval(86_400)) == 10)
            #expect(try await earn(w.holder("worker-a1"), 10, "case:1:verified:w") == 0)  // staff
            #expect(try await earn(w.holder("building-head"), 10, "visit:1:visit:h") == 0)  // the budget has 0 left
            #expect(try await earn(.device("rider-1"), 10, "case:6:verified:d") == 0)
            #expect(try await w.balance("resident").available == 60)
            let notices = try await w.f.database.read { sql in
                try await sql.select().column("kind").from("domain_events").where("kind", .equal, PointsEvent.unfunded.rawValue)
                    .all().count
            }
            #expect(notices == 2)
        }
    }

    @Test("1,000 redemptions at once by one resident whose points cover 10: exactly 10 holds", arguments: Engine.all)
    func concurrentRedemptions(engine: Engine) async throws {
        try await Self.withWorld(engine) { w in
            try await w.give("resident", 100)
            let item = try await w.item(price: 10, stock: 50)
            let resident = try w.principal("resident")
            let results = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<1_000 {
                    group.addTask {
                        do {
                            return try await w.shop.redeem(itemID: item.id, quantity: 1, by: resident, now: Self.now).code
                        } catch let e as GridHubError {
                            return e.code
                        }
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            let codes = results.filter { PickupCode.normalised($0) == $0 }
            #expect(codes.count == 10 && Set(codes).count == 10)
            #expect(results.filter { $0 == "insufficient_points" }.count == 990)
            #expect(try await w.balance("resident") == PointsBalance(available: 0, held: 100))
            #expect(try await w.shop.item(item.id).stock == 40)
            #expect(try await w.f.count("points_holds") == 10)
        }
    }

    @Test("200 fulfils of one code at once post it once; the counter of another community cannot see it", arguments: Engine.all)
    func concurrentFulfils(engine: Engine) async throws {
        try await Self.withWorld(engine) { w in
            try await w.give("resident", 30)
            let item = try await w.item(price: 30, stock: 5)
            let r = try await w.shop.redeem(itemID: item.id, quantity: 1, by: try w.principal("resident"), now: Self.now)
            #expect(r.state == .held && r.amount == 30)
            await #expect(throws: GridHubError.self) { _ = try await w.shop.lookup(code: r.code, by: try w.principal("staff-b")) }
            let staff = try w.principal("staff-a")
            let wins = try await withThrowingTaskGroup(of: Int.self) { group in
                for i in 0..<200 {
                    // Typed as people type it: lower case, with a space or a dash.
                    let typed = i % 2 == 0 ? r.code.lowercased() : String(r.code.prefix(4)) + "-" + r.code.suffix(4)
                    group.addTask {
                        do {
                            _ = try await w.shop.fulfil(code: typed, by: staff, now: Self.now.addingTimeInterval(60))
                            return 1
                        } catch let e as GridHubError where e.code == "already_fulfilled" {
                            return 0
                        }
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(wins == 1)
            #expect(try await w.balance("resident") == PointsBalance(available: 0, held: 0))
            let shopBalance = try await w.f.database.read { sql in try await PointsLedger.balance(sql, street: w.street, .shop) }
            #expect(shopBalance.available == 30)
            #expect(try await w.shop.item(item.id).stock == 4)
        }
    }

    @Test("the sweep and the counter racing on the same holds: each ends once, fulfilled or expired", arguments: Engine.all)
    func expiryRace(engine: Engine) async throws {
        try await Self.withWorld(engine) { w in
            try await w.give("resident", 200)
            let item = try await w.item(price: 10, stock: 20)
            var codes = [String]()
            for _ in 0..<10 {
                codes.append(
                    try await w.shop.redeem(itemID: item.id, quantity: 1, by: try w.principal("resident"), now: Self.now).code)
            }
            let deadline = Self.now.addingTimeInterval(14 * 86_400)
            let staff = try w.principal("staff-a")
            let database = w.f.database
            let (fulfilled, swept) = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                group.addTask { (0, try await database.write { sql in try await ShopStore.sweep(sql, now: deadline) }) }
                for code in codes {
                    group.addTask {
                        do {
                            _ = try await w.shop.fulfil(code: code, by: staff, now: deadline.addingTimeInterval(-1))
                            return (1, 0)
                        } catch let e as GridHubError where e.code == "already_expired" {
                            return (0, 0)
                        }
                    }
                }
                return try await group.reduce((0, 0)) { ($0.0 + $1.0, $0.1 + $1.1) }
            }
            let states = try await w.f.database.read { sql in
                try await sql.select().column("state").from("points_holds").all().map {
                    try $0.decode(column: "state", as: String.self)
                }
            }
            let expired = states.filter { $0 == "expired" }.count
            #expect(states.filter { $0 == "fulfilled" }.count + expired == 10)
            #expect(fulfilled + swept == 10 && swept == expired)
            let resolutions = try await w.f.database.read { sql in
                try await sql.select().column("id").from("points_entries").where("resolves", .isNot, SQLLiteral.null).all().count
            }
            #expect(resolutions == 10)
            #expect(try await w.balance("resident") == PointsBalance(available: 100 + Int64(expired) * 10, held: 0))
            #expect(try await w.shop.item(item.id).stock == 10 + expired)
        }
    }

    @Test(
        "off sale, out of stock, over the monthly limit, a bad quantity or code: 4xx and nothing written", arguments: Engine.all)
    func refusals(engine: Engine) async throws {
        try await Self.withWorld(engine) { w in
            try await w.give("resident", 100)
            let resident = try w.principal("resident")
            let limited = try await w.item(price: 5, stock: 3, limit: 2)
            _ = try await w.shop.redeem(itemID: limited.id, quantity: 2, by: resident, now: Self.now)
            func refused(_ code: String, _ body: () async throws -> Void) async {
                let before = (try? await w.f.count("points_entries")) ?? -1
                do {
                    try await body()
                    Issue.record("expected \(code)")
                } catch let e as GridHubError {
                    #expect(e.code == code)
                } catch { Issue.record("unexpected \(error)") }
                #expect((try? await w.f.count("points_entries")) == before)
            }
            await refused("monthly_limit") {
                _ = try await w.shop.redeem(itemID: limited.id, quantity: 1, by: resident, now: Self.now)
            }
            await refused("out_of_stock") {
                _ = try await w.shop.redeem(itemID: limited.id, quantity: 2, by: resident, now: Self.now)
            }
            await refused("invalid_quantity") {
                _ = try await w.shop.redeem(itemID: limited.id, quantity: 0, by: resident, now: Self.now)
            }
            await refused("insufficient_points") {
                let dear = try await w.item(price: 500, stock: 3)
                _ = try await w.shop.redeem(itemID: dear.id, quantity: 1, by: resident, now: Self.now)
            }
            var off = ShopItemInput(name: "下架", price: 1, stock: 3)
            off.active = false
            let offItem = try await w.shop.create(off, communityID: w.communityA, by: try w.principal("staff-a"), now: Self.now)
            await refused("not_on_sale") {
                _ = try await w.shop.redeem(itemID: offItem.id, quantity: 1, by: resident, now: Self.now)
            }
            await refused("forbidden") {
                _ = try await w.shop.redeem(itemID: limited.id, quantity: 1, by: try w.principal("worker-a1"), now: Self.now)
            }
            await refused("invalid_code") {
                _ = try await w.shop.fulfil(code: "0OIL1234", by: try w.principal("staff-a"), now: Self.now)
            }
            await refused("not_found") {
                _ = try await w.shop.fulfil(code: "ABCDEFGH", by: try w.principal("staff-a"), now: Self.now)
            }
            // Next month the limit starts again; cancelling returns points and stock.
            let next = try await w.shop.redeem(
                itemID: limited.id, quantity: 1, by: resident, now: Self.now.addingTimeInterval(2 * 86_400))
            let cancelled = try await w.shop.cancel(next.id, by: resident, now: Self.now.addingTimeInterval(2 * 86_400 + 60))
            #expect(cancelled.state == .cancelled)
            #expect(try await w.shop.item(limited.id).stock == 1)
            #expect(try await w.balance("resident") == PointsBalance(available: 90, held: 10))
        }
    }

    @Test("a month's statement adds up to the balance; budget + balances + held + shop = issued", arguments: Engine.all)
    func statementsBalance(engine: Engine) async throws {
        try await Self.withWorld(engine, budget: 1_000) { w in
            try await w.give("resident", 100)
            try await w.give("building-head", 40)
            let item = try await w.item(price: 15, stock: 10)
            let resident = try w.principal("resident")
            let a = try await w.shop.redeem(itemID: item.id, quantity: 2, by: resident, now: Self.now)
            _ = try await w.shop.redeem(itemID: item.id, quantity: 1, by: resident, now: Self.now)
            _ = try await w.shop.fulfil(code: a.code, by: try w.principal("staff-a"), now: Self.now)
            _ = try await w.points.adjust(
                holder: w.holder("resident").key, amount: -5, reason: "误发更正", by: try w.principal("centre"), now: Self.now)
            let statement = try await w.points.statement(month: CivilMonth(Self.now), by: resident)
            let balance = try await w.balance("resident")
            #expect(statement.opening == 0 && statement.closing == balance.available && balance.available == 50)
            #expect(statement.lines.map(\.kind) == [.adjust, .redeem, .redeem, .fulfil, .adjust])
            let month = try await w.points.month(CivilMonth(Self.now), by: try w.principal("centre"))
            #expect(month.balanced && month.issued == 1_000 && month.budget == 865 && month.shop == 30 && month.held == 15)
            #expect(month.balances == 90)  // resident 50 + head 40
            await #expect(throws: GridHubError.self) { _ = try await w.points.month(CivilMonth(Self.now), by: resident) }
            await #expect(throws: GridHubError.self) {
                _ = try await w.points.adjust(holder: "budget", amount: 5, reason: "我自己加", by: resident, now: Self.now)
            }
            await #expect(throws: GridHubError.self) {
                _ = try await w.points.adjust(
                    holder: w.holder("resident").key, amount: -500, reason: "超额扣除", by: try w.principal("centre"), now: Self.now)
            }
        }
    }
}
