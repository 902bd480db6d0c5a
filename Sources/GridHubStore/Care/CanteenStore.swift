import Foundation
import GridHubCore
import SQLKit

/// The elderly canteen (长者食堂) of each community: settings and menus, orders placed by residents or
/// on their behalf before the cut-off, the delivery list in walking order, confirmations, the sweep that
/// flags deliveries not confirmed in time, and the day's counts and month's statements.
public struct CanteenStore: Sendable {
    let registry: RegistryStore
    var database: any Database { registry.database }

    public init(registry: RegistryStore) {
        self.registry = registry
    }

    static func settings(_ sql: any SQLDatabase, communityID: Int64) async throws -> CanteenSettings {
        guard
            let row = try await sql.select().column("settings").from("canteen_settings").where(
                "community_id", .equal, communityID
            ).first(),
            let settings = try? JSONDecoder().decode(
                CanteenSettings.self, from: Data(try row.decode(column: "settings", as: String.self).utf8))
        else { return .standard }
        return settings
    }

    public func settings(communityID: Int64) async throws -> CanteenSettings {
        try await database.read { sql in try await Self.settings(sql, communityID: communityID) }
    }

    func community(_ id: Int64) throws -> Community {
        guard let c = registry.directory.current.communities[id] else { throw GridHubError.notFound("community") }
        return c
    }

    public func setSettings(_ settings: CanteenSettings, communityID: Int64, by principal: Principal, now: Date = Date())
        async throws
    {
        let community = try community(communityID)
        try principal.require(.canteenManage, on: Place(streetID: community.streetID, communityID: communityID))
        let text = String(decoding: try JSONEncoder().encode(try settings.validated()), as: UTF8.self)
        try await database.write { sql in
            try await sql.delete(from: "canteen_settings").where("community_id", .equal, communityID).run()
            try await sql.insert(into: "canteen_settings").columns("community_id", "settings", "updated_at", "updated_by")
                .values(SQLBind(communityID), SQLBind(text), SQLBind(StoredTime.millis(now)), SQLBind(principal.accountID)).run()
        }
    }

    /// Sets a day's dishes for a meal (1–20 dishes of 1–30 characters).
    public func setMenu(communityID: Int64, day: CivilDate, meal: Meal, dishes: [String], by principal: Principal) async throws {
        let community = try community(communityID)
        try principal.require(.canteenManage, on: Place(streetID: community.streetID, communityID: communityID))
        let dishes = dishes.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        guard (1...20).contains(dishes.count), dishes.allSatisfy({ $0.count <= 30 }) else {
            throw GridHubError(.unprocessable, "invalid_dishes", "A menu has 1–20 dishes of at most 30 characters.")
        }
        try await database.write { sql in
            try await sql.delete(from: "canteen_menus").where("community_id", .equal, communityID).where(
                "day", .equal, day.description
            )
            .where("meal", .equal, meal.rawValue).run()
            try await sql.insert(into: "canteen_menus").columns("community_id", "day", "meal", "dishes")
                .values(
                    SQLBind(communityID), SQLBind(day.description), SQLBind(meal.rawValue),
                    SQLBind(dishes.joined(separator: "\n"))
                ).run()
        }
    }

    public struct MenuDay: Sendable, Hashable, Codable {
        public var day: CivilDate
        public var meal: Meal
        public var dishes: [String]
    }

    /// The menu from `day` for `days` days (anyone signed in may read it).
    public func menu(communityID: Int64, from day: CivilDate, days: Int) async throws -> [MenuDay] {
        let last = CivilDate(day.start.addingTimeInterval(Double(max(0, days - 1)) * 86_400 + 3_600))
        return try await database.read { sql in
            try await sql.select().columns("day", "meal", "dishes").from("canteen_menus").where(
                "community_id", .equal, communityID
            )
            .where("day", .greaterThanOrEqual, day.description).where("day", .lessThanOrEqual, last.description)
            .orderBy("day").orderBy("meal").all().compactMap { r in
                guard let d = CivilDate(text: try r.decode(column: "day", as: String.self)),
                    let meal = Meal(rawValue: try r.decode(column: "meal", as: String.self))
                else { return nil }
                return MenuDay(
                    day: d, meal: meal,
                    dishes: try r.decode(column: "dishes", as: String.self).split(separator: "\n").map(String.init))
            }
        }
    }

    /// Whether the principal may order for (and read the orders of) the resident: their scope holds the
    /// household, or the record is their own.
    static func mayOrder(_ sql: any SQLDatabase, _ principal: Principal, _ row: ResidentRow) async throws -> Bool {
        guard principal.can(.canteenOrder) else { return false }
        if row.accountId == principal.accountID { return true }
        return try await RegistryStore.scope(sql, principal, .canteenOrder).covers(row.place)
    }

    /// Orders a resident's meal before its cut-off at the price their groups allow; `delivery` for one
    /// who cannot walk to the canteen. 409 after the cut-off or when ordered already.
    public func order(
        residentID: Int64, day: CivilDate, meal: Meal, delivery: Bool, by principal: Principal, now: Date = Date()
    ) async throws -> MealOrderView {
        let id = try await database.write { sql in
            guard let row = try await registry.residentRow(sql, residentID, lock: true),
                try await Self.mayOrder(sql, principal, row)
            else { throw GridHubError.notFound("resident") }
            guard row.movedOut == nil else { throw GridHubError(.conflict, "moved_out", "The resident has moved out.") }
            let settings = try await Self.settings(sql, communityID: row.communityId)
            try CanteenRules.checkOpen(day: day, meal: meal, now: now, settings: settings)
            guard
                let price = CanteenRules.price(
                    tags: row.tagSet, birthDate: row.birthDate.flatMap(CivilDate.init(text:)), today: CivilDate(now),
                    settings: settings),
                let deadline = CanteenRules.deadline(day: day, meal: meal, settings: settings)
            else {
                throw GridHubError(
                    .unprocessable, "not_eligible", "The canteen serves residents from 60 and those in a special group (助餐对象).")
            }
            let existing = try await sql.select().columns("id", "state").from("meal_orders").where(
                "resident_id", .equal, residentID
            )
            .where("day", .equal, day.description).where("meal", .equal, meal.rawValue).first()
            let id: Int64
            if let existing {
                id = try existing.decode(column: "id", as: Int64.self)
                guard try existing.decode(column: "state", as: String.self) == "cancelled" else {
                    throw GridHubError(.conflict, "ordered_already", "This meal is ordered already.")
                }
                try await sql.update("meal_orders").set("state", to: "ordered").set("delivery", to: delivery)
                    .set("price_fen", to: price).set("standard_fen", to: settings.standardFen)
                    .set("ordered_by", to: principal.accountID).set("ordered_at", to: StoredTime.millis(now))
                    .where("id", .equal, id).run()
            } else {
                id = try await sql.insertReturningID(
                    into: "meal_orders",
                    OrderRow(
                        streetId: row.streetId, communityId: row.communityId, gridId: row.gridId, buildingId: row.buildingId,
                        householdId: row.householdId, residentId: residentID, day: day.description, meal: meal.rawValue,
                        priceFen: price, standardFen: settings.standardFen, delivery: delivery, state: "ordered",
                        orderedBy: principal.accountID, orderedAt: StoredTime.millis(now), deliverBy: StoredTime.millis(deadline))
                )
            }
            try await Self.announce(
                sql, CanteenEvent.ordered, id: id, row: row, day: day, meal: meal, by: principal.accountID, now: now)
            return id
        }
        return try await orderView(id)
    }

    /// Cancels an order before its cut-off.
    public func cancel(_ id: Int64, by principal: Principal, now: Date = Date()) async throws -> MealOrderView {
        try await database.write { sql in
            let (order, row) = try await Self.order(sql, id, lock: true)
            guard try await Self.mayOrder(sql, principal, row) else { throw GridHubError.notFound("order") }
            guard order.state == "ordered", let day = CivilDate(text: order.day), let meal = Meal(rawValue: order.meal) else {
                throw GridHubError(.conflict, "not_open", "Only an open order can be cancelled.")
            }
            try CanteenRules.checkOpen(
                day: day, meal: meal, now: now, settings: try await Self.settings(sql, communityID: order.communityId))
            try await sql.update("meal_orders").set("state", to: "cancelled").where("id", .equal, id).run()
            try await Self.announce(
                sql, CanteenEvent.cancelled, id: id, row: row, day: day, meal: meal, by: principal.accountID, now: now)
        }
        return try await orderView(id)
    }

    /// Confirms a delivery: `resident` (the resident confirmed on the deliverer's phone), `photo` (with a
    /// photo of the meal handed over) or `handed` (to a family member, with a note). On the meal's day only.
    public func confirm(
        _ id: Int64, how: String, note: String?, photos: [StoredPhoto], by principal: Principal, now: Date = Date()
    ) async throws -> MealOrderView {
        guard ["resident", "photo", "handed"].contains(how) else {
            throw GridHubError(.unprocessable, "invalid_confirmation", "Confirm by 'resident', 'photo' or 'handed'.")
        }
        if how == "photo", photos.isEmpty {
            throw GridHubError(.unprocessable, "photo_required", "A photo confirmation needs a photo.")
        }
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines).prefix(200).description
        if how == "handed", (note ?? "").isEmpty {
            throw GridHubError(.unprocessable, "note_required", "Say who took the meal (note).")
        }
        try await database.write { sql in
            let (order, row) = try await Self.order(sql, id, lock: true)
            let community = try community(order.communityId)
            guard principal.can(.canteenDeliver, on: Place(streetID: community.streetID, communityID: order.communityId)) else {
                throw GridHubError.notFound("order")
            }
            guard order.delivery, order.state == "ordered" || order.state == "missed" else {
                throw GridHubError(.conflict, "not_deliverable", "This order is not waiting for a delivery (\(order.state)).")
            }
            guard let day = CivilDate(text: order.day), CivilDate(now) == day, let meal = Meal(rawValue: order.meal) else {
                throw GridHubError(.conflict, "wrong_day", "A meal is confirmed on its day.")
            }
            try await sql.update("meal_orders").set("state", to: "delivered").set("delivered_at", to: StoredTime.millis(now))
                .set("delivered_by", to: principal.accountID).set("confirmation", to: how).set("note", to: note)
                .where("id", .equal, id).run()
            let event = try await Self.announce(
                sql, CanteenEvent.delivered, id: id, row: row, day: day, meal: meal, by: principal.accountID, now: now)
            try await Attachments.attach(sql, photos, to: Subject("meal", id), entry: event, now: now)
        }
        return try await orderView(id)
    }

    @discardableResult
    static func announce(
        _ sql: any SQLDatabase, _ kind: EventKind, id: Int64, row: ResidentRow, day: CivilDate, meal: Meal, by account: Int64?,
        now: Date
    ) async throws -> Int64 {
        try await EventLog.append(
            sql,
            DomainEvent(
                kind: kind, streetID: row.streetId, subject: Subject("meal", id), actorAccountID: account, at: now,
                facts: CanteenFacts(
                    communityID: row.communityId, gridID: row.gridId, residentID: row.id ?? 0, day: day, meal: meal,
                    address: try await Visits.address(sql, row))))
    }

    static func order(_ sql: any SQLDatabase, _ id: Int64, lock: Bool = false) async throws -> (OrderRow, ResidentRow) {
        let q = sql.select().columns("*").from("meal_orders").where("id", .equal, id)
        if lock, sql.flavor == .postgres { q.lockingClause(SQLLockingClause.update) }
        guard let order = try await q.row(OrderRow.self),
            let row = try await sql.select().columns("*").from("residents").where("id", .equal, order.residentId).row(
                ResidentRow.self)
        else { throw GridHubError.notFound("order") }
        return (order, row)
    }

    func orderView(_ id: Int64) async throws -> MealOrderView {
        try await database.read { sql in
            let (order, _) = try await Self.order(sql, id)
            return try await views(sql, [order])[0]
        }
    }

    func views(_ sql: any SQLDatabase, _ orders: [OrderRow]) async throws -> [MealOrderView] {
        let residents = Set(orders.map(\.residentId))
        var rows: [Int64: ResidentRow] = [:]
        if !residents.isEmpty {
            for r in try await sql.select().columns("*").from("residents").where("id", .in, SQLBind.group(residents.sorted()))
                .rows(ResidentRow.self)
            {
                rows[r.id ?? 0] = r
            }
        }
        let names = try await RegistryStore.names(sql, units: Set(rows.values.map(\.unitId)))
        let rooms = try await RegistryStore.rooms(sql, Set(orders.map(\.householdId)))
        let photos = try await Attachments.photos(sql, of: orders.map { Subject("meal", $0.id ?? 0) })
        return orders.map { o in
            let r = rows[o.residentId]
            let address = r.flatMap { names[$0.unitId] }.map { "\($0.building) \($0.unit) \(rooms[o.householdId] ?? "")" } ?? ""
            return MealOrderView(
                id: o.id ?? 0, residentID: o.residentId, name: r?.name ?? "", address: address,
                day: CivilDate(text: o.day) ?? CivilDate(Date()), meal: Meal(rawValue: o.meal) ?? .lunch, priceFen: o.priceFen,
                standardFen: o.standardFen, delivery: o.delivery, state: o.state, orderedAt: StoredTime.date(o.orderedAt),
                deliverBy: StoredTime.date(o.deliverBy), deliveredAt: o.deliveredAt.map(StoredTime.date),
                confirmation: o.confirmation,
                photos: photos[Subject("meal", o.id ?? 0)])
        }
    }

    /// The day's deliveries for a meal, in walking order from the canteen (the community's canteen
    /// position, else its first building).
    public func deliveries(communityID: Int64, day: CivilDate, meal: Meal, by principal: Principal) async throws -> DeliveryList {
        let community = try community(communityID)
        try principal.require(.canteenDeliver, on: Place(streetID: community.streetID, communityID: communityID))
        return try await database.read { sql in
            let settings = try await Self.settings(sql, communityID: communityID)
            let orders = try await sql.select().columns("*").from("meal_orders").where("community_id", .equal, communityID)
                .where("day", .equal, day.description).where("meal", .equal, meal.rawValue).where("delivery", .equal, true)
                .where("state", .notEqual, "cancelled").rows(OrderRow.self)
            var locations: [Int64: Coordinate] = [:]
            let buildings = Set(orders.map(\.buildingId))
            if !buildings.isEmpty {
                for b in try await sql.select().columns("id", "lat", "lon").from("buildings").where(
                    "id", .in, SQLBind.group(buildings.sorted())
                ).all() {
                    locations[try b.decode(column: "id", as: Int64.self)] = Coordinate(
                        lat: try b.decode(column: "lat", as: Double.self), lon: try b.decode(column: "lon", as: Double.self))
                }
            }
            let views = try await views(sql, orders)
            let byID = Dictionary(uniqueKeysWithValues: views.map { ($0.id, $0) })
            let start =
                settings.lat.flatMap { lat in settings.lon.map { Coordinate(lat: lat, lon: $0) } }
                ?? locations.sorted { $0.key < $1.key }.first?.value ?? Coordinate(lat: 0, lon: 0)
            let stops = orders.compactMap { o -> DeliveryRoute.Stop? in
                guard let at = locations[o.buildingId], let v = byID[o.id ?? 0] else { return nil }
                let parts = v.address.split(separator: " ").map(String.init)
                return DeliveryRoute.Stop(
                    key: o.id ?? 0, buildingID: o.buildingId, location: at, unit: parts.dropFirst().first ?? "",
                    room: parts.last ?? "")
            }
            let route = DeliveryRoute.order(from: start, stops)
            return DeliveryList(
                day: day, meal: meal, canteen: settings.name, metres: route.metres, stops: route.stops.compactMap { byID[$0.key] }
            )
        }
    }

    /// Flags deliveries not confirmed by their deadline: `missed`, and a notice to the community and
    /// the grid's workers (the sweep runs every minute, so within minutes of the deadline).
    public static func sweep(_ sql: any SQLDatabase, now: Date = Date(), limit: Int = 500) async throws -> Int {
        let late = try await sql.select().columns("*").from("meal_orders").where("state", .equal, "ordered")
            .where("delivery", .equal, true).where("deliver_by", .lessThan, StoredTime.millis(now)).limit(limit).rows(
                OrderRow.self)
        for order in late {
            try await sql.update("meal_orders").set("state", to: "missed").where("id", .equal, order.id ?? 0).run()
            guard
                let row = try await sql.select().columns("*").from("residents").where("id", .equal, order.residentId).row(
                    ResidentRow.self),
                let day = CivilDate(text: order.day), let meal = Meal(rawValue: order.meal)
            else { continue }
            try await announce(sql, CanteenEvent.missed, id: order.id ?? 0, row: row, day: day, meal: meal, by: nil, now: now)
        }
        return late.count
    }
}

struct OrderRow: Codable, Sendable {
    var id: Int64? = nil
    var streetId: Int64
    var communityId: Int64
    var gridId: Int64
    var buildingId: Int64
    var householdId: Int64
    var residentId: Int64
    var day: String
    var meal: String
    var priceFen: Int
    var standardFen: Int
    var delivery: Bool
    var state: String
    var orderedBy: Int64
    var orderedAt: Int64
    var deliverBy: Int64
    var deliveredAt: Int64? = nil
    var deliveredBy: Int64? = nil
    var confirmation: String? = nil
    var note: String? = nil
}

/// Who hears of meals (``CanteenNotices``).
public struct CanteenNoticePlanner: NoticePlanner {
    public let feature = "canteen"
    public init() {}

    public func notices(for event: DomainEvent, _ sql: any SQLDatabase) async throws -> [PlannedNotice] {
        CanteenNotices.plan(event.kind, try event.facts(CanteenFacts.self)).map {
            PlannedNotice(recipient: $0.recipient.key, kind: $0.kind, message: $0.message)
        }
    }
}
