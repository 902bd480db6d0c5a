import Foundation
import GridHubCore
import SQLKit

/// Points (积分): a person's balance and statement, the street's rules, ledger and month, and the
/// command centre's corrections. Earning is ``PointsSubscriber``'s; the shop is ``ShopStore``'s.
public struct PointsStore: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    static func street(_ principal: Principal) throws -> Int64 {
        guard let street = principal.streetID else {
            throw GridHubError(.unprocessable, "street_required", "The account belongs to no street.")
        }
        return street
    }

    // MARK: Rules

    static func rules(_ sql: any SQLDatabase, street: Int64) async throws -> PointsRules {
        guard let row = try await sql.select().column("rules").from("points_rules").where("street_id", .equal, street).first(),
            let rules = try? JSONDecoder().decode(
                PointsRules.self, from: Data(try row.decode(column: "rules", as: String.self).utf8))
        else { return .standard }
        return rules
    }

    public func rules(by principal: Principal) async throws -> PointsRules {
        let street = try Self.street(principal)
        return try await database.read { sql in try await Self.rules(sql, street: street) }
    }

    public func setRules(_ rules: PointsRules, by principal: Principal, now: Date = Date()) async throws -> PointsRules {
        let street = try Self.street(principal)
        try principal.require(.pointsManage, on: Place(streetID: street))
        let rules = try rules.validated()
        let text = String(decoding: try JSONEncoder().encode(rules), as: UTF8.self)
        try await database.write { sql in
            try await sql.delete(from: "points_rules").where("street_id", .equal, street).run()
            try await sql.insert(into: "points_rules").columns("street_id", "rules", "updated_at", "updated_by")
                .values(SQLBind(street), SQLBind(text), SQLBind(StoredTime.millis(now)), SQLBind(principal.accountID)).run()
            try await AuditTrail.record(
                sql,
                AuditEntry(
                    at: now, actorID: principal.accountID, actor: principal.username, action: .pointsRules,
                    subject: "street:\(street)", detail: text))
        }
        return rules
    }

    // MARK: A person's points

    /// The principal's balance, today's earnings against the cap, and their latest `limit` lines.
    public func summary(by principal: Principal, limit: Int = 50, now: Date = Date()) async throws -> PointsSummary {
        try await summary(of: .account(principal.accountID), street: try Self.street(principal), limit: limit, now: now)
    }

    /// An anonymous rider's device's points (the caller has checked its token); empty before it reported here.
    public func summary(device: String, limit: Int = 50, now: Date = Date()) async throws -> PointsSummary {
        guard let street = try await database.read({ sql in try await RiderClaims.street(sql, device: device) }) else {
            return PointsSummary(
                holder: PointsHolder.device(device).key, available: 0, held: 0, earnedToday: 0,
                dailyCap: PointsRules.standard.dailyCap, lines: [])
        }
        return try await summary(of: .device(device), street: street, limit: limit, now: now)
    }

    func summary(of holder: PointsHolder, street: Int64, limit: Int, now: Date) async throws -> PointsSummary {
        try await database.read { sql in
            let balance = try await PointsLedger.balance(sql, street: street, holder)
            let rules = try await Self.rules(sql, street: street)
            guard let account = try await PointsLedger.existingID(sql, street: street, holder) else {
                return PointsSummary(
                    holder: holder.key, available: 0, held: 0, earnedToday: 0, dailyCap: rules.dailyCap, lines: [])
            }
            let lines = try await Self.lines(sql, account: account, from: nil, to: nil, newestFirst: true, limit: limit)
            return PointsSummary(
                holder: holder.key, available: balance.available, held: balance.held,
                earnedToday: try await Self.earned(sql, account: account, since: CivilDate(now).start),
                dailyCap: rules.dailyCap, lines: lines)
        }
    }

    /// A month of the principal's points: opening + Σ changes = closing.
    public func statement(month: CivilMonth, by principal: Principal) async throws -> PointsStatement {
        let street = try Self.street(principal)
        let holder = PointsHolder.account(principal.accountID)
        return try await database.read { sql in
            guard let account = try await PointsLedger.existingID(sql, street: street, holder) else {
                return PointsStatement(holder: holder.key, month: month.description, opening: 0, closing: 0, lines: [])
            }
            let before = try await Self.lines(sql, account: account, from: nil, to: month.start, newestFirst: false, limit: nil)
            let lines = try await Self.lines(
                sql, account: account, from: month.start, to: month.end, newestFirst: false, limit: nil)
            let opening = before.reduce(0) { $0 + $1.change }
            return PointsStatement(
                holder: holder.key, month: month.description, opening: opening,
                closing: lines.reduce(opening) { $0 + $1.change }, lines: lines)
        }
    }

    /// Points earned (less what was taken back) by an account since a moment: what the daily cap counts.
    static func earned(_ sql: any SQLDatabase, account: Int64, since: Date) async throws -> Int64 {
        let since = StoredTime.millis(since)
        func sum(_ column: String, _ kind: PointsEntryKind) async throws -> Int64 {
            try await sql.raw(
                """
                SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS total FROM points_entries
                WHERE \(ident: column) = \(bind: account) AND kind = \(bind: kind.rawValue) AND created_at >= \(bind: since)
                """
            ).first()?.decode(column: "total", as: Int64.self) ?? 0
        }
        return try await sum("credit_id", .earn) - sum("debit_id", .reverse)
    }

    /// An account's lines, each with its effect on the available balance and on what is held.
    static func lines(
        _ sql: any SQLDatabase, account: Int64, from: Date?, to: Date?, newestFirst: Bool, limit: Int?
    ) async throws -> [PointsLine] {
        let q = sql.select().columns("id", "debit_id", "credit_id", "amount", "phase", "kind", "reason", "subject", "created_at")
            .from("points_entries")
            .where { $0.where("debit_id", .equal, account).orWhere("credit_id", .equal, account) }
        if let from { q.where("created_at", .greaterThanOrEqual, StoredTime.millis(from)) }
        if let to { q.where("created_at", .lessThan, StoredTime.millis(to)) }
        q.orderBy("created_at", newestFirst ? .descending : .ascending).orderBy("id", newestFirst ? .descending : .ascending)
        if let limit { q.limit(limit) }
        return try await q.all().compactMap { r in
            guard let kind = PointsEntryKind(rawValue: try r.decode(column: "kind", as: String.self)),
                let phase = PointsPhase(rawValue: try r.decode(column: "phase", as: String.self))
            else { return nil }
            let amount = try r.decode(column: "amount", as: Int64.self)
            let debit = try r.decode(column: "debit_id", as: Int64.self) == account
            let (change, held) = Self.effect(amount: amount, phase: phase, debit: debit)
            return PointsLine(
                id: try r.decode(column: "id", as: Int64.self),
                at: StoredTime.date(try r.decode(column: "created_at", as: Int64.self)),
                kind: kind, kindName: kind.chineseName, reason: try r.decode(column: "reason", as: String.self), amount: amount,
                change: change, heldChange: held, subject: try r.decode(column: "subject", as: String?.self))
        }
    }

    /// How an entry moves one side's available points and held points.
    static func effect(amount: Int64, phase: PointsPhase, debit: Bool) -> (available: Int64, held: Int64) {
        switch (phase, debit) {
        case (.posted, true): (-amount, 0)
        case (.posted, false): (amount, 0)
        case (.pending, true): (-amount, amount)
        case (.post, true): (0, -amount)
        case (.void, true): (amount, -amount)
        case (.pending, false), (.void, false): (0, 0)
        case (.post, false): (amount, 0)
        }
    }
}
