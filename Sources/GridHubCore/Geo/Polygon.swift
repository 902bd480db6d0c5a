import Foundation

/// A simple polygon: one outer ring of WGS-84 points, not closed (the last point joins the first).
public struct Polygon: Sendable, Hashable, Codable {
    public var ring: [Coordinate]

    public init(ring: [Coordinate]) {
        if let first = ring.first, let last = ring.last, ring.count > 1, first == last {
            self.ring = Array(ring.dropLast())
        } else {
            self.ring = ring
        }
    }

    public var boundingBox: BoundingBox {
        var box = BoundingBox(minLat: .infinity, minLon: .infinity, maxLat: -.infinity, maxLon: -.infinity)
        for p in ring {
            box = box.union(BoundingBox(minLat: p.lat, minLon: p.lon, maxLat: p.lat, maxLon: p.lon))
        }
        return box
    }

    /// Whether the point is inside or on the boundary (edges and vertices count as inside).
    public func contains(_ p: Coordinate) -> Bool {
        locate(p) != .outside
    }

    /// Where a point lies relative to this polygon.
    public enum Position: Sendable { case inside, boundary, outside }

    /// Ray casting, with an exact on-segment test first so that shared edges and vertices are found.
    public func locate(_ p: Coordinate) -> Position {
        let n = ring.count
        guard n >= 3 else { return .outside }
        var inside = false
        var j = n - 1
        for i in 0..<n {
            let a = ring[i]
            let b = ring[j]
            if Self.isOnSegment(p, a, b) { return .boundary }
            if (a.lat > p.lat) != (b.lat > p.lat) {
                let crossLon = (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon
                if p.lon < crossLon { inside.toggle() }
            }
            j = i
        }
        return inside ? .inside : .outside
    }

    /// 1e-9 degrees is about 0.1 mm: a point closer than that to an edge lies on it.
    public static let edgeTolerance = 1e-9

    private static func isOnSegment(_ p: Coordinate, _ a: Coordinate, _ b: Coordinate) -> Bool {
        let cross = (b.lon - a.lon) * (p.lat - a.lat) - (b.lat - a.lat) * (p.lon - a.lon)
        let scale = max(abs(b.lon - a.lon), abs(b.lat - a.lat), 1e-12)
        let t = edgeTolerance
        guard abs(cross) / scale <= t else { return false }
        return p.lon >= min(a.lon, b.lon) - t && p.lon <= max(a.lon, b.lon) + t
            && p.lat >= min(a.lat, b.lat) - t && p.lat <= max(a.lat, b.lat) + t
    }

    /// Area in square metres (shoelace on a local equirectangular projection; exact enough for grids).
    public var areaSquareMetres: Double {
        guard ring.count >= 3 else { return 0 }
        let lat0 = ring.map(\.lat).reduce(0, +) / Double(ring.count) * .pi / 180
        let mLat = 111_320.0
        let mLon = 111_320.0 * cos(lat0)
        var sum = 0.0
        for i in ring.indices {
            let a = ring[i]
            let b = ring[(i + 1) % ring.count]
            sum += (a.lon * mLon) * (b.lat * mLat) - (b.lon * mLon) * (a.lat * mLat)
        }
        return abs(sum) / 2
    }

    /// The mean of the vertices: a label point for convex-ish grids.
    public var centroid: Coordinate {
        let n = Double(max(ring.count, 1))
        return Coordinate(lat: ring.map(\.lat).reduce(0, +) / n, lon: ring.map(\.lon).reduce(0, +) / n)
    }
}
