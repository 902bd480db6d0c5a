import Foundation
import GridHubCore
import SQLKit

/// A notification as the API shows it.
public struct Notice: Sendable, Hashable, Codable {
    public var id: Int64
    /// What it is about: `case:12`, later `patrol:3` …
    public var subject: String
    public var caseID: Int64?
    public var trackingNumber: String?
    public var kind: String
    public var message: String
    public var createdAt: Date
    public var read: Bool
}

/// Reads and marks notifications. Notifications are written by ``NoticeSubscriber``; a reader first
/// lets it catch up, so whoever just acted sees what followed from it.
public struct NotificationStore: Sendable {
    let database: any Database
    let relay: EventRelay

    public init(database: any Database) {
        self.database = database
        self.relay = EventRelay(database: database, subscribers: [NoticeSubscriber()])
    }

    /// The recipient keys a reader reads: a signed-in person's, or an anonymous device's.
    static func keys(_ principal: Principal?, deviceID: String?) -> [String] {
        principal.map { $0.recipients.map(\.key) } ?? deviceID.map { [Recipient.device($0).key] } ?? []
    }

    /// Marks notifications read (those named, or all); only the reader's own are touched. Returns how many changed.
    @discardableResult
    public func markRead(for principal: Principal?, deviceID: String?, ids: [Int64]?, now: Date = Date()) async throws -> Int {
        let keys = Self.keys(principal, deviceID: deviceID)
        guard !keys.isEmpty else { return 0 }
        try await relay.catchUp()
        return try await database.write { sql in
            func unread<Q: SQLPredicateBuilder>(_ q: Q) -> Q {
                var q = q.where("recipient", .in, keys).where("read_at", .is, SQLLiteral.null)
                if let ids { q = q.where("id", .in, ids) }
                return q
            }
            let count = try await unread(sql.select().column("id").from("notifications")).all().count
            try await unread(sql.update("notifications").set("read_at", to: StoredTime.millis(now))).run()
            return count
        }
    }

    /// Newest first, for a signed-in person, or for an anonymous device.
    public func list(for principal: Principal?, deviceID: String?, limit: Int, offset: Int) async throws -> [Notice] {
        let keys = Self.keys(principal, deviceID: deviceID)
        guard !keys.isEmpty else { return [] }
        try await relay.catchUp()
        return try await database.read { sql in
            let n = { (column: String) in SQLColumn(column, table: "notifications") }
            let rows = try await sql.select()
                .column(n("id")).column(n("subject")).column(n("case_id")).column(SQLColumn("tracking_no", table: "cases"))
                .column(n("kind")).column(n("message")).column(n("created_at")).column(n("read_at"))
                .from("notifications")
                .join("cases", method: SQLJoinMethod.left, on: n("case_id"), .equal, SQLColumn("id", table: "cases"))
                .where(n("recipient"), .in, SQLBind.group(keys))
                .orderBy(SQLOrderBy(expression: n("id"), direction: SQLDirection.descending))
                .limit(limit).offset(offset).all()
            return try rows.map { r in
                Notice(
                    id: try r.decode(column: "id", as: Int64.self), subject: try r.decode(column: "subject", as: String.self),
                    caseID: try r.decode(column: "case_id", as: Int64?.self),
                    trackingNumber: try r.decode(column: "tracking_no", as: String?.self),
                    kind: try r.decode(column: "kind", as: String.self),
                    message: try r.decode(column: "message", as: String.self),
                    createdAt: StoredTime.date(try r.decode(column: "created_at", as: Int64.self)),
                    read: try r.decode(column: "read_at", as: Int64?.self) != nil)
            }
        }
    }
}
