import Foundation
import GridHubCore
import SQLKit

extension PointsStore {
    /// The street's ledger, newest first (audit): every entry, or one holder's; `before` pages back by id.
    public func ledger(holder: String?, month: CivilMonth?, before: Int64?, limit: Int, by principal: Principal) async throws
        -> [LedgerEntry]
    {
        let street = try Self.street(principal)
        try principal.require(.pointsRead, on: Place(streetID: street))
        return try await database.read { sql in
            let q = sql.select().columns("*").from("points_entries").where("street_id", .equal, street)
            if let holder {
                guard let key = PointsHolder(key: holder), let id = try await PointsLedger.existingID(sql, street: street, key)
                else { return [] }
                q.where { $0.where("debit_id", .equal, id).orWhere("credit_id", .equal, id) }
            }
            if let month {
                q.where("created_at", .greaterThanOrEqual, StoredTime.millis(month.start))
                    .where("created_at", .lessThan, StoredTime.millis(month.end))
            }
            if let before { q.where("id", .lessThan, before) }
            let rows = try await q.orderBy("id", .descending).limit(limit).all()
            let holders = try await Self.holders(sql, street: street)
            return try rows.compactMap { r in
                guard let phase = PointsPhase(rawValue: try r.decode(column: "phase", as: String.self)),
                    let kind = PointsEntryKind(rawValue: try r.decode(column: "kind", as: String.self))
                else { return nil }
                return LedgerEntry(
                    id: try r.decode(column: "id", as: Int64.self),
                    at: StoredTime.date(try r.decode(column: "created_at", as: Int64.self)),
                    debit: holders[try r.decode(column: "debit_id", as: Int64.self)] ?? "",
                    credit: holders[try r.decode(column: "credit_id", as: Int64.self)] ?? "",
                    amount: try r.decode(column: "amount", as: Int64.self), phase: phase, kind: kind,
                    reason: try r.decode(column: "reason", as: String.self),
                    subject: try r.decode(column: "subject", as: String?.self),
                    source: try r.decode(column: "source", as: String?.self),
                    resolves: try r.decode(column: "resolves", as: Int64?.self),
                    actorAccountID: try r.decode(column: "actor_account_id", as: Int64?.self))
            }
        }
    }

    static func holders(_ sql: any SQLDatabase, street: Int64) async throws -> [Int64: String] {
        var holders: [Int64: String] = [:]
        for r in try await sql.select().columns("id", "holder").from("points_accounts").where("street_id", .equal, street).all() {
            holders[try r.decode(column: "id", as: Int64.self)] = try r.decode(column: "holder", as: String.self)
        }
        return holders
    }

    /// A correction by the command centre (人工调整), audited: `amount` > 0 pays from the budget, < 0
    /// takes back into it. For the holder `budget` it funds the budget from the mint (or returns to it).
    /// 409 when the side paying lacks the points.
    public func adjust(holder: String, amount: Int, reason: String, by principal: Principal, now: Date = Date()) async throws
        -> PointsBalance
    {
        let street = try Self.street(principal)
        try principal.require(.pointsManage, on: Place(streetID: street))
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...200).contains(reason.count) else {
            throw GridHubError(.unprocessable, "reason_required", "Say why, in 2–200 characters.")
        }
        guard amount != 0, (-1_000_000...1_000_000).contains(amount) else {
            throw GridHubError(.unprocessable, "invalid_amount", "'amount' is ±1 to ±1000000 points, not 0.")
        }
        guard let target = PointsHolder(key: holder), target == .budget || target.isPerson else {
            throw GridHubError(.unprocessable, "invalid_holder", "'holder' is account:<id>, device:<id> or budget.")
        }
        return try await database.write { sql in
            if case .account(let id) = target {
                guard
                    try await sql.select().column("id").from("accounts").where("id", .equal, id).where(
                        "street_id", .equal, street
                    )
                    .first() != nil
                else { throw GridHubError.notFound("account") }
            }
            let source: PointsHolder = target == .budget ? .mint : .budget
            let (from, to) = amount > 0 ? (source, target) : (target, source)
            let kind: PointsEntryKind = target == .budget ? .fund : .adjust
            let outcome = try await PointsLedger.transfer(
                sql,
                .init(
                    streetID: street, from: from, to: to, amount: abs(amount), kind: kind, reason: reason,
                    actor: principal.accountID),
                at: now)
            guard case .written = outcome else {
                throw GridHubError(.conflict, "insufficient_points", "\(from.key) has fewer than \(abs(amount)) points.")
            }
            if target.isPerson {
                try await EventLog.append(
                    sql,
                    DomainEvent(
                        kind: PointsEvent.adjusted, streetID: street, subject: Subject("street", street),
                        actorAccountID: principal.accountID, at: now,
                        facts: PointsFacts(holder: target.key, amount: amount, reason: reason)))
            }
            try await AuditTrail.record(
                sql,
                AuditEntry(
                    at: now, actorID: principal.accountID, actor: principal.username, action: .pointsAdjust,
                    subject: target.key, detail: "\(amount) \(reason)"))
            return try await PointsLedger.balance(sql, street: street, target)
        }
    }

    /// The street's month: issued, taken back, redeemed, expired, the top earners, and whether the books
    /// balance now (budget + Σ balances + Σ held + shop = issued).
    public func month(_ month: CivilMonth, by principal: Principal) async throws -> PointsMonth {
        let street = try Self.street(principal)
        try principal.require(.pointsRead, on: Place(streetID: street))
        return try await database.read { sql in
            let window = (StoredTime.millis(month.start), StoredTime.millis(month.end))
            var sums: [String: Int64] = [:]
            for r in try await sql.raw(
                """
                SELECT kind, CAST(SUM(amount) AS BIGINT) AS total FROM points_entries WHERE street_id = \(bind: street)
                  AND created_at >= \(bind: window.0) AND created_at < \(bind: window.1) GROUP BY kind
                """
            ).all() {
                sums[try r.decode(column: "kind", as: String.self)] = try r.decode(column: "total", as: Int64.self)
            }
            var budget: Int64 = 0
            var balances: Int64 = 0
            var held: Int64 = 0
            var shop: Int64 = 0
            var issued: Int64 = 0
            for r in try await sql.select().columns("holder", "credits_posted", "debits_posted", "debits_pending")
                .from("points_accounts").where("street_id", .equal, street).all()
            {
                let available =
                    try r.decode(column: "credits_posted", as: Int64.self) - r.decode(column: "debits_posted", as: Int64.self)
                    - r.decode(column: "debits_pending", as: Int64.self)
                switch PointsHolder(key: try r.decode(column: "holder", as: String.self)) {
                case .mint: issued = -available
                case .budget: budget = available
                case .shop: shop = available
                case .account, .device:
                    balances += available
                    held += try r.decode(column: "debits_pending", as: Int64.self)
                case nil: break
                }
            }
            return PointsMonth(
                month: month.description, funded: sums["fund"] ?? 0, earned: sums["earn"] ?? 0, reversed: sums["reverse"] ?? 0,
                adjusted: sums["adjust"] ?? 0, redeemed: sums["redeem"] ?? 0, fulfilled: sums["fulfil"] ?? 0,
                expired: sums["expire"] ?? 0, cancelled: sums["cancel"] ?? 0, budget: budget, balances: balances, held: held,
                shop: shop, issued: issued, balanced: budget + balances + held + shop == issued,
                topEarners: try await Self.topEarners(sql, street: street, window))
        }
    }

    static func topEarners(_ sql: any SQLDatabase, street: Int64, _ window: (Int64, Int64)) async throws -> [PointsMonth.Earner] {
        let rows = try await sql.raw(
            """
            SELECT a.holder AS holder, CAST(SUM(e.amount) AS BIGINT) AS earned FROM points_entries e JOIN points_accounts a ON a.id = e.credit_id
            WHERE e.street_id = \(bind: street) AND e.kind = 'earn' AND e.created_at >= \(bind: window.0)
              AND e.created_at < \(bind: window.1)
            GROUP BY a.holder ORDER BY earned DESC, a.holder LIMIT 10
            """
        ).all()
        let earned = try rows.map {
            (try $0.decode(column: "holder", as: String.self), try $0.decode(column: "earned", as: Int64.self))
        }
        let names = try await names(sql, earned.map(\.0))
        return earned.map { PointsMonth.Earner(holder: $0.0, name: names[$0.0] ?? $0.0, earned: $0.1) }
    }

    /// What a screen calls each holder: an account's display name, a rider's device by its last characters.
    static func names(_ sql: any SQLDatabase, _ holders: [String]) async throws -> [String: String] {
        var names: [String: String] = [:]
        var accounts: [Int64: String] = [:]
        for key in Set(holders) {
            switch PointsHolder(key: key) {
            case .account(let id): accounts[id] = key
            case .device(let id): names[key] = "骑手（设备尾号 \(id.suffix(4))）"
            case .budget: names[key] = "积分预算"
            case .shop: names[key] = "积分超市"
            case .mint: names[key] = "积分发行"
            case nil: break
            }
        }
        if !accounts.isEmpty {
            for r in try await sql.select().columns("id", "display_name").from("accounts")
                .where("id", .in, SQLBind.group(accounts.keys.sorted())).all()
            {
                if let key = accounts[try r.decode(column: "id", as: Int64.self)] {
                    names[key] = try r.decode(column: "display_name", as: String.self)
                }
            }
        }
        return names
    }
}
