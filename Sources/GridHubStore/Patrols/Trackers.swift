import Foundation
import GridHubCore
import SQLKit

/// The tracking devices (巡查手机, a Traccar Client or any OsmAnd app) registered to workers: a fix
/// from a device id nobody registered is refused.
public struct Trackers: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    public struct Tracker: Sendable, Hashable, Codable {
        public var deviceID: String
        public var accountID: Int64
        public var username: String
        public var label: String?
        public var addedAt: Date
        public var lastSeenAt: Date?
    }

    /// Registers `deviceID` to the account `username`; 409 when it belongs to someone else already.
    @discardableResult
    public func add(_ deviceID: String, username: String, label: String? = nil, now: Date = Date()) async throws -> Tracker {
        let id = try OsmAnd.deviceID(deviceID)
        try await database.write { sql in try await Self.add(sql, id, username: username, label: label, now: now) }
        guard let tracker = try await list(username: username).first(where: { $0.deviceID == id }) else {
            throw GridHubError.notFound("device '\(id)'")
        }
        return tracker
    }

    /// The registration, in the caller's transaction.
    public static func add(_ sql: any SQLDatabase, _ id: String, username: String, label: String?, now: Date) async throws {
        guard
            let account = try await sql.select().column("id").from("accounts").where("username", .equal, username).first()?
                .decode(column: "id", as: Int64.self)
        else { throw GridHubError.notFound("account '\(username)'") }
        if let owner = try await sql.select().column("account_id").from("trackers").where("device_id", .equal, id)
            .for(.update).first()?.decode(column: "account_id", as: Int64.self)
        {
            guard owner == account else {
                throw GridHubError(.conflict, "device_taken", "Device '\(id)' is registered to another account.")
            }
            return
        }
        try await sql.insert(into: "trackers").columns("device_id", "account_id", "label", "added_at")
            .values(SQLBind(id), SQLBind(account), SQLBind(label), SQLBind(StoredTime.millis(now))).run()
    }

    /// Removes a device; false when there was none.
    public func remove(_ deviceID: String) async throws -> Bool {
        try await database.write { sql in
            let found = try await sql.select().column("device_id").from("trackers").where("device_id", .equal, deviceID).first()
            try await sql.delete(from: "trackers").where("device_id", .equal, deviceID).run()
            return found != nil
        }
    }

    /// The devices of one account (by username), or of everyone when nil.
    public func list(username: String? = nil) async throws -> [Tracker] {
        try await database.read { sql in
            let q = sql.select().columns(
                ["t.device_id", "t.account_id", "a.username", "t.label", "t.added_at", "t.last_seen_at"].map(SQLColumn.dotted)
            )
            .from(SQLAlias(SQLIdentifier("trackers"), as: "t"))
            .join(
                SQLAlias(SQLIdentifier("accounts"), as: "a"), on: SQLColumn.dotted("a.id"), .equal,
                SQLColumn.dotted("t.account_id"))
            if let username { q.where(SQLColumn.dotted("a.username"), .equal, SQLBind(username)) }
            return try await q.orderBy(SQLColumn.dotted("t.device_id")).all().map { r in
                Tracker(
                    deviceID: try r.decode(column: "device_id", as: String.self),
                    accountID: try r.decode(column: "account_id", as: Int64.self),
                    username: try r.decode(column: "username", as: String.self), label: try r.optional("label"),
                    addedAt: StoredTime.date(try r.decode(column: "added_at", as: Int64.self)),
                    lastSeenAt: try r.optional("last_seen_at", as: Int64.self).map(StoredTime.date))
            }
        }
    }
}

/// Resolves ``PatrolNotices`` for the notice subscriber.
public struct PatrolNoticePlanner: NoticePlanner {
    public let feature = "patrol"
    public init() {}

    public func notices(for event: DomainEvent, _ sql: any SQLDatabase) async throws -> [PlannedNotice] {
        PatrolNotices.plan(event.kind, try event.facts(PatrolFacts.self)).map {
            PlannedNotice(recipient: $0.recipient.key, kind: $0.kind, message: $0.message)
        }
    }
}
