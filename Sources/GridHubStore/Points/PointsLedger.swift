import Foundation
import GridHubCore
import SQLKit

/// The ledger's few moves, on an open transaction (TigerBeetle's invariants): an entry is written once
/// and never changed; the accounts it touches move in the same transaction, each debit only when the
/// balance covers it (a conditional update: the row lock on PostgreSQL, the one writer on SQLite), so no
/// balance but the mint's ever goes below zero; an entry's `source` pays at most once and a pending
/// entry is resolved (`resolves`) at most once — both unique in the table, so a second attempt, however
/// concurrent, finds the first and writes nothing.
enum PointsLedger {
    /// One movement of points.
    struct Movement: Sendable {
        var streetID: Int64
        var from: PointsHolder
        var to: PointsHolder
        var amount: Int
        var kind: PointsEntryKind
        var reason: String
        /// What it is about (`case:12`, `hold:3`): a reversal finds a case's earnings by it.
        var subject: String? = nil
        /// What may pay only once (`case:12:verified:account:7`); nil for none.
        var source: String? = nil
        var actor: Int64? = nil
    }

    enum Outcome: Equatable, Sendable {
        case written(Int64)
        /// Its source has been paid already.
        case alreadyPaid
        /// The debit side's available balance does not cover it.
        case insufficient
    }

    /// The account's id, made on first use.
    static func accountID(_ sql: any SQLDatabase, street: Int64, _ holder: PointsHolder, now: Date) async throws -> Int64 {
        if let id = try await existingID(sql, street: street, holder) { return id }
        try await sql.insert(into: "points_accounts")
            .columns("street_id", "holder", "credits_posted", "debits_posted", "debits_pending", "credits_pending", "updated_at")
            .values(
                SQLBind(street), SQLBind(holder.key), SQLBind(0), SQLBind(0), SQLBind(0), SQLBind(0),
                SQLBind(StoredTime.millis(now))
            )
            .ignoringConflicts(with: ["street_id", "holder"]).run()
        guard let id = try await existingID(sql, street: street, holder) else { throw GridHubError.notFound("points account") }
        return id
    }

    static func existingID(_ sql: any SQLDatabase, street: Int64, _ holder: PointsHolder) async throws -> Int64? {
        try await sql.select().column("id").from("points_accounts").where("street_id", .equal, street)
            .where("holder", .equal, holder.key).first()?.decode(column: "id", as: Int64.self)
    }

    /// Moves points at once (`posted`).
    static func transfer(_ sql: any SQLDatabase, _ m: Movement, at: Date) async throws -> Outcome {
        try await write(sql, m, phase: .posted, at: at)
    }

    /// Reserves points on the debit side until ``resolve(_:pending:post:kind:reason:actor:at:)``.
    static func hold(_ sql: any SQLDatabase, _ m: Movement, at: Date) async throws -> Outcome {
        try await write(sql, m, phase: .pending, at: at)
    }

    private static func write(_ sql: any SQLDatabase, _ m: Movement, phase: PointsPhase, at: Date) async throws -> Outcome {
        guard m.amount > 0 else { throw GridHubError(.unprocessable, "invalid_amount", "An amount is at least 1 point.") }
        let debitColumn = phase == .pending ? "debits_pending" : "debits_posted"
        let creditColumn = phase == .pending ? "credits_pending" : "credits_posted"
        let now = StoredTime.millis(at)
        // On PostgreSQL both rows are locked first, in id order (see ``pair``); SQLite has one writer.
        if sql.flavor == .postgres || m.source != nil {
            let (debit, credit) = try await pair(sql, street: m.streetID, m.from, m.to, at: at)
            if m.source != nil {
                // A source pays once: its entry goes first, so a second writer of the same source waits
                // on the unique index, then finds it and moves nothing.
                guard let entry = try await insertEntry(sql, m, debit: debit, credit: credit, phase: phase, resolves: nil, at: at)
                else { return .alreadyPaid }
                guard try await move(sql, m, debitColumn, creditColumn, now: now) != nil else {
                    // Not committed yet, so the entry can still go: nothing of this movement remains.
                    try await sql.delete(from: "points_entries").where("id", .equal, entry).run()
                    return .insufficient
                }
                return .written(entry)
            }
        }
        guard let (debit, credit) = try await move(sql, m, debitColumn, creditColumn, now: now) else { return .insufficient }
        guard let entry = try await insertEntry(sql, m, debit: debit, credit: credit, phase: phase, resolves: nil, at: at) else {
            throw GridHubError(.conflict, "already_written", "This movement was written already.")
        }
        return .written(entry)
    }

    /// Debits one side when its balance covers the amount (the mint always) and credits the other, each
    /// found by its holder; the two ids, or nil (and nothing moved) when the debit side lacks the points.
    private static func move(_ sql: any SQLDatabase, _ m: Movement, _ debitColumn: String, _ creditColumn: String, now: Int64)
        async throws -> (Int64, Int64)?
    {
        func debit() async throws -> Int64? {
            try await sql.raw(
                """
                UPDATE points_accounts SET \(ident: debitColumn) = \(ident: debitColumn) + \(bind: m.amount), updated_at = \(bind: now)
                WHERE street_id = \(bind: m.streetID) AND holder = \(bind: m.from.key)
                  AND (holder = 'mint' OR credits_posted - debits_posted - debits_pending >= \(bind: m.amount))
                RETURNING id
                """
            ).first()?.decode(column: "id", as: Int64.self)
        }
        var debited = try await debit()
        if debited == nil, m.from.mayGoNegative {  // the mint's first issue
            _ = try await accountID(sql, street: m.streetID, m.from, now: StoredTime.date(now))
            debited = try await debit()
        }
        guard let debit = debited else { return nil }
        for attempt in 0..<2 {
            if let credit = try await sql.raw(
                """
                UPDATE points_accounts SET \(ident: creditColumn) = \(ident: creditColumn) + \(bind: m.amount), updated_at = \(bind: now)
                WHERE street_id = \(bind: m.streetID) AND holder = \(bind: m.to.key) RETURNING id
                """
            ).first()?.decode(column: "id", as: Int64.self) {
                return (debit, credit)
            }
            guard attempt == 0 else { break }
            _ = try await accountID(sql, street: m.streetID, m.to, now: StoredTime.date(now))  // its first use
        }
        throw GridHubError.notFound("points account")
    }

    /// Posts (`post: true`) or voids a pending entry, once: false when it was resolved already.
    static func resolve(
        _ sql: any SQLDatabase, pending: Int64, post: Bool, kind: PointsEntryKind, reason: String, actor: Int64?, at: Date
    ) async throws -> Bool {
        guard
            let row = try await sql.select().columns("street_id", "debit_id", "credit_id", "amount", "phase", "subject")
                .from("points_entries").where("id", .equal, pending).first(),
            try row.decode(column: "phase", as: String.self) == PointsPhase.pending.rawValue
        else { throw GridHubError.notFound("pending entry") }
        let debit = try row.decode(column: "debit_id", as: Int64.self)
        let credit = try row.decode(column: "credit_id", as: Int64.self)
        let amount = try row.decode(column: "amount", as: Int.self)
        try await lock(sql, [debit, credit])
        let m = Movement(
            streetID: try row.decode(column: "street_id", as: Int64.self), from: .mint, to: .mint, amount: amount, kind: kind,
            reason: reason, subject: try row.decode(column: "subject", as: String?.self), actor: actor)
        guard
            try await insertEntry(sql, m, debit: debit, credit: credit, phase: post ? .post : .void, resolves: pending, at: at)
                != nil
        else { return false }
        let now = StoredTime.millis(at)
        let debitPosted = post ? amount : 0
        try await sql.raw(
            """
            UPDATE points_accounts SET debits_pending = debits_pending - \(bind: amount),
              debits_posted = debits_posted + \(bind: debitPosted), updated_at = \(bind: now)
            WHERE id = \(bind: debit)
            """
        ).run()
        try await sql.raw(
            """
            UPDATE points_accounts SET credits_pending = credits_pending - \(bind: amount),
              credits_posted = credits_posted + \(bind: debitPosted), updated_at = \(bind: now)
            WHERE id = \(bind: credit)
            """
        ).run()
        return true
    }

    /// The two accounts' ids (made on first use), in one statement that on PostgreSQL also locks both in
    /// id order, so two movements between the same accounts in opposite directions wait for each other
    /// instead of deadlocking (SQLite has one writer).
    static func pair(_ sql: any SQLDatabase, street: Int64, _ a: PointsHolder, _ b: PointsHolder, at: Date) async throws
        -> (Int64, Int64)
    {
        for attempt in 0..<2 {
            let q = sql.select().columns("id", "holder").from("points_accounts").where("street_id", .equal, street)
                .where("holder", .in, SQLBind.group([a.key, b.key])).orderBy("id")
            if sql.flavor == .postgres { q.for(.update) }
            var ids: [String: Int64] = [:]
            for r in try await q.all() {
                ids[try r.decode(column: "holder", as: String.self)] = try r.decode(column: "id", as: Int64.self)
            }
            if let x = ids[a.key], let y = ids[b.key] { return (x, y) }
            guard attempt == 0 else { break }
            for holder in [a, b] where ids[holder.key] == nil { _ = try await accountID(sql, street: street, holder, now: at) }
        }
        throw GridHubError.notFound("points account")
    }

    /// Locks accounts by id, in id order (PostgreSQL).
    private static func lock(_ sql: any SQLDatabase, _ ids: [Int64]) async throws {
        guard sql.flavor == .postgres else { return }
        _ = try await sql.select().column("id").from("points_accounts").where("id", .in, SQLBind.group(Set(ids).sorted()))
            .orderBy("id").for(.update).all()
    }

    /// The entry's id, or nil when its source or the pending entry it resolves is taken already.
    private static func insertEntry(
        _ sql: any SQLDatabase, _ m: Movement, debit: Int64, credit: Int64, phase: PointsPhase, resolves: Int64?, at: Date
    ) async throws -> Int64? {
        let conflict = resolves != nil ? "resolves" : "source"
        return try await sql.insert(into: "points_entries")
            .columns(
                "street_id", "debit_id", "credit_id", "amount", "phase", "kind", "reason", "subject", "source", "resolves",
                "actor_account_id", "created_at"
            )
            .values(
                SQLBind(m.streetID), SQLBind(debit), SQLBind(credit), SQLBind(m.amount), SQLBind(phase.rawValue),
                SQLBind(m.kind.rawValue), SQLBind(m.reason), SQLBind(m.subject), SQLBind(m.source), SQLBind(resolves),
                SQLBind(m.actor), SQLBind(StoredTime.millis(at))
            )
            .ignoringConflicts(with: [conflict]).returning("id").first()?.decode(column: "id", as: Int64.self)
    }

    /// What an account can spend and what it has on hold; zero for one never used.
    static func balance(_ sql: any SQLDatabase, street: Int64, _ holder: PointsHolder) async throws -> PointsBalance {
        guard
            let row = try await sql.select().columns("credits_posted", "debits_posted", "debits_pending").from("points_accounts")
                .where("street_id", .equal, street).where("holder", .equal, holder.key).first()
        else { return PointsBalance(available: 0, held: 0) }
        let credits = try row.decode(column: "credits_posted", as: Int64.self)
        let debits = try row.decode(column: "debits_posted", as: Int64.self)
        let held = try row.decode(column: "debits_pending", as: Int64.self)
        return PointsBalance(available: credits - debits - held, held: held)
    }
}

/// A person's points: what they can spend, and what waits at the counter.
public struct PointsBalance: Sendable, Hashable, Codable {
    public var available: Int64
    public var held: Int64
}
