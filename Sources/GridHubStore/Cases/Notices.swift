import Foundation
import GridHubCore
import SQLKit

/// Notifications: the reporter's loop (受理、派遣、处置、办结) and supervision notices to parties.
///
/// A recipient is a key: `account:7`, `device:rider-1`, `department:3`, `community:2`, `leaders:1` (a street's leaders).
enum Notices {
    /// What a reporter is told after a move, or nil when the move is internal.
    static func forReporters(_ action: CaseAction, trackingNumber: String) -> String? {
        switch action {
        case .accept: "您上报的问题（\(trackingNumber)）已立案，正在安排处置。"
        case .reject: "您上报的问题（\(trackingNumber)）经核实不予立案，详情见处理记录。"
        case .dispatch, .whistle: "您上报的问题（\(trackingNumber)）已派遣给责任单位处置。"
        case .handle: "您上报的问题（\(trackingNumber)）已处置完毕，等待网格员核查。"
        case .close, .selfHandle: "您上报的问题（\(trackingNumber)）已办结，欢迎评价处理结果。"
        default: nil
        }
    }

    /// Tells every reporter of a case, and posts to the webhook of each client app they reported through.
    static func notifyReporters(_ sql: any SQLDatabase, caseID: Int64, kind: String, message: String, now: Date) async throws {
        let rows = try await sql.select().distinct().columns("reporter_key", "app").from("case_reporters")
            .where("case_id", .equal, caseID).all()
        let reporters = try rows.map {
            (key: try $0.decode(column: "reporter_key", as: String.self), app: try $0.decode(column: "app", as: String?.self))
        }
        for key in Set(reporters.map(\.key)).sorted() {
            try await notify(sql, recipient: key, caseID: caseID, kind: kind, message: message, now: now)
        }
        let withApp = reporters.compactMap { r in r.app.map { (key: r.key, app: $0) } }
        guard !withApp.isEmpty,
            let c = try await sql.select().columns("street_id", "tracking_no", "state").from("cases").where("id", .equal, caseID)
                .first()
        else { return }
        let streetID = try c.decode(column: "street_id", as: Int64.self)
        for r in withApp.sorted(by: { ($0.app, $0.key) < ($1.app, $1.key) }) {
            let payload = [
                "event": kind, "case_id": String(caseID), "tracking_number": try c.decode(column: "tracking_no", as: String.self),
                "state": try c.decode(column: "state", as: String.self), "reporter": r.key, "message": message,
                "at": ISO8601DateFormatter().string(from: now),
            ]
            try await WebhookStore.enqueue(sql, streetID: streetID, app: r.app, payload: payload, now: now)
        }
    }

    static func notify(_ sql: any SQLDatabase, recipient: String, caseID: Int64, kind: String, message: String, now: Date)
        async throws
    {
        try await sql.insert(into: "notifications").columns("recipient", "case_id", "kind", "message", "created_at")
            .values(SQLBind(recipient), SQLBind(caseID), SQLBind(kind), SQLBind(message), SQLBind(StoredTime.millis(now))).run()
    }

    /// The recipient keys a person reads: their own, and their department's, community's or street's.
    static func recipients(of p: Principal) -> [String] {
        var keys = ["account:\(p.accountID)"]
        switch p.role {
        case .departmentHandler, .enforcementTeam: if let d = p.departmentID { keys.append("department:\(d)") }
        case .communityStaff: if let c = p.communityID { keys.append("community:\(c)") }
        case .gridWorker: keys += p.gridIDs.map { "grid:\($0)" }
        case .leader: if let s = p.streetID { keys.append("leaders:\(s)") }
        case .commandCentre: if let s = p.streetID { keys.append("street:\(s)") }
        default: break
        }
        return keys
    }
}

/// A notification as the API shows it.
public struct CaseNotification: Sendable, Hashable, Codable {
    public var id: Int64
    public var caseID: Int64
    public var trackingNumber: String
    public var kind: String
    public var message: String
    public var createdAt: Date
    public var read: Bool
}

/// Reads and marks notifications.
public struct NotificationStore: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    /// Marks notifications read (those named, or all); only the reader's own are touched. Returns how many changed.
    @discardableResult
    public func markRead(for principal: Principal?, deviceID: String?, ids: [Int64]?, now: Date = Date()) async throws -> Int {
        let keys = principal.map(Notices.recipients) ?? deviceID.map { ["device:\($0)"] } ?? []
        guard !keys.isEmpty else { return 0 }
        return try await database.write { sql in
            func unread(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
                var q = q.where("recipient", .in, keys).where("read_at", .is, SQLLiteral.null)
                if let ids { q = q.where("id", .in, ids) }
                return q
            }
            let count = try await unread(sql.select().column("id").from("notifications")).all().count
            var update = sql.update("notifications").set("read_at", to: StoredTime.millis(now))
                .where("recipient", .in, keys).where("read_at", .is, SQLLiteral.null)
            if let ids { update = update.where("id", .in, ids) }
            try await update.run()
            return count
        }
    }

    /// Newest first, for a signed-in person, or for an anonymous device.
    public func list(for principal: Principal?, deviceID: String?, limit: Int, offset: Int) async throws -> [CaseNotification] {
        let keys = principal.map(Notices.recipients) ?? deviceID.map { ["device:\($0)"] } ?? []
        guard !keys.isEmpty else { return [] }
        return try await database.read { sql in
            let rows = try await sql.select()
                .column(SQLColumn("id", table: "notifications")).column(SQLColumn("case_id", table: "notifications"))
                .column(SQLColumn("tracking_no", table: "cases")).column(SQLColumn("kind", table: "notifications"))
                .column(SQLColumn("message", table: "notifications")).column(SQLColumn("created_at", table: "notifications"))
                .column(SQLColumn("read_at", table: "notifications"))
                .from("notifications").join(
                    "cases", on: SQLColumn("case_id", table: "notifications"), .equal, SQLColumn("id", table: "cases")
                )
                .where(SQLColumn("recipient", table: "notifications"), .in, SQLBind.group(keys))
                .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "notifications"), direction: SQLDirection.descending))
                .limit(limit).offset(offset).all()
            return try rows.map { r in
                CaseNotification(
                    id: try r.decode(column: "id", as: Int64.self), caseID: try r.decode(column: "case_id", as: Int64.self),
                    trackingNumber: try r.decode(column: "tracking_no", as: String.self),
                    kind: try r.decode(column: "kind", as: String.self),
                    message: try r.decode(column: "message", as: String.self),
                    createdAt: StoredTime.date(try r.decode(column: "created_at", as: Int64.self)),
                    read: try r.decode(column: "read_at", as: Int64?.self) != nil)
            }
        }
    }
}
