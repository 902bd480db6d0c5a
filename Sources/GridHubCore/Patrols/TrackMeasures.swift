import Foundation

/// A place a patrol should pass: a building (its entrance point) or a listed 巡查点.
public struct PatrolTarget: Sendable, Hashable, Codable {
    public var key: String
    public var coordinate: Coordinate
    public init(key: String, coordinate: Coordinate) {
        self.key = key
        self.coordinate = coordinate
    }
}

/// What a filtered track shows: how far, how long, how long inside the worker's grid, which buildings
/// it passed. Distance is measured on the track smoothed over about 50 s and simplified at 5 m, not by
/// adding fix to fix: GPS jitter zig-zags a walked line and a raw odometer overstates it.
public struct TrackMeasures: Sendable, Hashable, Codable {
    public var distanceM: Double
    public var durationS: Double
    public var inGridS: Double
    /// Keys of the targets passed within ``passRadius``.
    public var passed: Set<String>
    /// Share of the targets passed, 0–1; nil when the grid lists none.
    public var coverage: Double?

    public init(distanceM: Double, durationS: Double, inGridS: Double, passed: Set<String>, coverage: Double?) {
        self.distanceM = distanceM
        self.durationS = durationS
        self.inGridS = inGridS
        self.passed = passed
        self.coverage = coverage
    }

    public static let passRadius = 30.0
    /// Consecutive fixes further apart than this are a gap: no time in the grid is counted across it.
    public static let maxGap: TimeInterval = 120

    public static func measure(_ kept: [Fix], grid: Polygon?, targets: [PatrolTarget]) -> TrackMeasures {
        guard let first = kept.first, let last = kept.last else {
            return TrackMeasures(distanceM: 0, durationS: 0, inGridS: 0, passed: [], coverage: targets.isEmpty ? nil : 0)
        }
        let plane = LocalPlane(origin: first.coordinate)
        let points = kept.map { plane.project($0.coordinate) }
        let passed = Set(
            targets.filter { target in
                let p = plane.project(target.coordinate)
                if points.count == 1 { return LocalPlane.distance(p, points[0]) <= passRadius }
                return zip(points, points.dropFirst()).contains { LocalPlane.distance(p, toSegment: $0, $1) <= passRadius }
            }.map(\.key))
        return TrackMeasures(
            distanceM: distance(points, times: kept.map(\.at)), durationS: last.at.timeIntervalSince(first.at),
            inGridS: grid.map { inside(kept, $0) } ?? 0, passed: passed,
            coverage: targets.isEmpty ? nil : Double(passed.count) / Double(targets.count))
    }

    /// The length of the line through the smoothed, simplified points.
    static func distance(_ points: [LocalPlane.Point], times: [Date]) -> Double {
        let smooth = smoothed(points, times: times)
        let line = TrackSimplifier.keep(smooth, tolerance: 5).map { smooth[$0] }
        return zip(line, line.dropFirst()).reduce(0) { $0 + LocalPlane.distance($1.0, $1.1) }
    }

    /// How far in time a fix's neighbours may be to be averaged with it: at the phone page's ten
    /// seconds a fix, two on either side; a sparse track (a tracker at a minute) is not smoothed, as
    /// its neighbours lie too far along the way to say anything about the noise.
    static let smoothingReach: TimeInterval = 25

    /// Each point averaged with its neighbours within ``smoothingReach`` on both sides, as many on each
    /// side; the ends stay where they are.
    static func smoothed(_ points: [LocalPlane.Point], times: [Date]) -> [LocalPlane.Point] {
        guard points.count > 2 else { return points }
        return points.indices.map { i in
            var r = 0
            while i - r - 1 >= 0, i + r + 1 < points.count,
                times[i].timeIntervalSince(times[i - r - 1]) <= smoothingReach,
                times[i + r + 1].timeIntervalSince(times[i]) <= smoothingReach
            {
                r += 1
            }
            let window = points[(i - r)...(i + r)]
            let n = Double(window.count)
            return LocalPlane.Point(x: window.reduce(0) { $0 + $1.x } / n, y: window.reduce(0) { $0 + $1.y } / n)
        }
    }

    /// Seconds between consecutive fixes spent inside the polygon: a whole step when both ends are in,
    /// half when one is; nothing across a gap.
    static func inside(_ kept: [Fix], _ grid: Polygon) -> Double {
        let inside = kept.map { grid.contains($0.coordinate) }
        var seconds = 0.0
        for i in kept.indices.dropFirst() {
            let step = kept[i].at.timeIntervalSince(kept[i - 1].at)
            guard step <= maxGap else { continue }
            seconds += step * Double((inside[i] ? 1 : 0) + (inside[i - 1] ? 1 : 0)) / 2
        }
        return seconds
    }
}
