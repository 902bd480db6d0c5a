import Foundation
import GridHubCore
import SQLKit

extension ShopStore {
    /// Redeems `quantity` of an item: the stock is reserved and the points held in one transaction, and
    /// the answer is a pickup code valid for the street's hold days. 409 when the item is off sale or
    /// out of stock, the points do not cover it, or the month's limit is reached.
    public func redeem(itemID: Int64, quantity: Int, by principal: Principal, now: Date = Date()) async throws -> RedemptionView {
        try principal.require(.pointsRedeem, on: nil)
        try Redemption.checkQuantity(quantity)
        let street = try PointsStore.street(principal)
        let holder = PointsHolder.account(principal.accountID)
        // Read before the write (off the one writer): a rule changed a moment ago may give this hold the
        // old number of days.
        let (rules, name) = try await database.read { sql in
            (try await PointsStore.rules(sql, street: street), try await PointsStore.names(sql, [holder.key])[holder.key] ?? "")
        }
        return try await database.write { sql in
            // The stock first, in one statement that also reads the item (and locks it on PostgreSQL).
            guard
                let item = try await sql.raw(
                    """
                    UPDATE shop_items SET stock = stock - \(bind: quantity)
                    WHERE id = \(bind: itemID) AND street_id = \(bind: street) AND stock >= \(bind: quantity) RETURNING *
                    """
                ).first(decoding: ShopItemRow.self, keyDecodingStrategy: SQLColumnNames.decoding)
            else {
                guard let item = try await Self.itemRow(sql, itemID), item.streetId == street else {
                    throw GridHubError.notFound("item")
                }
                throw GridHubError(.conflict, "out_of_stock", "「\(item.name)」has fewer than \(quantity) left.")
            }
            guard item.input.onSale(CivilDate(now)) else {
                throw GridHubError(.conflict, "not_on_sale", "「\(item.name)」is not on sale now.")
            }
            guard let amount = Redemption.cost(price: item.price, quantity: quantity) else {
                throw GridHubError(.unprocessable, "invalid_quantity", "That many would cost more than the ledger allows.")
            }
            let outcome = try await PointsLedger.hold(
                sql,
                .init(
                    streetID: street, from: holder, to: .shop, amount: amount, kind: .redeem,
                    reason: "兑换「\(item.name)」× \(quantity)", subject: "shop_item:\(itemID)", actor: principal.accountID),
                at: now)
            guard case .written(let entry) = outcome else {
                throw GridHubError(.conflict, "insufficient_points", "「\(item.name)」× \(quantity) needs \(amount) points.")
            }
            let month = CivilMonth(now).description
            if let limit = item.monthlyLimit {
                let taken =
                    try await sql.raw(
                        """
                        SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) AS taken FROM points_holds WHERE holder = \(bind: holder.key)
                          AND item_id = \(bind: itemID) AND month = \(bind: month) AND state IN ('held', 'fulfilled')
                        """
                    ).first()?.decode(column: "taken", as: Int.self) ?? 0
                guard taken + quantity <= limit else {
                    throw GridHubError(
                        .conflict, "monthly_limit", "「\(item.name)」is limited to \(limit) a month per person; \(taken) taken.")
                }
            }
            let hold = HoldRow(
                streetId: street, communityId: item.communityId, itemId: itemID, holder: holder.key, entryId: entry,
                code: PickupCode.make(), quantity: quantity, amount: Int64(amount), month: month, state: .held,
                createdAt: StoredTime.millis(now),
                expiresAt: StoredTime.millis(now.addingTimeInterval(Double(rules.holdDays) * 86_400)))
            var written = hold
            written.id = try await sql.insertReturningID(into: "points_holds", hold)
            try await PointsStore.announce(
                sql, PointsEvent.redeemed, street: street, at: now,
                PointsFacts(holder: holder.key, amount: amount, reason: "兑换", itemName: item.name, communityID: item.communityId))
            return Self.view(written, item: item, name: name)
        }
    }

    /// Hands a redemption out at the counter (核销) by its code: its hold is posted, once. 409 when it was
    /// collected, cancelled or has expired; 404 for a code unknown here.
    public func fulfil(code typed: String, by principal: Principal, now: Date = Date()) async throws -> RedemptionView {
        let hold = try await database.write { sql in
            let hold = try await counterHold(sql, typed, principal)
            try hold.state.requireHeld()
            guard hold.expiresAt > StoredTime.millis(now) else {
                throw GridHubError(.conflict, "already_expired", "This code expired; its points return to the resident.")
            }
            try await Self.settle(sql, hold, ending: .fulfil, by: principal.accountID, now: now)
            return hold
        }
        return try await redemption(hold.id ?? 0)
    }

    /// The resident takes back a redemption not collected yet: points and stock return.
    public func cancel(_ id: Int64, by principal: Principal, now: Date = Date()) async throws -> RedemptionView {
        try await database.write { sql in
            guard let hold = try await Self.hold(sql, id: id), hold.holder == PointsHolder.account(principal.accountID).key else {
                throw GridHubError.notFound("redemption")
            }
            try hold.state.requireHeld()
            try await Self.settle(sql, hold, ending: .cancel, by: principal.accountID, now: now)
        }
        return try await redemption(id)
    }

    /// Expires redemptions not collected by their time: points and stock return (every minute, one
    /// instance at a time through the job queue).
    public static func sweep(_ sql: any SQLDatabase, now: Date = Date(), limit: Int = 500) async throws -> Int {
        // Claimed first, all together: a counter fulfilling one of them waits for this sweep to end,
        // and the sweep never waits on a counter (a hold it holds is skipped until the next sweep).
        let due = try await sql.claiming(
            sql.select().columns("*").from("points_holds").where("state", .equal, RedemptionState.held.rawValue)
                .where("expires_at", .lessThanOrEqual, StoredTime.millis(now)).orderBy("expires_at").limit(limit)
        ).rows(HoldRow.self)
        var expired = 0
        for hold in due where try await settle(sql, hold, ending: .expire, by: nil, now: now) {
            expired += 1
        }
        return expired
    }

    /// Ends a held redemption once: the state moves only from `held` (whoever moves it first wins — a
    /// fulfil racing the sweep), then the hold is posted or voided and, unless collected, the stock
    /// returns. False when another got there first.
    @discardableResult
    static func settle(_ sql: any SQLDatabase, _ hold: HoldRow, ending kind: PointsEntryKind, by actor: Int64?, now: Date)
        async throws -> Bool
    {
        guard let state = RedemptionState(ending: kind), let event = state.event else {
            throw GridHubError(.unprocessable, "not_an_end", "A redemption ends by fulfil, expire or cancel.")
        }
        guard
            try await sql.raw(
                """
                UPDATE points_holds SET state = \(bind: state.rawValue), resolved_at = \(bind: StoredTime.millis(now)),
                  resolved_by = \(bind: actor)
                WHERE id = \(bind: hold.id ?? 0) AND state = 'held' RETURNING id
                """
            ).first() != nil
        else { return false }
        let collected = kind == .fulfil
        let item = try await itemRow(sql, hold.itemId)
        if !collected {
            try await sql.raw("UPDATE shop_items SET stock = stock + \(bind: hold.quantity) WHERE id = \(bind: hold.itemId)")
                .run()
        }
        let name = item?.name ?? ""
        guard
            try await PointsLedger.resolve(
                sql, pending: hold.entryId, post: collected, kind: kind, reason: "\(kind.chineseName)「\(name)」× \(hold.quantity)",
                actor: actor, at: now)
        else { throw GridHubError(.conflict, "already_resolved", "This redemption was settled already.") }
        try await PointsStore.announce(
            sql, event, street: hold.streetId, at: now,
            PointsFacts(
                holder: hold.holder, amount: Int(hold.amount), reason: kind.chineseName, itemName: name,
                communityID: hold.communityId))
        return true
    }

    /// The redemption behind a typed code, if the principal may hand it out; 404 otherwise.
    func counterHold(_ sql: any SQLDatabase, _ typed: String, _ principal: Principal) async throws -> HoldRow {
        guard let code = PickupCode.normalised(typed) else {
            throw GridHubError(.unprocessable, "invalid_code", "A pickup code is 8 letters and digits.")
        }
        let q = sql.select().columns("*").from("points_holds").where("code", .equal, code)
        if sql.flavor == .postgres { q.lockingClause(SQLLockingClause.update) }
        guard let hold = try await q.row(HoldRow.self), let item = try await Self.itemRow(sql, hold.itemId),
            principal.mayFulfil(
                at: item.input.pickup, in: Place(streetID: hold.streetId, communityID: hold.communityId))
        else { throw GridHubError.notFound("redemption") }
        return hold
    }

    static func hold(_ sql: any SQLDatabase, id: Int64) async throws -> HoldRow? {
        try await sql.select().columns("*").from("points_holds").where("id", .equal, id).row(HoldRow.self)
    }

    // MARK: Reading

    /// What the counter sees for a code before handing it out.
    public func lookup(code: String, by principal: Principal) async throws -> RedemptionView {
        let hold = try await database.read { sql in try await counterHold(sql, code, principal) }
        return try await redemption(hold.id ?? 0)
    }

    /// The principal's own redemptions, newest first.
    public func mine(by principal: Principal, limit: Int = 50) async throws -> [RedemptionView] {
        try await database.read { sql in
            let rows = try await sql.select().columns("*").from("points_holds")
                .where("holder", .equal, PointsHolder.account(principal.accountID).key).orderBy("id", .descending).limit(limit)
                .rows(HoldRow.self)
            return try await views(sql, rows)
        }
    }

    /// A community's redemptions at the counter (held ones first), for its staff.
    public func counter(communityID: Int64, state: RedemptionState?, limit: Int, by principal: Principal) async throws
        -> [RedemptionView]
    {
        let community = try community(communityID)
        try principal.require(.pointsFulfil, on: Place(streetID: community.streetID, communityID: communityID))
        return try await database.read { sql in
            let q = sql.select().columns("*").from("points_holds").where("community_id", .equal, communityID)
            if let state { q.where("state", .equal, state.rawValue) }
            return try await views(sql, try await q.orderBy("id", .descending).limit(limit).rows(HoldRow.self))
        }
    }

    func redemption(_ id: Int64) async throws -> RedemptionView {
        try await database.read { sql in
            guard let hold = try await Self.hold(sql, id: id) else { throw GridHubError.notFound("redemption") }
            return try await views(sql, [hold])[0]
        }
    }

    func views(_ sql: any SQLDatabase, _ holds: [HoldRow]) async throws -> [RedemptionView] {
        var items: [Int64: ShopItemRow] = [:]
        let ids = Set(holds.map(\.itemId))
        if !ids.isEmpty {
            for item in try await sql.select().columns("*").from("shop_items").where("id", .in, SQLBind.group(ids.sorted()))
                .rows(ShopItemRow.self)
            {
                items[item.id ?? 0] = item
            }
        }
        let names = try await PointsStore.names(sql, holds.map(\.holder))
        return holds.map { Self.view($0, item: items[$0.itemId], name: names[$0.holder] ?? "") }
    }

    static func view(_ h: HoldRow, item: ShopItemRow?, name: String) -> RedemptionView {
        let pickup = item.map(\.input.pickup) ?? .shop
        return RedemptionView(
            id: h.id ?? 0, code: h.code, itemID: h.itemId, itemName: item?.name ?? "", communityID: h.communityId, pickup: pickup,
            pickupName: pickup.chineseName, quantity: h.quantity, amount: h.amount, state: h.state, holder: h.holder,
            holderName: name, createdAt: StoredTime.date(h.createdAt), expiresAt: StoredTime.date(h.expiresAt),
            resolvedAt: h.resolvedAt.map(StoredTime.date), qrSvg: h.state == .held ? QRCode(h.code)?.svg(scale: 6) : nil)
    }
}

struct HoldRow: Codable, Sendable {
    var id: Int64? = nil
    var streetId: Int64
    var communityId: Int64
    var itemId: Int64
    var holder: String
    var entryId: Int64
    var code: String
    var quantity: Int
    var amount: Int64
    var month: String
    var state: RedemptionState
    var createdAt: Int64
    var expiresAt: Int64
    var resolvedAt: Int64? = nil
    var resolvedBy: Int64? = nil
}
