import Foundation
import GridHubCore
import GridHubStore
import Logging

/// Seeds the demo's points through the product's own paths: the street funds its budget, the month's
/// history pays its reporters and heads (the points subscriber reads the event log as the server
/// would) and last week's clean-up pays who came, 长山花园's points supermarket gets 12 items, and residents redeem some — a few still
/// waiting at the counter, the others handed out.
struct DemoPoints {
    let database: any Database
    let today: Date

    static let items: [(name: String, price: Int, stock: Int, limit: Int?, pickup: PickupPlace)] = [
        ("洗衣液 1kg", 30, 40, 2, .shop), ("香皂 2块", 10, 120, 4, .shop), ("东北大米 5kg", 80, 30, 1, .shop),
        ("食用油 1.8L", 60, 30, 1, .shop), ("挂面 1kg", 15, 80, 4, .shop), ("牙膏", 12, 60, 2, .shop),
        ("抽纸 6包", 20, 60, 2, .shop), ("理发券", 25, 20, 1, .shop), ("鸡蛋 15枚", 18, 50, 2, .shop),
        ("雨伞", 40, 15, 1, .shop), ("助餐券 1次", 20, 100, 8, .canteen), ("老年人营养餐券", 35, 40, 4, .canteen),
    ]

    func seed(logger: Logger) async throws {
        let directory = try await GridDirectory.load(OrgStore(database: database))
        let principal = AccountStore(database: database).demoPrincipal
        let points = PointsStore(database: database)
        let shop = ShopStore(database: database, directory: directory)
        let centre = try await principal("zhihui")
        let start = today.addingTimeInterval(-40 * 86_400)
        _ = try await points.adjust(holder: "budget", amount: 200_000, reason: "2026年度积分预算", by: centre, now: start)
        let staff = try await principal("sq01")
        guard let community = staff.communityID else { return }
        // Last week's clean-up at 长山花园: the demo residents signed up and came.
        let activities = ActivityStore(database: database, directory: directory)
        let cleanUp = CivilDate(today.addingTimeInterval(-6 * 86_400)).start.addingTimeInterval(9 * 3_600)
        let activity = try await activities.create(
            ActivityInput(
                title: "周末清洁家园", description: "清理楼道杂物和小区绿地垃圾", place: "长山花园中心广场", startsAt: cleanUp,
                endsAt: cleanUp.addingTimeInterval(2 * 3_600), points: 10, capacity: 40),
            communityID: community, by: staff, now: cleanUp.addingTimeInterval(-3 * 86_400))
        for n in 1...30 {
            let resident = try await principal(String(format: "jumin%02d", n))
            _ = try await activities.signUp(activity.id, by: resident, now: cleanUp.addingTimeInterval(-2 * 86_400))
            if n % 5 != 0 {  // four in five came
                _ = try await activities.checkIn(
                    activity.id, accountID: resident.accountID, by: staff, now: cleanUp.addingTimeInterval(1_800))
            }
        }
        // The month's verified reports, ratings, visits and the clean-up pay as the server's relay would.
        try await EventRelay(database: database, subscribers: [PointsSubscriber()]).drain()
        var made: [ShopItemView] = []
        for item in Self.items {
            made.append(
                try await shop.create(
                    ShopItemInput(
                        name: item.name, price: item.price, stock: item.stock, monthlyLimit: item.limit, pickup: item.pickup),
                    communityID: community, by: staff, now: start))
        }
        var redeemed = 0
        var fulfilled = 0
        for n in 1...30 {
            let resident = try await principal(String(format: "jumin%02d", n))
            let balance = try await points.summary(by: resident, now: today).available
            guard let item = made.filter({ Int64($0.price) <= balance }).max(by: { $0.price < $1.price }) else { continue }
            let at = today.addingTimeInterval(-Double(n % 6 + 1) * 86_400)
            let r = try await shop.redeem(itemID: item.id, quantity: 1, by: resident, now: at)
            redeemed += 1
            if n % 3 != 0 {  // two in three collected a day later; the rest still wait at the counter
                _ = try await shop.fulfil(code: r.code, by: staff, now: at.addingTimeInterval(86_400))
                fulfilled += 1
            }
        }
        logger.info(
            "demo points seeded", metadata: ["items": "\(made.count)", "redeemed": "\(redeemed)", "fulfilled": "\(fulfilled)"])
    }
}

extension AccountStore {
    /// A demo account as it acts once signed in.
    func demoPrincipal(_ username: String) async throws -> Principal {
        guard let account = try await credentials(username: username)?.account else {
            throw GridHubError.notFound("demo account \(username)")
        }
        return account.principal
    }
}
