import Foundation
import GridHubCore
import Logging
import SQLKit

/// Something that reacts to events: notices, webhooks, and later points, audit and the live screens.
/// A subscriber handles each event in the same transaction that moves its position past it, so what it
/// writes to the database happens exactly once; whatever it does outside (an HTTP post) it queues.
public protocol EventSubscriber: Sendable {
    /// The name its position is kept under; never reuse one.
    var name: String { get }
    /// Whether it cares about this kind (the others are passed over).
    func wants(_ kind: EventKind) -> Bool
    func handle(_ event: DomainEvent, _ sql: any SQLDatabase) async throws
    /// Handles the wanted events of one batch, in order (by default one by one); a subscriber that
    /// can do a batch's work at once does it here.
    func handle(batch events: [DomainEvent], _ sql: any SQLDatabase) async throws
    /// Called once, in the transaction that creates its position, before its first event: returns the
    /// position to start after (0, the whole log, unless it builds its state some other way).
    func start(_ sql: any SQLDatabase) async throws -> Int64
}

extension EventSubscriber {
    public func start(_ sql: any SQLDatabase) async throws -> Int64 { 0 }

    public func handle(batch events: [DomainEvent], _ sql: any SQLDatabase) async throws {
        for event in events { try await handle(event, sql) }
    }
}

/// Feeds the log to subscribers. Any number of relays may run, on any number of instances: each
/// subscriber's position is claimed (`FOR UPDATE SKIP LOCKED` on PostgreSQL) for the batch, so a
/// batch is handled by one of them, and a failed batch rolls back whole to be tried again.
public struct EventRelay: Sendable {
    let database: any Database
    public let subscribers: [any EventSubscriber]
    /// Events handled in one transaction.
    let batch: Int

    public init(database: any Database, subscribers: [any EventSubscriber], batch: Int = 200) {
        self.database = database
        self.subscribers = subscribers
        self.batch = max(1, batch)
    }

    /// Hands every waiting event to every subscriber; returns how many events were handled. A subscriber
    /// another relay is busy with is passed over, unless `waiting`: then this one waits for that batch
    /// to commit and goes on from where it ended. Events committed but not yet in the log's order
    /// (PostgreSQL) are put in it first; once more after the pass, for what the subscribers announced
    /// (a second pass when there were any, or, when waiting, when any subscriber is still behind).
    @discardableResult
    public func drain(waiting: Bool = false, now: Date = Date()) async throws -> Int {
        var handled = 0
        try await EventLog.sequence(database)
        for pass in 1...2 {
            for subscriber in subscribers {
                while true {
                    let (count, more) = try await step(subscriber, waiting: waiting, now: now)
                    handled += count
                    if !more { break }
                }
            }
            guard pass == 1 else { break }
            if try await EventLog.sequence(database) > 0 { continue }
            // Announced events another relay numbered first still need the pass when the caller waits.
            guard waiting, try await behind() else { break }
        }
        return handled
    }

    /// Whether any subscriber has events waiting (a read, so a reader can skip the write when nothing is new).
    ///
    /// Unnumbered events are asked for first. Each statement reads what has committed when it starts, so
    /// asked last, an event another relay numbered between the two reads would be in neither: not yet
    /// after the positions, no longer unnumbered.
    public func behind() async throws -> Bool {
        let names = subscribers.map(\.name)
        return try await database.read { sql in
            if try await EventLog.unsequenced(sql) { return true }
            let positions = try await Self.positions(sql, names)
            guard names.allSatisfy({ positions[$0] != nil }) else { return true }  // one has yet to start
            let oldest = names.compactMap { positions[$0] }.min() ?? 0
            return try await !EventLog.after(oldest, limit: 1, sql).isEmpty
        }
    }

    /// Catches up only when something is waiting: what a reader calls before reading what subscribers
    /// write, so that whoever just acted sees what followed.
    public func catchUp() async throws {
        if try await behind() { try await drain(waiting: true) }
    }

    /// One batch for one subscriber: (events handled, whether more may be waiting).
    func step(_ subscriber: any EventSubscriber, waiting: Bool, now: Date) async throws -> (Int, Bool) {
        let limit = batch
        return try await database.write { sql in
            func claim() async throws -> (any SQLRow)? {
                let cursor = sql.select().column("event_id").from("event_cursors").where("subscriber", .equal, subscriber.name)
                return try await (waiting ? cursor.for(.update) : sql.claiming(cursor)).first()
            }
            var claimed = try await claim()
            if claimed == nil {  // not started yet, or another relay holds it
                try await Self.startIfNew(subscriber, sql, now: now)
                claimed = try await claim()
            }
            guard let claimed else { return (0, false) }  // another relay holds it
            var position = try claimed.decode(column: "event_id", as: Int64.self)
            let rows = try await EventLog.after(position, limit: limit, sql)
            let wanted = rows.compactMap(\.event).filter { subscriber.wants($0.kind) }
            try await subscriber.handle(batch: wanted, sql)
            let handled = wanted.count
            position = rows.last?.position ?? position
            guard !rows.isEmpty else { return (0, false) }
            try await sql.update("event_cursors").set("event_id", to: position)
                .set("handled", to: SQLBinaryExpression(SQLColumn("handled"), .add, SQLBind(handled)))
                .set("updated_at", to: StoredTime.millis(now)).where("subscriber", .equal, subscriber.name).run()
            return (handled, rows.count == limit)
        }
    }

    /// Creates the subscriber's position the first time, where its ``EventSubscriber/start(_:)`` says.
    static func startIfNew(_ subscriber: any EventSubscriber, _ sql: any SQLDatabase, now: Date) async throws {
        func exists() async throws -> Bool {
            try await sql.select().column("event_id").from("event_cursors").where("subscriber", .equal, subscriber.name)
                .first() != nil
        }
        guard try await !exists() else { return }
        try await sql.serialize(on: "event_cursors:\(subscriber.name)")  // two instances starting it: one starts it
        guard try await !exists() else { return }
        let start = try await subscriber.start(sql)
        try await sql.insert(into: "event_cursors").columns("subscriber", "event_id", "handled", "updated_at")
            .values(SQLBind(subscriber.name), SQLBind(start), SQLBind(0), SQLBind(StoredTime.millis(now))).run()
    }

    static func positions(_ sql: any SQLDatabase, _ names: [String]) async throws -> [String: Int64] {
        var positions: [String: Int64] = [:]
        for row in try await sql.select().columns("subscriber", "event_id").from("event_cursors")
            .where("subscriber", .in, names).all()
        {
            positions[try row.decode(column: "subscriber", as: String.self)] = try row.decode(column: "event_id", as: Int64.self)
        }
        return positions
    }

    /// Each subscriber's position and how many events it has handled, for operators and tests.
    public func status() async throws -> [String: (position: Int64, handled: Int64)] {
        let names = subscribers.map(\.name)
        return try await database.read { sql in
            var status: [String: (position: Int64, handled: Int64)] = [:]
            for row in try await sql.select().columns("subscriber", "event_id", "handled").from("event_cursors")
                .where("subscriber", .in, names).all()
            {
                status[try row.decode(column: "subscriber", as: String.self)] = (
                    try row.decode(column: "event_id", as: Int64.self), try row.decode(column: "handled", as: Int64.self)
                )
            }
            return status
        }
    }
}
