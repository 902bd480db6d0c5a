import Foundation
import GridHubCore
import SQLKit

/// Each street's patrol plan, and any community's own; the standard plan where none was set.
public enum PatrolPlans {
    /// The plan a community's workers follow: its own, else its street's, else ``PatrolPlan/standard``.
    static func effective(_ sql: any SQLDatabase, streetID: Int64, communityID: Int64?) async throws -> PatrolPlan {
        let scopes = [communityID.map { "community:\($0)" }, "street:\(streetID)"].compactMap { $0 }
        let rows = try await sql.select().columns("scope", "plan").from("patrol_plans").where("scope", .in, scopes).all()
        let plans = try Dictionary(
            rows.map { (try $0.decode(column: "scope", as: String.self), try $0.decode(column: "plan", as: String.self)) }
        ) { a, _ in a }
        for scope in scopes {
            if let text = plans[scope], let plan = try? JSONDecoder().decode(PatrolPlan.self, from: Data(text.utf8)) {
                return plan
            }
        }
        return .standard
    }

    public static func plan(_ database: any Database, streetID: Int64, communityID: Int64?) async throws -> PatrolPlan {
        try await database.read { sql in try await effective(sql, streetID: streetID, communityID: communityID) }
    }

    /// Sets a street's plan (the centre) or a community's (its staff, or the centre).
    public static func set(
        _ plan: PatrolPlan, streetID: Int64, communityID: Int64?, by principal: Principal, in database: any Database,
        now: Date = Date()
    ) async throws {
        try principal.require(.patrolPlan, on: Place(streetID: streetID, communityID: communityID))
        let plan = try plan.validated()
        let scope = communityID.map { "community:\($0)" } ?? "street:\(streetID)"
        let text = String(decoding: try JSONEncoder().encode(plan), as: UTF8.self)
        try await database.write { sql in
            try await sql.delete(from: "patrol_plans").where("scope", .equal, scope).run()
            try await sql.insert(into: "patrol_plans").columns("scope", "street_id", "plan", "updated_at", "updated_by")
                .values(
                    SQLBind(scope), SQLBind(streetID), SQLBind(text), SQLBind(StoredTime.millis(now)),
                    SQLBind(principal.accountID)
                )
                .run()
        }
    }
}

/// The places a grid's patrols should pass: its buildings, and the key places (巡查点) its community lists.
public enum PatrolPlaces {
    static func all(_ sql: any SQLDatabase, gridID: Int64) async throws -> [PatrolPlace] {
        let buildings = try await sql.select().columns("id", "name", "lat", "lon").from("buildings")
            .where("grid_id", .equal, gridID).orderBy("id").all().map { r in
                PatrolPlace(
                    key: "building:\(try r.decode(column: "id", as: Int64.self))", kind: "building",
                    name: try r.decode(column: "name", as: String.self), lat: try r.decode(column: "lat", as: Double.self),
                    lon: try r.decode(column: "lon", as: Double.self), gridID: gridID)
            }
        let places = try await sql.select().columns("id", "kind", "name", "lat", "lon").from("patrol_places")
            .where("grid_id", .equal, gridID).orderBy("id").all().map { r in
                PatrolPlace(
                    key: "place:\(try r.decode(column: "id", as: Int64.self))",
                    kind: try r.decode(column: "kind", as: String.self),
                    name: try r.decode(column: "name", as: String.self), lat: try r.decode(column: "lat", as: Double.self),
                    lon: try r.decode(column: "lon", as: Double.self), gridID: gridID)
            }
        return buildings + places
    }

    /// What coverage counts: every building and key place of the grid.
    static func targets(_ sql: any SQLDatabase, gridID: Int64) async throws -> [PatrolTarget] {
        try await all(sql, gridID: gridID).map { PatrolTarget(key: $0.key, coordinate: Coordinate(lat: $0.lat, lon: $0.lon)) }
    }

    public static func list(_ database: any Database, gridID: Int64) async throws -> [PatrolPlace] {
        try await database.read { sql in try await all(sql, gridID: gridID) }
    }

    /// The kinds of key place a community lists.
    public static let kinds: Set<String> = ["entrance", "canteen", "hazard", "facility", "other"]

    /// Lists a key place on a grid (community staff of its community, or the centre).
    public static func add(
        kind: String, name: String, at point: Coordinate, grid: Grid, by principal: Principal, in database: any Database,
        now: Date = Date()
    ) async throws -> PatrolPlace {
        try principal.require(.patrolPlan, on: Place(streetID: grid.streetID, communityID: grid.communityID, gridID: grid.id))
        guard kinds.contains(kind) else {
            throw GridHubError.invalid("kind", "Use one of \(kinds.sorted().joined(separator: ", ")).")
        }
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(name.count) else {
            throw GridHubError(.unprocessable, "invalid_name", "A place's name is 1–100 characters besides spaces.")
        }
        guard grid.boundary.boundingBox.padded(by: 0.005).contains(point) else {
            throw GridHubError(.unprocessable, "outside_grid", "The place is not near grid \(grid.code.value).")
        }
        let id = try await database.write { sql in
            try await sql.insertReturningID(
                into: "patrol_places",
                PlaceRow(
                    streetId: grid.streetID, gridId: grid.id, kind: kind, name: name, lat: point.lat, lon: point.lon,
                    createdAt: StoredTime.millis(now)))
        }
        return PatrolPlace(key: "place:\(id)", kind: kind, name: name, lat: point.lat, lon: point.lon, gridID: grid.id)
    }

    struct PlaceRow: Encodable, Sendable {
        var id: Int64? = nil
        var streetId: Int64
        var gridId: Int64
        var kind: String
        var name: String
        var lat: Double
        var lon: Double
        var createdAt: Int64
    }
}

extension TrackMeasures {
    /// The measures stored on a patrol whose raw fixes are gone.
    static func stored(_ row: PatrolRow) -> TrackMeasures {
        TrackMeasures(
            distanceM: row.distanceM, durationS: row.durationS, inGridS: row.inGridS,
            passed: Set((try? JSONDecoder().decode([String].self, from: Data(row.passed.utf8))) ?? []), coverage: row.coverage)
    }
}
