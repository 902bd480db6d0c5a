import Foundation
import GridHubCore
import SQLKit

/// The event log: written inside the transaction that makes a change, read by subscribers.
///
/// Readers follow the log by *position*, not by id: a reader that has read up to one position must never
/// later find an event behind it. On SQLite, with one writer, an event takes the next position as it is
/// written. On PostgreSQL transactions commit in any order, so an event is written without one and
/// ``sequence(_:)`` numbers the events that have committed since, in one short transaction — no writer
/// waits for another to commit (an advisory lock held to COMMIT had every report queue behind the others).
public enum EventLog {
    /// Appends an event in the caller's transaction; returns its id.
    @discardableResult
    public static func append(_ sql: any SQLDatabase, _ event: DomainEvent) async throws -> Int64 {
        let position: any SQLExpression =
            switch sql.flavor {
            case .sqlite: SQLRaw("(SELECT COALESCE(MAX(position), 0) + 1 FROM domain_events)")
            case .postgres: SQLLiteral.null
            }
        let inserted = try await sql.insert(into: "domain_events")
            .columns("street_id", "kind", "subject", "actor_account_id", "at", "data", "position")
            .values(
                SQLBind(event.streetID), SQLBind(event.kind.rawValue), SQLBind(event.subject.key), SQLBind(event.actorAccountID),
                SQLBind(StoredTime.millis(event.at)), SQLBind(String(decoding: event.data, as: UTF8.self)), position
            )
            .returning("id").first()
        guard let id = try inserted?.decode(column: "id", as: Int64.self) else {
            throw GridHubError(.unavailable, "insert_failed", "The database did not return the new event's id.")
        }
        return id
    }

    /// PostgreSQL: gives the events committed without a position the next ones, in id order, `batch` at a
    /// time, each batch in its own transaction (taking turns with other instances); returns how many.
    /// SQLite positions events as they are written: nothing to do.
    @discardableResult
    public static func sequence(_ database: any Database, batch: Int = 5_000) async throws -> Int {
        // A read first: readers call this often, and mostly nothing is waiting.
        guard database.flavor == .postgres, try await database.read(unsequenced) else { return 0 }
        var numbered = 0
        while true {
            let n = try await database.write { sql in
                try await sql.serialize(on: "domain_events:sequence")
                return try await sql.raw(
                    """
                    WITH next AS (
                      SELECT id, row_number() OVER (ORDER BY id) AS n FROM domain_events
                       WHERE position IS NULL ORDER BY id LIMIT \(bind: batch)),
                    top AS (SELECT COALESCE(MAX(position), 0) AS p FROM domain_events),
                    numbered AS (
                      UPDATE domain_events e SET position = top.p + next.n FROM next, top WHERE e.id = next.id RETURNING 1)
                    SELECT count(*) AS n FROM numbered
                    """
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            }
            numbered += n
            if n < batch { return numbered }
        }
    }

    /// Whether an event has committed without a position yet (PostgreSQL; never on SQLite).
    static func unsequenced(_ sql: any SQLDatabase) async throws -> Bool {
        guard sql.flavor == .postgres else { return false }
        return try await sql.select().column("id").from("domain_events").where(SQLColumn("position"), .is, SQLLiteral.null)
            .limit(1).first() != nil
    }

    /// The rows after position `after`, in order of position.
    static func after(_ position: Int64, limit: Int, _ sql: any SQLDatabase) async throws -> [EventRow] {
        try await sql.select().columns("*").from("domain_events").where("position", .greaterThan, position)
            .orderBy("position").limit(limit).rows(EventRow.self)
    }

    /// The position just before the first event at or after `date` (the latest position when none is):
    /// where a reader resuming "from then" starts.
    public static func position(before date: Date, _ sql: any SQLDatabase) async throws -> Int64 {
        let first = try await sql.select().column(SQLFunction("MIN", args: SQLColumn("position")), as: "n").from("domain_events")
            .where("at", .greaterThanOrEqual, StoredTime.millis(date)).first()?.decode(column: "n", as: Int64?.self)
        if let first { return first - 1 }
        return try await latest(sql)
    }

    /// The last position given (0 before any).
    static func latest(_ sql: any SQLDatabase) async throws -> Int64 {
        try await sql.select().column(SQLFunction("MAX", args: SQLColumn("position")), as: "n").from("domain_events").first()?
            .decode(column: "n", as: Int64?.self) ?? 0
    }

    /// The subjects of one kind (`case`) that events after `position` are about, each once at its latest
    /// event's position, oldest first; and the position of the last event read.
    public static func subjects(of kind: String, after position: Int64, limit: Int, _ sql: any SQLDatabase) async throws
        -> (subjects: [(id: Int64, event: Int64)], position: Int64)
    {
        let rows = try await sql.select().columns("position", "subject").from("domain_events")
            .where("position", .greaterThan, position).orderBy("position").limit(limit).all()
        var latest: [Int64: Int64] = [:]
        var last = position
        for row in rows {
            last = try row.decode(column: "position", as: Int64.self)
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
struct EventRow: Decodable, Sendable, ColumnDecodable {
    var id: Int64
    var streetId: Int64
    var kind: String
    var subject: String
    var actorAccountId: Int64?
    var at: Int64
    var data: String
    /// Its place in the log (nil on PostgreSQL until ``EventLog/sequence(_:batch:)`` gives it one).
    var position: Int64?

    init(columns r: any SQLRow) throws {
        id = try r.decode(column: "id", as: Int64.self)
        streetId = try r.decode(column: "street_id", as: Int64.self)
        kind = try r.decode(column: "kind", as: String.self)
        subject = try r.decode(column: "subject", as: String.self)
        actorAccountId = try r.optional("actor_account_id")
        at = try r.decode(column: "at", as: Int64.self)
        data = try r.decode(column: "data", as: String.self)
        position = try r.optional("position")
    }

    var event: DomainEvent? {
        guard let subject = Subject(key: subject) else { return nil }
        return DomainEvent(
            id: id, kind: EventKind(kind), streetID: streetId, subject: subject, actorAccountID: actorAccountId,
            at: StoredTime.date(at), data: Data(data.utf8))
    }
}
