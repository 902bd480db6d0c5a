import Foundation
import GridHubCore
import NIOConcurrencyHelpers

/// Every grid, street and community in memory with a spatial index: locating a report's grid is
/// a lookup, not a query — or, on PostgreSQL with PostGIS, one indexed query (``PostGISGrids``),
/// with the same answers. Reloaded when the organisation changes (import, demo seeding).
public final class GridDirectory: Sendable {
    public struct Snapshot: Sendable {
        public var index: GridIndex<Int64>
        public var grids: [Int64: Grid]
        public var gridsByCode: [String: Grid]
        public var streets: [Int64: Street]
        public var communities: [Int64: Community]
    }

    private let org: OrgStore
    private let state: NIOLockedValueBox<Snapshot>
    /// Set when the database does the lookups.
    public let postgis: PostGISGrids?

    public static func load(_ org: OrgStore, postgis: PostGISGrids? = nil) async throws -> GridDirectory {
        let directory = GridDirectory(org: org, snapshot: try await snapshot(org), postgis: postgis)
        try await postgis?.sync()
        return directory
    }

    private init(org: OrgStore, snapshot: Snapshot, postgis: PostGISGrids?) {
        self.org = org
        self.state = NIOLockedValueBox(snapshot)
        self.postgis = postgis
    }

    public func reload() async throws {
        let fresh = try await Self.snapshot(org)
        try await postgis?.sync()
        state.withLockedValue { $0 = fresh }
    }

    public var current: Snapshot { state.withLockedValue { $0 } }

    /// The grid holding a WGS-84 point, or nil outside every grid.
    public func locate(_ point: Coordinate) async throws -> Grid? {
        guard let postgis else { return locateInProcess(point) }
        return try await postgis.locate(point).flatMap { current.grids[$0] }
    }

    /// The same answer from the in-process index.
    public func locateInProcess(_ point: Coordinate) -> Grid? {
        let s = current
        return s.index.locate(point).flatMap { s.grids[$0] }
    }

    static func snapshot(_ org: OrgStore) async throws -> Snapshot {
        let grids = try await org.grids()
        let streets = try await org.streets()
        let communities = try await org.communities()
        return Snapshot(
            index: GridIndex(grids.map { (key: $0.id, polygon: $0.boundary) }),
            grids: Dictionary(uniqueKeysWithValues: grids.map { ($0.id, $0) }),
            gridsByCode: Dictionary(uniqueKeysWithValues: grids.map { ($0.code.value, $0) }),
            streets: Dictionary(uniqueKeysWithValues: streets.map { ($0.id, $0) }),
            communities: Dictionary(uniqueKeysWithValues: communities.map { ($0.id, $0) }))
    }
}
