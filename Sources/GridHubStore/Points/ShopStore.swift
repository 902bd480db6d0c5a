import Foundation
import GridHubCore
import SQLKit

/// The points shop (积分超市): each community's items, redemptions that hold the points and reserve the
/// stock in one transaction and answer a pickup code, fulfilment at the counter (核销), cancellation, and
/// the sweep that expires what was not collected in time, returning points and stock.
public struct ShopStore: Sendable {
    let database: any Database
    let directory: GridDirectory

    public init(database: any Database, directory: GridDirectory) {
        self.database = database
        self.directory = directory
    }

    func community(_ id: Int64) throws -> Community {
        guard let c = directory.current.communities[id] else { throw GridHubError.notFound("community") }
        return c
    }

    // MARK: Items

    /// The items of a community (or of the principal's street), on sale today unless `all` (staff).
    public func items(communityID: Int64?, all: Bool, by principal: Principal, now: Date = Date()) async throws -> [ShopItemView]
    {
        let street = try PointsStore.street(principal)
        return try await database.read { sql in
            let q = sql.select().columns("*").from("shop_items").where("street_id", .equal, street)
            if let communityID { q.where("community_id", .equal, communityID) }
            if !all { q.where("active", .equal, true).where("stock", .greaterThan, 0) }
            let rows = try await q.orderBy("community_id").orderBy("price").orderBy("id").rows(ShopItemRow.self)
            let today = CivilDate(now)
            return try await views(sql, rows.filter { all || $0.input.onSale(today) }, today: today)
        }
    }

    public func item(_ id: Int64, now: Date = Date()) async throws -> ShopItemView {
        try await database.read { sql in
            guard let row = try await Self.itemRow(sql, id) else { throw GridHubError.notFound("item") }
            return try await views(sql, [row], today: CivilDate(now))[0]
        }
    }

    /// Adds an item to a community's shop (staff of the community, or the command centre).
    public func create(
        _ input: ShopItemInput, communityID: Int64, photos: [StoredPhoto] = [], by principal: Principal, now: Date = Date()
    )
        async throws -> ShopItemView
    {
        let community = try community(communityID)
        try principal.require(.shopManage, on: Place(streetID: community.streetID, communityID: communityID))
        let input = try input.validated()
        let id = try await database.write { sql in
            let id = try await sql.insertReturningID(
                into: "shop_items",
                ShopItemRow(
                    streetId: community.streetID, communityId: communityID, input: input, createdAt: StoredTime.millis(now),
                    updatedAt: StoredTime.millis(now)))
            try await Attachments.attach(sql, photos, to: Subject("shop_item", id), entry: nil, now: now)
            return id
        }
        return try await item(id, now: now)
    }

    /// Changes an item: its price, stock, limits, dates, or takes it off sale. Held redemptions keep
    /// the price they were made at.
    public func update(
        _ id: Int64, _ input: ShopItemInput, photos: [StoredPhoto] = [], by principal: Principal, now: Date = Date()
    )
        async throws -> ShopItemView
    {
        let input = try input.validated()
        try await database.write { sql in
            guard let row = try await Self.itemRow(sql, id, lock: true),
                principal.can(.shopManage, on: Place(streetID: row.streetId, communityID: row.communityId))
            else { throw GridHubError.notFound("item") }
            try await sql.update("shop_items").set("name", to: input.name).set("description", to: input.description)
                .set("price", to: input.price).set("stock", to: input.stock).set("monthly_limit", to: input.monthlyLimit)
                .set("starts_on", to: input.startsOn?.description).set("ends_on", to: input.endsOn?.description)
                .set("pickup", to: input.pickup.rawValue).set("active", to: input.active)
                .set("updated_at", to: StoredTime.millis(now)).where("id", .equal, id).run()
            try await Attachments.attach(sql, photos, to: Subject("shop_item", id), entry: nil, now: now)
        }
        return try await item(id, now: now)
    }

    static func itemRow(_ sql: any SQLDatabase, _ id: Int64, lock: Bool = false) async throws -> ShopItemRow? {
        let q = sql.select().columns("*").from("shop_items").where("id", .equal, id)
        if lock, sql.flavor == .postgres { q.lockingClause(SQLLockingClause.update) }
        return try await q.row(ShopItemRow.self)
    }

    func views(_ sql: any SQLDatabase, _ rows: [ShopItemRow], today: CivilDate) async throws -> [ShopItemView] {
        let photos = try await Attachments.photos(sql, of: rows.map { Subject("shop_item", $0.id ?? 0) })
        let communities = directory.current.communities
        return rows.map { r in
            let input = r.input
            return ShopItemView(
                id: r.id ?? 0, communityID: r.communityId, communityName: communities[r.communityId]?.name ?? "", name: r.name,
                description: r.description, price: r.price, stock: r.stock, monthlyLimit: r.monthlyLimit,
                startsOn: input.startsOn,
                endsOn: input.endsOn, pickup: input.pickup, pickupName: input.pickup.chineseName, active: r.active,
                onSale: input.onSale(today) && r.stock > 0, photos: photos[Subject("shop_item", r.id ?? 0)] ?? [])
        }
    }
}

struct ShopItemRow: Codable, Sendable {
    var id: Int64? = nil
    var streetId: Int64
    var communityId: Int64
    var name: String
    var description: String?
    var price: Int
    var stock: Int
    var monthlyLimit: Int?
    var startsOn: String?
    var endsOn: String?
    var pickup: String
    var active: Bool
    var createdAt: Int64
    var updatedAt: Int64

    init(streetId: Int64, communityId: Int64, input: ShopItemInput, createdAt: Int64, updatedAt: Int64) {
        self.streetId = streetId
        self.communityId = communityId
        name = input.name
        description = input.description
        price = input.price
        stock = input.stock
        monthlyLimit = input.monthlyLimit
        startsOn = input.startsOn?.description
        endsOn = input.endsOn?.description
        pickup = input.pickup.rawValue
        active = input.active
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    var input: ShopItemInput {
        ShopItemInput(
            name: name, description: description, price: price, stock: stock, monthlyLimit: monthlyLimit,
            startsOn: startsOn.flatMap(CivilDate.init(text:)), endsOn: endsOn.flatMap(CivilDate.init(text:)),
            pickup: PickupPlace(rawValue: pickup) ?? .shop, active: active)
    }
}
