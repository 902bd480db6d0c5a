import Foundation
import GridHubCore

/// A grid worker's walk as a phone would record it: building to nearest building at 1.2 m/s, round
/// the route again until the time is up, each fix off by GPS noise and now and then a fix the phone
/// itself marks as inaccurate.
struct DemoWalk {
    var stops: [Coordinate]
    var start: Date
    var minutes: Double
    /// Seconds between fixes.
    var interval: Double
    var speed = 1.2

    /// The buildings in nearest-neighbour order from the first.
    static func route(_ buildings: [Coordinate]) -> [Coordinate] {
        guard var here = buildings.first else { return [] }
        var left = Array(buildings.dropFirst())
        var route = [here]
        while !left.isEmpty {
            let next = left.indices.min { here.distance(to: left[$0]) < here.distance(to: left[$1]) } ?? 0
            here = left.remove(at: next)
            route.append(here)
        }
        return route
    }

    func fixes(_ rng: inout SeededRandom) -> [Fix] {
        guard let origin = stops.first, stops.count > 1 else { return [] }
        let plane = LocalPlane(origin: origin)
        let loop = (stops + [origin]).map { plane.project($0) }
        var (leg, along) = (0, 0.0)
        var fixes = [Fix]()
        let count = Int(minutes * 60 / interval)
        for i in 0...count {
            // Move `speed × interval` metres along the loop.
            var step = i == 0 ? 0 : speed * interval
            while step > 0 {
                let a = loop[leg % (loop.count - 1)]
                let b = loop[leg % (loop.count - 1) + 1]
                let length = max(LocalPlane.distance(a, b), 0.1)
                if along + step < length {
                    along += step
                    step = 0
                } else {
                    step -= length - along
                    (leg, along) = (leg + 1, 0)
                }
            }
            let a = loop[leg % (loop.count - 1)]
            let b = loop[leg % (loop.count - 1) + 1]
            let t = along / max(LocalPlane.distance(a, b), 0.1)
            let noisy = LocalPlane.Point(
                x: a.x + (b.x - a.x) * t + Self.gaussian(&rng) * 3, y: a.y + (b.y - a.y) * t + Self.gaussian(&rng) * 3)
            let poor = rng.unit() < 0.02
            fixes.append(
                Fix(
                    at: start.addingTimeInterval(Double(i) * interval), coordinate: plane.unproject(noisy),
                    accuracy: poor ? 120 : 4 + rng.unit() * 8, speed: speed, battery: max(20, 95 - Double(i) * interval / 300)))
        }
        return fixes
    }

    /// A standard normal draw (Box–Muller).
    static func gaussian(_ rng: inout SeededRandom) -> Double {
        let u = max(rng.unit(), 1e-12)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * rng.unit())
    }
}
