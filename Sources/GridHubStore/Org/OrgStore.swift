import GridHubCore
import SQLKit

/// Reads and writes the organisation: streets, communities, grids, buildings, units, departments.
public struct OrgStore: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    public func streets() async throws -> [Street] {
        try await database.read { sql in
            try await sql.select().columns("*").from("streets").orderBy("code").rows(StreetRow.self).map(\.street)
        }
    }

    public func street(id: Int64) async throws -> Street? {
        try await database.read { sql in
            try await sql.select().columns("*").from("streets").where("id", .equal, id).row(StreetRow.self)?.street
        }
    }

    public func communities(streetID: Int64? = nil) async throws -> [Community] {
        try await database.read { sql in
            var q = sql.select().columns("*").from("communities")
            if let streetID { q = q.where("street_id", .equal, streetID) }
            return try await q.orderBy("code").rows(CommunityRow.self).map(\.community)
        }
    }

    public func grids(streetID: Int64? = nil, communityID: Int64? = nil) async throws -> [Grid] {
        try await database.read { sql in
            var q = sql.select().columns("*").from("grids")
            if let streetID { q = q.where("street_id", .equal, streetID) }
            if let communityID { q = q.where("community_id", .equal, communityID) }
            return try await q.orderBy("code").rows(GridRow.self).map { try $0.grid() }
        }
    }

    public func grid(id: Int64) async throws -> Grid? {
        try await database.read { sql in
            try await sql.select().columns("*").from("grids").where("id", .equal, id).row(GridRow.self)?.grid()
        }
    }

    public func grid(code: String) async throws -> Grid? {
        try await database.read { sql in
            try await sql.select().columns("*").from("grids").where("code", .equal, code).row(GridRow.self)?.grid()
        }
    }

    /// Buildings of some grids with their units, ordered by name.
    public func buildings(gridIDs: [Int64]) async throws -> [Building] {
        guard !gridIDs.isEmpty else { return [] }
        return try await database.read { sql in
            let rows = try await sql.select().columns("*").from("buildings")
                .where("grid_id", .in, gridIDs).orderBy("id").rows(BuildingRow.self)
            let ids = rows.compactMap(\.id)
            let units =
                ids.isEmpty
                ? []
                : try await sql.select().columns("*").from("units")
                    .where("building_id", .in, ids).orderBy("id").rows(UnitRow.self)
            let byBuilding = Dictionary(grouping: units, by: \.buildingId)
            return rows.map { r in
                Building(
                    id: r.id ?? 0, gridID: r.gridId, name: r.name, location: Coordinate(lat: r.lat, lon: r.lon),
                    floors: r.floors, units: byBuilding[r.id ?? 0, default: []].map(\.name))
            }
        }
    }

    public func departments(streetID: Int64) async throws -> [Department] {
        try await database.read { sql in
            try await sql.select().columns("*").from("departments").where("street_id", .equal, streetID)
                .orderBy("id").rows(DepartmentRow.self).map(\.department)
        }
    }

    public func department(streetID: Int64, code: String) async throws -> Department? {
        try await database.read { sql in
            try await sql.select().columns("*").from("departments").where("street_id", .equal, streetID)
                .where("code", .equal, code).row(DepartmentRow.self)?.department
        }
    }

    /// Whether anything has been stored yet (the demo seeds only an empty database).
    public func isEmpty() async throws -> Bool {
        try await database.read { sql in
            try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("streets")
                .first()?.decode(column: "n", as: Int.self) == 0
        }
    }

    /// Whether the one who handled a case may also check it (``CaseDuties/checkMayCheck``).
    public func setHandlerMayCheck(streetID: Int64, _ allowed: Bool) async throws {
        try await database.write { sql in
            try await sql.update("streets").set("handler_may_check", to: allowed).where("id", .equal, streetID).run()
        }
    }
}
