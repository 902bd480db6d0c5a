import Foundation
import GridHubCore
import SQLKit

/// The event log: written inside the transaction that makes a change, read by subscribers.
public enum EventLog {
    /// Appends an event in the caller's transaction; returns its position.
    ///
    /// Event-writing transactions take their turn here (an advisory lock on PostgreSQL, until commit),
    /// so positions are handed out in commit order and a subscriber that has read up to one position
    /// can never later find an event behind it. Append after taking every row lock the change needs:
    /// a transaction that waits for a row while holding its turn could deadlock with one that holds
    /// the row and waits for the turn.
    @discardableResult
    public static func append(_ sql: any SQLDatabase, _ event: DomainEvent) async throws -> Int64 {
        try await sql.serialize(on: "domain_events")
        return try await sql.insertReturningID(
            into: "domain_events",
            EventRow(
                streetId: event.streetID, kind: event.kind.rawValue, subject: event.subject.key,
                actorAccountId: event.actorAccountID, at: StoredTime.millis(event.at),
                data: String(decoding: event.data, as: UTF8.self)))
    }

    /// Events after position `after` (an event id), oldest first.
    static func after(_ position: Int64, limit: Int, _ sql: any SQLDatabase) async throws -> [DomainEvent] {
        try await sql.select().columns("*").from("domain_events").where("id", .greaterThan, position)
            .orderBy("id").limit(limit).rows(EventRow.self).compactMap(\.event)
    }

    /// The position just before the first event at or after `date` (the latest position when none is):
    /// where a reader resuming "from then" starts.
    public static func position(before date: Date, _ sql: any SQLDatabase) async throws -> Int64 {
        let first = try await sql.select().column(SQLFunction("MIN", args: SQLColumn("id")), as: "n").from("domain_events")
            .where("at", .greaterThanOrEqual, StoredTime.millis(date)).first()?.decode(column: "n", as: Int64?.self)
        if let first { return first - 1 }
        return try await latest(sql)
    }

    /// The position of the last event written (0 before any).
    static func latest(_ sql: any SQLDatabase) async throws -> Int64 {
        try await sql.select().column(SQLFunction("MAX", args: SQLColumn("id")), as: "n").from("domain_events").first()?
            .decode(column: "n", as: Int64?.self) ?? 0
    }

    /// The subjects of one kind (`case`) that events after `position` are about, each once at its latest
    /// event, oldest first; and the position of the last event read.
    public static func subjects(of kind: String, after position: Int64, limit: Int, _ sql: any SQLDatabase) async throws
        -> (subjects: [(id: Int64, event: Int64)], position: Int64)
    {
        let rows = try await sql.select().columns("id", "subject").from("domain_events").where("id", .greaterThan, position)
            .orderBy("id").limit(limit).all()
        var latest: [Int64: Int64] = [:]
        var last = position
        for row in rows {
            last = try row.decode(column: "id", as: Int64.self)
            if let s = Subject(key: try row.decode(column: "subject", as: String.self)), s.kind == kind { latest[s.id] = last }
        }
        return (latest.map { (id: $0.key, event: $0.value) }.sorted { $0.event < $1.event }, last)
    }

    /// An event's subject's events, oldest first (a timeline of any subject).
    public static func events(of subject: Subject, _ sql: any SQLDatabase) async throws -> [DomainEvent] {
        try await sql.select().columns("*").from("domain_events").where("subject", .equal, subject.key).orderBy("id")
            .rows(EventRow.self).compactMap(\.event)
    }
}

/// A `domain_events` row (read column by column: every relay batch reads many).
struct EventRow: Codable, Sendable, ColumnDecodable {
    var id: Int64?
    var streetId: Int64
    var kind: String
    var subject: String
    var actorAccountId: Int64?
    var at: Int64
    var data: String

    init(streetId: Int64, kind: String, subject: String, actorAccountId: Int64?, at: Int64, data: String) {
        self.streetId = streetId
        self.kind = kind
        self.subject = subject
        self.actorAccountId = actorAccountId
        self.at = at
        self.data = data
    }

    init(columns r: any SQLRow) throws {
        id = try r.decode(column: "id", as: Int64.self)
        streetId = try r.decode(column: "street_id", as: Int64.self)
        kind = try r.decode(column: "kind", as: String.self)
        subject = try r.decode(column: "subject", as: String.self)
        actorAccountId = try r.optional("actor_account_id")
        at = try r.decode(column: "at", as: Int64.self)
        data = try r.decode(column: "data", as: String.self)
    }

    var event: DomainEvent? {
        guard let id, let subject = Subject(key: subject) else { return nil }
        return DomainEvent(
            id: id, kind: EventKind(kind), streetID: streetId, subject: subject, actorAccountID: actorAccountId,
            at: StoredTime.date(at), data: Data(data.utf8))
    }
}
