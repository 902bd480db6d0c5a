import Foundation
import GridHubCore
import Logging
import SQLKit

/// Grid lookup inside PostgreSQL with PostGIS: each grid's boundary as a `geometry(Polygon, 4326)`
/// under a GiST index, so a city's database answers "which grid holds this point" itself. The rule
/// is the in-process ``GridIndex``'s: a point on (or within 1e-9° of) a boundary belongs to a grid,
/// and of several the one with the smallest id wins.
public struct PostGISGrids: Sendable {
    let database: any Database
    /// The in-process index's edge tolerance, in degrees.
    static let tolerance = Polygon.edgeTolerance

    /// PostGIS on this database, or nil when the engine is SQLite or the server has no PostGIS
    /// (then the in-process index does the work, with the same answers).
    public static func enable(_ database: any Database, logger: Logger) async -> PostGISGrids? {
        guard database.flavor == .postgres else { return nil }
        do {
            return try await database.write { sql in
                let available =
                    try await sql.raw("SELECT 1 AS ok FROM pg_available_extensions WHERE name = 'postgis'")
                    .first() != nil
                guard available else { return nil }
                try await sql.raw("CREATE EXTENSION IF NOT EXISTS postgis").run()
                try await sql.raw(
                    """
                    CREATE TABLE IF NOT EXISTS grid_shapes (grid_id BIGINT PRIMARY KEY REFERENCES grids(id),
                      shape geometry(Polygon, 4326) NOT NULL)
                    """
                ).run()
                try await sql.raw("CREATE INDEX IF NOT EXISTS grid_shapes_shape ON grid_shapes USING GIST (shape)").run()
                return PostGISGrids(database: database)
            }
        } catch {
            logger.warning("PostGIS not usable; grid lookup stays in process", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// Brings `grid_shapes` in line with `grids` (after demo seeding or an import), in the database:
    /// shapes of grids that are gone are dropped, missing ones are built from the stored rings (closed
    /// here: a ring is stored without its repeated first point). A start with nothing to do writes nothing.
    public func sync() async throws {
        try await database.write { sql in
            try await sql.raw("DELETE FROM grid_shapes WHERE grid_id NOT IN (SELECT id FROM grids)").run()
            try await sql.raw(
                """
                INSERT INTO grid_shapes (grid_id, shape)
                SELECT id, ST_SetSRID(ST_MakePolygon(ST_AddPoint(line, ST_StartPoint(line))), 4326)
                FROM (SELECT id, ST_GeomFromGeoJSON('{"type":"LineString","coordinates":' || boundary || '}') AS line
                      FROM grids WHERE id NOT IN (SELECT grid_id FROM grid_shapes)) AS missing
                """
            ).run()
        }
    }

    /// The id of the grid holding `point`, or nil outside every grid.
    public func locate(_ point: Coordinate) async throws -> Int64? {
        try await database.read { sql in
            try await sql.raw(
                """
                SELECT grid_id FROM grid_shapes
                WHERE ST_DWithin(shape, ST_SetSRID(ST_MakePoint(\(bind: point.lon), \(bind: point.lat)), 4326), \(bind: Self.tolerance))
                ORDER BY grid_id LIMIT 1
                """
            ).first()?.decode(column: "grid_id", as: Int64.self)
        }
    }
}
