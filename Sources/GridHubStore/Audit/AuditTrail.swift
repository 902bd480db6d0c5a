import Foundation
import GridHubCore
import SQLKit

/// The append-only `audit` table: nothing here updates or deletes a row.
public struct AuditTrail: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    public func record(_ entry: AuditEntry) async throws {
        try await database.write { sql in try await Self.record(sql, entry) }
    }

    /// Appends inside a transaction that is already writing, so the entry commits with what it describes.
    static func record(_ sql: any SQLDatabase, _ e: AuditEntry) async throws {
        try await sql.insert(into: "audit")
            .columns("at", "actor_id", "actor", "action", "outcome", "subject", "address", "detail")
            .values(
                SQLBind(StoredTime.millis(e.at)), SQLBind(e.actorID), SQLBind(e.actor), SQLBind(e.action.rawValue),
                SQLBind(e.outcome.rawValue), SQLBind(e.subject), SQLBind(e.address), SQLBind(e.detail)
            ).run()
    }

    /// Entries from `since` on, oldest first, optionally of one actor (a username or `cli:…`).
    public func entries(since: Date, actor: String? = nil, limit: Int = 10_000) async throws -> [AuditEntry] {
        try await database.read { sql in
            var select = sql.select().columns("*").from("audit").where("at", .greaterThanOrEqual, StoredTime.millis(since))
            if let actor { select = select.where("actor", .equal, actor) }
            return try await select.orderBy("at").orderBy("id").limit(limit).all().map { r in
                guard let action = AuditEntry.Action(rawValue: try r.decode(column: "action", as: String.self)),
                    let outcome = AuditEntry.Outcome(rawValue: try r.decode(column: "outcome", as: String.self))
                else { throw GridHubError(.unprocessable, "bad_audit_row", "An audit row names an unknown action.") }
                return AuditEntry(
                    at: StoredTime.date(try r.decode(column: "at", as: Int64.self)), actorID: try r.optional("actor_id"),
                    actor: try r.decode(column: "actor", as: String.self), action: action, outcome: outcome,
                    subject: try r.optional("subject"), address: try r.optional("address"), detail: try r.optional("detail"))
            }
        }
    }
}
