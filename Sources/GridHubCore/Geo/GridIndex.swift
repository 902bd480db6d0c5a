/// A spatial index that finds which grid (网格) a point falls in.
///
/// Grids tile the map without overlapping, so an index over their bounding boxes in uniform
/// buckets answers a lookup by testing the few polygons in one bucket: constant time in the
/// number of grids. A point on a shared edge or vertex belongs to several polygons; the rule is
/// that the one with the smallest key wins, so every point has exactly one grid.
public struct GridIndex<Key: Comparable & Hashable & Sendable>: Sendable {
    private struct Entry: Sendable {
        let key: Key
        let polygon: Polygon
        let box: BoundingBox
    }

    private let entries: [Entry]
    private let extent: BoundingBox
    private let columns: Int
    private let rows: Int
    private let buckets: [[Int32]]

    public var count: Int { entries.count }

    /// Builds the index; buckets are sized so each holds about two grids.
    public init(_ grids: [(key: Key, polygon: Polygon)]) {
        let entries = grids.filter { $0.polygon.ring.count >= 3 }
            .map { Entry(key: $0.key, polygon: $0.polygon, box: $0.polygon.boundingBox.padded(by: Polygon.edgeTolerance)) }
        self.entries = entries
        guard let first = entries.first else {
            extent = BoundingBox(minLat: 0, minLon: 0, maxLat: 0, maxLon: 0)
            columns = 1
            rows = 1
            buckets = [[]]
            return
        }
        let extent = entries.dropFirst().reduce(first.box) { $0.union($1.box) }
        self.extent = extent
        let side = max(1, Int((Double(entries.count) / 2).squareRoot().rounded(.up)))
        columns = side
        rows = side
        var buckets = [[Int32]](repeating: [], count: side * side)
        let width = max(extent.maxLon - extent.minLon, 1e-12)
        let height = max(extent.maxLat - extent.minLat, 1e-12)
        func column(_ lon: Double) -> Int { min(side - 1, max(0, Int((lon - extent.minLon) / width * Double(side)))) }
        func row(_ lat: Double) -> Int { min(side - 1, max(0, Int((lat - extent.minLat) / height * Double(side)))) }
        for (i, e) in entries.enumerated() {
            for r in row(e.box.minLat)...row(e.box.maxLat) {
                for c in column(e.box.minLon)...column(e.box.maxLon) {
                    buckets[r * side + c].append(Int32(i))
                }
            }
        }
        self.buckets = buckets
    }

    /// The key of the grid holding the point, or nil when it is outside every grid.
    public func locate(_ p: Coordinate) -> Key? {
        guard !entries.isEmpty, extent.contains(p) else { return nil }
        let width = max(extent.maxLon - extent.minLon, 1e-12)
        let height = max(extent.maxLat - extent.minLat, 1e-12)
        let c = min(columns - 1, max(0, Int((p.lon - extent.minLon) / width * Double(columns))))
        let r = min(rows - 1, max(0, Int((p.lat - extent.minLat) / height * Double(rows))))
        var best: Key?
        for i in buckets[r * columns + c] {
            let e = entries[Int(i)]
            guard e.box.contains(p) else { continue }
            // Every holder is considered, not just the first: a point a rounding error away from a
            // shared vertex can test "inside" one grid and "on the edge" of its neighbour.
            guard e.polygon.locate(p) != .outside else { continue }
            if best.map({ e.key < $0 }) ?? true { best = e.key }
        }
        return best
    }
}
