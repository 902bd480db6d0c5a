import Foundation

/// Metres east and north of a reference point: an equirectangular projection, exact to well under a
/// metre across a street's few kilometres, so that track geometry is plain plane geometry.
public struct LocalPlane: Sendable {
    public struct Point: Sendable, Hashable {
        public var x: Double
        public var y: Double
        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    let origin: Coordinate
    let metresPerDegreeLat = 111_320.0
    let metresPerDegreeLon: Double

    public init(origin: Coordinate) {
        self.origin = origin
        metresPerDegreeLon = 111_320.0 * cos(origin.lat * .pi / 180)
    }

    public func project(_ c: Coordinate) -> Point {
        Point(x: (c.lon - origin.lon) * metresPerDegreeLon, y: (c.lat - origin.lat) * metresPerDegreeLat)
    }

    public func unproject(_ p: Point) -> Coordinate {
        Coordinate(lat: origin.lat + p.y / metresPerDegreeLat, lon: origin.lon + p.x / metresPerDegreeLon)
    }

    /// The distance from `p` to the segment `a`–`b`.
    public static func distance(_ p: Point, toSegment a: Point, _ b: Point) -> Double {
        let (dx, dy) = (b.x - a.x, b.y - a.y)
        let length2 = dx * dx + dy * dy
        let t = length2 == 0 ? 0 : max(0, min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2))
        let (ex, ey) = (a.x + t * dx - p.x, a.y + t * dy - p.y)
        return (ex * ex + ey * ey).squareRoot()
    }

    public static func distance(_ a: Point, _ b: Point) -> Double {
        ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
    }
}

/// Douglas–Peucker simplification: the fewest of a line's points that keep every dropped point within
/// `tolerance` metres of the simplified line. Iterative (a long track cannot overflow the stack).
public enum TrackSimplifier {
    /// The indices of `points` to keep, ascending; the first and last are always kept.
    public static func keep(_ points: [LocalPlane.Point], tolerance: Double) -> [Int] {
        guard points.count > 2 else { return Array(points.indices) }
        var keep = [Bool](repeating: false, count: points.count)
        keep[0] = true
        keep[points.count - 1] = true
        var stack = [(0, points.count - 1)]
        while let (first, last) = stack.popLast() {
            guard last > first + 1 else { continue }
            var (farthest, distance) = (first, 0.0)
            for i in (first + 1)..<last {
                let d = LocalPlane.distance(points[i], toSegment: points[first], points[last])
                if d > distance { (farthest, distance) = (i, d) }
            }
            if distance > tolerance {
                keep[farthest] = true
                stack.append((first, farthest))
                stack.append((farthest, last))
            }
        }
        return keep.indices.filter { keep[$0] }
    }

    /// The fixes of a track that its simplified line keeps.
    public static func simplify(_ fixes: [Fix], tolerance: Double = 5) -> [Fix] {
        guard let first = fixes.first else { return [] }
        let plane = LocalPlane(origin: first.coordinate)
        return keep(fixes.map { plane.project($0.coordinate) }, tolerance: tolerance).map { fixes[$0] }
    }
}
