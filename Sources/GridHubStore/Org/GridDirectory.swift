import Foundation
import GridHubCore
import NIOConcurrencyHelpers

/// Every grid, street and community in memory with a spatial index: locating a report's grid is
/// a lookup, not a query. Reloaded when the organisation changes (import, demo seeding).
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

    public static func load(_ org: OrgStore) async throws -> GridDirectory {
        GridDirectory(org: org, snapshot: try await snapshot(org))
    }

    private init(org: OrgStore, snapshot: Snapshot) {
        self.org = org
        self.state = NIOLockedValueBox(snapshot)
    }

    public func reload() async throws {
        let fresh = try await Self.snapshot(org)
        state.withLockedValue { $0 = fresh }
    }

    public var current: Snapshot { state.withLockedValue { $0 } }

    /// The grid holding a WGS-84 point, or nil outside every grid.
    public func locate(_ point: Coordinate) -> Grid? {
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
