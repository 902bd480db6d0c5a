import Foundation
import GridHubCore
import SQLKit

/// Volunteer activities (志愿活动): a community's staff create them, residents sign up (up to the
/// capacity), staff check people in on the spot, and each check-in is an event the points subscriber pays.
public struct ActivityStore: Sendable {
    let database: any Database
    let directory: GridDirectory

    public init(database: any Database, directory: GridDirectory) {
        self.database = database
        self.directory = directory
    }

    public struct Signup: Sendable, Hashable, Codable {
        public var accountID: Int64
        public var name: String
        public var signedAt: Date
        public var checkedInAt: Date?
    }

    public struct View: Sendable, Hashable, Codable {
        public var id: Int64
        public var communityID: Int64
        public var communityName: String
        public var title: String
        public var description: String?
        public var place: String
        public var startsAt: Date
        public var endsAt: Date
        public var points: Int
        public var capacity: Int
        public var signedUp: Int
        /// Whether the reader has signed up, and been checked in.
        public var mine: Bool
        public var checkedIn: Bool
        /// For the community's staff: who signed up.
        public var signups: [Signup]?
    }

    public func create(_ input: ActivityInput, communityID: Int64, by principal: Principal, now: Date = Date()) async throws
        -> View
    {
        guard let community = directory.current.communities[communityID] else { throw GridHubError.notFound("community") }
        try principal.require(.activityManage, on: Place(streetID: community.streetID, communityID: communityID))
        let a = try input.validated()
        guard a.endsAt > now else { throw GridHubError(.unprocessable, "in_the_past", "An activity is created before it ends.") }
        let id = try await database.write { sql in
            let id = try await sql.insertReturningID(
                into: "activities",
                ActivityRow(
                    streetId: community.streetID, communityId: communityID, title: a.title, description: a.description,
                    place: a.place, startsAt: StoredTime.millis(a.startsAt), endsAt: StoredTime.millis(a.endsAt),
                    points: a.points,
                    capacity: a.capacity, signedUp: 0, createdBy: principal.accountID, createdAt: StoredTime.millis(now)))
            try await EventLog.append(
                sql,
                DomainEvent(
                    kind: ActivityEvent.created, streetID: community.streetID, subject: Subject("activity", id),
                    actorAccountID: principal.accountID, at: now,
                    facts: ActivityFacts(communityID: communityID, title: a.title, points: a.points)))
            return id
        }
        return try await activity(id, by: principal)
    }

    /// The street's activities from `since` (default: those not ended more than a week ago), soonest first.
    public func list(communityID: Int64?, by principal: Principal, now: Date = Date()) async throws -> [View] {
        let street = try PointsStore.street(principal)
        return try await database.read { sql in
            let q = sql.select().columns("*").from("activities").where("street_id", .equal, street)
                .where("ends_at", .greaterThanOrEqual, StoredTime.millis(now.addingTimeInterval(-7 * 86_400)))
            if let communityID { q.where("community_id", .equal, communityID) }
            return try await views(sql, try await q.orderBy("starts_at").limit(100).rows(ActivityRow.self), principal)
        }
    }

    public func activity(_ id: Int64, by principal: Principal) async throws -> View {
        try await database.read { sql in
            guard let row = try await Self.row(sql, id), row.streetId == principal.streetID else {
                throw GridHubError.notFound("activity")
            }
            return try await views(sql, [row], principal)[0]
        }
    }

    /// Signs the principal up; 409 when it is full, over, or they are signed up already.
    public func signUp(_ id: Int64, by principal: Principal, now: Date = Date()) async throws -> View {
        try principal.require(.activityJoin, on: nil)
        try await database.write { sql in
            guard let row = try await Self.row(sql, id, lock: true), row.streetId == principal.streetID else {
                throw GridHubError.notFound("activity")
            }
            guard row.endsAt > StoredTime.millis(now) else { throw GridHubError(.conflict, "over", "This activity is over.") }
            guard
                try await sql.raw(
                    "UPDATE activities SET signed_up = signed_up + 1 WHERE id = \(bind: id) AND signed_up < capacity RETURNING id"
                ).first() != nil
            else { throw GridHubError(.conflict, "full", "This activity is full.") }
            guard
                try await sql.insert(into: "activity_signups").columns("activity_id", "account_id", "signed_at")
                    .values(SQLBind(id), SQLBind(principal.accountID), SQLBind(StoredTime.millis(now)))
                    .ignoringConflicts(with: ["activity_id", "account_id"]).returning("activity_id").first() != nil
            else { throw GridHubError(.conflict, "signed_up_already", "You have signed up already.") }
        }
        return try await activity(id, by: principal)
    }

    /// Checks a person in on the spot (from an hour before the start to two hours after the end), once.
    public func checkIn(_ id: Int64, accountID: Int64, by principal: Principal, now: Date = Date()) async throws -> View {
        try await database.write { sql in
            guard let row = try await Self.row(sql, id),
                principal.can(.activityManage, on: Place(streetID: row.streetId, communityID: row.communityId))
            else { throw GridHubError.notFound("activity") }
            guard
                ActivityInput.checkInOpen(startsAt: StoredTime.date(row.startsAt), endsAt: StoredTime.date(row.endsAt), now: now)
            else {
                throw GridHubError(
                    .conflict, "not_open", "Check-in is open from an hour before the start to two hours after the end.")
            }
            guard
                try await sql.raw(
                    """
                    UPDATE activity_signups SET checked_in_at = \(bind: StoredTime.millis(now)), checked_in_by = \(bind: principal.accountID)
                    WHERE activity_id = \(bind: id) AND account_id = \(bind: accountID) AND checked_in_at IS NULL RETURNING account_id
                    """
                ).first() != nil
            else {
                throw GridHubError(.conflict, "not_signed_up", "Not signed up, or checked in already.")
            }
            try await EventLog.append(
                sql,
                DomainEvent(
                    kind: ActivityEvent.checkedIn, streetID: row.streetId, subject: Subject("activity", id),
                    actorAccountID: principal.accountID, at: now,
                    facts: ActivityFacts(communityID: row.communityId, title: row.title, points: row.points, accountID: accountID)
                ))
        }
        return try await activity(id, by: principal)
    }

    static func row(_ sql: any SQLDatabase, _ id: Int64, lock: Bool = false) async throws -> ActivityRow? {
        let q = sql.select().columns("*").from("activities").where("id", .equal, id)
        if lock, sql.flavor == .postgres { q.lockingClause(SQLLockingClause.update) }
        return try await q.row(ActivityRow.self)
    }

    func views(_ sql: any SQLDatabase, _ rows: [ActivityRow], _ principal: Principal) async throws -> [View] {
        let signups = try await Self.signups(sql, of: rows.compactMap(\.id))
        return rows.map { r in
            let id = r.id ?? 0
            let staff = principal.can(.activityManage, on: Place(streetID: r.streetId, communityID: r.communityId))
            let own = signups[id]?.first { $0.accountID == principal.accountID }
            return View(
                id: id, communityID: r.communityId, communityName: directory.current.communities[r.communityId]?.name ?? "",
                title: r.title, description: r.description, place: r.place, startsAt: StoredTime.date(r.startsAt),
                endsAt: StoredTime.date(r.endsAt), points: r.points, capacity: r.capacity, signedUp: r.signedUp, mine: own != nil,
                checkedIn: own?.checkedInAt != nil, signups: staff ? signups[id] ?? [] : nil)
        }
    }

    /// Who signed up for each activity, in the order they did: one read for all of them.
    static func signups(_ sql: any SQLDatabase, of ids: [Int64]) async throws -> [Int64: [Signup]] {
        guard !ids.isEmpty else { return [:] }
        var out: [Int64: [Signup]] = [:]
        for s in try await sql.select()
            .column(SQLColumn("activity_id", table: "s")).column(SQLColumn("account_id", table: "s"))
            .column(SQLColumn("display_name", table: "a"), as: "name").column(SQLColumn("signed_at", table: "s"))
            .column(SQLColumn("checked_in_at", table: "s"))
            .from(SQLAlias(SQLIdentifier("activity_signups"), as: SQLIdentifier("s")))
            .join(
                SQLAlias(SQLIdentifier("accounts"), as: SQLIdentifier("a")), on: SQLColumn("id", table: "a"), .equal,
                SQLColumn("account_id", table: "s")
            )
            .where(SQLColumn("activity_id", table: "s"), .in, SQLBind.group(ids))
            .orderBy(SQLColumn("signed_at", table: "s")).orderBy(SQLColumn("account_id", table: "s")).all()
        {
            out[try s.decode(column: "activity_id", as: Int64.self), default: []].append(
                Signup(
                    accountID: try s.decode(column: "account_id", as: Int64.self),
                    name: try s.decode(column: "name", as: String.self),
                    signedAt: StoredTime.date(try s.decode(column: "signed_at", as: Int64.self)),
                    checkedInAt: try s.decode(column: "checked_in_at", as: Int64?.self).map(StoredTime.date)))
        }
        return out
    }
}

struct ActivityRow: Codable, Sendable {
    var id: Int64? = nil
    var streetId: Int64
    var communityId: Int64
    var title: String
    var description: String?
    var place: String
    var startsAt: Int64
    var endsAt: Int64
    var points: Int
    var capacity: Int
    var signedUp: Int
    var createdBy: Int64
    var createdAt: Int64
}
