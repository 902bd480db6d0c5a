import Foundation
import GridHubCore
import SQLKit

/// Paying and taking back earned points, on the transaction that handles the event (``PointsSubscriber``).
extension PointsStore {
    /// Pays `amount` from the budget to `holder`, once for `source`, within the daily cap, if the holder
    /// may earn at all (a rider's device, or an account holding no staff role). Returns what was paid.
    /// An empty budget pays nothing and tells the command centre (``PointsEvent/unfunded``).
    @discardableResult
    package static func earn(
        _ sql: any SQLDatabase, street: Int64, holder: PointsHolder, amount: Int, reason: String, subject: String,
        source: String, rules: PointsRules, at: Date
    ) async throws -> Int {
        // A street that never funded a budget runs no points scheme: nothing is paid, and nobody is told.
        var holder = holder
        if case .device(let id) = holder, let account = try await RiderClaims.linked(sql, device: id) {
            holder = .account(account)  // a claimed device earns for its rider's account
        }
        guard amount > 0, try await PointsLedger.existingID(sql, street: street, .budget) != nil,
            try await mayEarn(sql, holder)
        else { return 0 }
        let account = try await PointsLedger.accountID(sql, street: street, holder, now: at)
        let today = try await earned(sql, account: account, since: CivilDate(at).start)
        let paid = rules.capped(amount, earnedToday: Int(clamping: today))
        guard paid > 0 else { return 0 }
        let said = paid < amount ? "\(reason)（已达每日上限 \(rules.dailyCap) 分，实得 \(paid) 分）" : reason
        let outcome = try await PointsLedger.transfer(
            sql,
            .init(
                streetID: street, from: .budget, to: holder, amount: paid, kind: .earn, reason: said, subject: subject,
                source: source),
            at: at)
        switch outcome {
        case .written:
            try await announce(
                sql, PointsEvent.earned, street: street, at: at, PointsFacts(holder: holder.key, amount: paid, reason: said))
            return paid
        case .alreadyPaid: return 0
        case .insufficient:
            try await announce(
                sql, PointsEvent.unfunded, street: street, at: at, PointsFacts(holder: holder.key, amount: paid, reason: said))
            return 0
        }
    }

    /// Takes back what was earned on `subject` (each earning once), from `holders` or from everyone:
    /// as much as each still has (points already spent are not clawed below zero; the reason says so).
    @discardableResult
    package static func reverse(
        _ sql: any SQLDatabase, street: Int64, subject: String, holders: Set<String>?, reason: String, at: Date
    ) async throws -> [(holder: String, amount: Int)] {
        let rows = try await sql.raw(
            """
            SELECT e.id AS id, e.amount AS amount, a.holder AS holder FROM points_entries e
            JOIN points_accounts a ON a.id = e.credit_id
            WHERE e.street_id = \(bind: street) AND e.subject = \(bind: subject) AND e.kind = 'earn' ORDER BY e.id
            """
        ).all()
        var taken = [(holder: String, amount: Int)]()
        for r in rows {
            let key = try r.decode(column: "holder", as: String.self)
            guard holders?.contains(key) ?? true, let holder = PointsHolder(key: key) else { continue }
            let earned = try r.decode(column: "amount", as: Int.self)
            let available = try await PointsLedger.balance(sql, street: street, holder).available
            let amount = min(earned, Int(clamping: max(0, available)))
            guard amount > 0 else { continue }
            let said = amount < earned ? "\(reason)（积分已使用，撤销 \(amount) 分）" : reason
            let outcome = try await PointsLedger.transfer(
                sql,
                .init(
                    streetID: street, from: holder, to: .budget, amount: amount, kind: .reverse, reason: said, subject: subject,
                    source: "reverse:\(try r.decode(column: "id", as: Int64.self))"),
                at: at)
            if case .written = outcome {
                try await announce(
                    sql, PointsEvent.reversed, street: street, at: at, PointsFacts(holder: key, amount: amount, reason: said))
                taken.append((key, amount))
            }
        }
        return taken
    }

    /// A rider's device may earn; an account only while every role it holds is a resident's or a head's
    /// (staff are paid for their work otherwise).
    static func mayEarn(_ sql: any SQLDatabase, _ holder: PointsHolder) async throws -> Bool {
        switch holder {
        case .device: return true
        case .mint, .budget, .shop: return false
        case .account(let id):
            let rows = try await sql.raw(
                "SELECT role FROM accounts WHERE id = \(bind: id) UNION SELECT role FROM account_roles WHERE account_id = \(bind: id)"
            ).all()
            let roles = try rows.map { Role(rawValue: try $0.decode(column: "role", as: String.self)) }
            return !roles.isEmpty && roles.allSatisfy { $0.map(\.earnsPoints) ?? false }
        }
    }

    static func announce(_ sql: any SQLDatabase, _ kind: EventKind, street: Int64, at: Date, _ facts: PointsFacts) async throws {
        try await EventLog.append(
            sql,
            DomainEvent(
                kind: kind, streetID: street, subject: Subject("street", street), actorAccountID: nil, at: at, facts: facts))
    }
}
