import Foundation
import GridHubCore
import SQLKit

extension PatrolStore {
    /// The patrol's track for replay: the filtered fixes simplified at 5 m, with its check-ins and the
    /// reports filed on it. 404 outside the reader's scope.
    public func track(_ id: Int64, for principal: Principal, now: Date = Date()) async throws -> (PatrolView, PatrolTrack) {
        let view = try await patrol(id, for: principal)
        let filter = filter
        let track = try await database.read { sql in
            let raw = try await Self.fixes(sql, id)
            let kept = filter.run(raw, now: now).kept
            let line = TrackSimplifier.simplify(kept, tolerance: 5)
            return PatrolTrack(
                patrolID: id, geometry: .init(coordinates: line.map { [$0.coordinate.lon, $0.coordinate.lat] }),
                times: line.map(\.at), rawFixes: raw.count, keptFixes: kept.count, purged: raw.isEmpty && view.fixesRaw > 0,
                checkIns: try await Self.checkIns(sql, of: id),
                reports: try await Self.reports(
                    sql, accountID: view.accountID, from: view.startedAt, to: view.endedAt ?? .distantFuture))
        }
        return (view, track)
    }

    static func checkIns(_ sql: any SQLDatabase, of patrolID: Int64) async throws -> [PatrolTrack.CheckIn] {
        let rows = try await sql.select().columns("id", "place", "place_name", "at", "lat", "lon", "distance_m")
            .from("patrol_check_ins").where("patrol_id", .equal, patrolID).orderBy("at").all()
        let ids = try rows.map { try $0.decode(column: "id", as: Int64.self) }
        let photos = try await Attachments.photos(sql, of: ids.map { Subject("checkin", $0) })
        return try rows.map { r in
            let id = try r.decode(column: "id", as: Int64.self)
            return PatrolTrack.CheckIn(
                id: id, place: try r.decode(column: "place", as: String.self),
                placeName: try r.decode(column: "place_name", as: String.self),
                at: StoredTime.date(try r.decode(column: "at", as: Int64.self)),
                lat: try r.decode(column: "lat", as: Double.self),
                lon: try r.decode(column: "lon", as: Double.self), distanceM: try r.decode(column: "distance_m", as: Double.self),
                photos: photos[Subject("checkin", id)] ?? [])
        }
    }

    static func reports(_ sql: any SQLDatabase, accountID: Int64, from: Date, to: Date) async throws -> [PatrolTrack.Report] {
        try await sql.select().columns(["c.id", "c.tracking_no", "r.reported_at", "c.lat", "c.lon"].map(SQLColumn.dotted))
            .from(SQLAlias(SQLIdentifier("case_reporters"), as: "r"))
            .join(SQLAlias(SQLIdentifier("cases"), as: "c"), on: SQLColumn.dotted("c.id"), .equal, SQLColumn.dotted("r.case_id"))
            .where(SQLColumn.dotted("r.account_id"), .equal, SQLBind(accountID)).where(
                SQLColumn.dotted("r.channel"), .equal, SQLBind(ReportChannel.patrol.rawValue)
            )
            .where(SQLColumn.dotted("r.reported_at"), .greaterThanOrEqual, SQLBind(StoredTime.millis(from)))
            .where(SQLColumn.dotted("r.reported_at"), .lessThanOrEqual, SQLBind(StoredTime.millis(min(to, RequestDates.latest))))
            .orderBy(SQLColumn.dotted("r.reported_at")).all().map { r in
                PatrolTrack.Report(
                    caseID: try r.decode(column: "id", as: Int64.self),
                    trackingNo: try r.decode(column: "tracking_no", as: String.self),
                    at: StoredTime.date(try r.decode(column: "reported_at", as: Int64.self)),
                    lat: try r.decode(column: "lat", as: Double.self), lon: try r.decode(column: "lon", as: Double.self))
            }
    }

    /// Checks in at a building or key place of the patrol's grid: valid within 50 m of it while the
    /// patrol runs, once per place and patrol; photos attach to the check-in.
    public func checkIn(
        _ id: Int64, place key: String, at point: Coordinate, photos: [StoredPhoto], by principal: Principal, now: Date = Date()
    ) async throws -> PatrolTrack.CheckIn {
        try principal.require(.patrolWalk)
        let checkInID = try await database.write { sql in
            let row = try await Self.lockOwned(sql, id, by: principal)
            guard row.endedAt == nil else { throw GridHubError(.conflict, "patrol_ended", "Patrol \(id) has ended.") }
            guard let place = try await PatrolPlaces.all(sql, gridID: row.gridId).first(where: { $0.key == key }) else {
                throw GridHubError(.unprocessable, "unknown_place", "'\(key)' is not a place of this patrol's grid.")
            }
            let distance = point.distance(to: Coordinate(lat: place.lat, lon: place.lon))
            guard distance <= Self.checkInRadius else {
                throw GridHubError(
                    .unprocessable, "too_far",
                    "You are \(Int(distance)) m from \(place.name); check in within \(Int(Self.checkInRadius)) m.")
            }
            let existing = try await sql.select().column("id").from("patrol_check_ins").where("patrol_id", .equal, id)
                .where("place", .equal, key).first()?.decode(column: "id", as: Int64.self)
            let checkInID: Int64
            if let existing {
                checkInID = existing
            } else {
                checkInID = try await sql.insertReturningID(
                    into: "patrol_check_ins",
                    CheckInRow(
                        patrolId: id, place: key, placeName: place.name, at: StoredTime.millis(now), lat: point.lat,
                        lon: point.lon,
                        distanceM: distance))
                try await sql.update("patrols").set(
                    "check_ins", to: SQLBinaryExpression(SQLColumn("check_ins"), .add, SQLBind(1))
                )
                .where("id", .equal, id).run()
                _ = try await EventLog.append(
                    sql,
                    try DomainEvent(
                        kind: PatrolEvent.checkedIn, streetID: row.streetId, subject: Subject("patrol", id),
                        actorAccountID: principal.accountID, at: now,
                        facts: PatrolFacts(
                            accountID: row.accountId, workerName: row.displayName, communityID: row.communityId,
                            gridID: row.gridId,
                            reason: key)))
            }
            try await Attachments.attach(sql, photos, to: Subject("checkin", checkInID), entry: checkInID, now: now)
            return checkInID
        }
        guard
            let made = try await database.read({ sql in try await Self.checkIns(sql, of: id) }).first(where: {
                $0.id == checkInID
            })
        else { throw GridHubError.notFound("check-in \(checkInID)") }
        return made
    }

    static let checkInRadius = 50.0

    struct CheckInRow: Encodable, Sendable {
        var id: Int64? = nil
        var patrolId: Int64
        var place: String
        var placeName: String
        var at: Int64
        var lat: Double
        var lon: Double
        var distanceM: Double
    }

    /// Deletes raw fixes of patrols that ended more than 180 days ago (PIPL: tracks are kept no longer
    /// than needed); the patrols keep their measures. Returns how many fixes went.
    public static func purgeRawFixes(_ sql: any SQLDatabase, now: Date) async throws -> Int {
        let cutoff = StoredTime.millis(now.addingTimeInterval(-Self.rawFixRetention))
        let old = SQLGroupExpression(sql.select().column("id").from("patrols").where("ended_at", .lessThan, cutoff).query)
        let before =
            try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("patrol_fixes")
            .where("patrol_id", .in, old).first()?.decode(column: "n", as: Int.self) ?? 0
        guard before > 0 else { return 0 }
        try await sql.delete(from: "patrol_fixes").where("patrol_id", .in, old).run()
        return before
    }

    public static let rawFixRetention: TimeInterval = 180 * 86_400
}
