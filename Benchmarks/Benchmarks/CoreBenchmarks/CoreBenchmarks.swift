// GridHubCore's hot paths, measured with package-benchmark. Each benchmark does 1,000 operations an
// iteration (`scalingFactor: .kilo`), so the times it reports are per operation.
import Benchmark
import Foundation
import GridHubCore
import GridHubDemo

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .instructions, .mallocCountTotal, .throughput],
        warmupIterations: 3, scalingFactor: .kilo, maxDuration: .seconds(2), maxIterations: .kilo(10))

    let city = Fixtures.city()
    let points = Fixtures.points(in: city, count: 1_000)

    Benchmark("grid lookup, 1 point among \(city.count) grids") { benchmark in
        let index = GridIndex(city)
        benchmark.startMeasurement()
        for i in benchmark.scaledIterations { blackHole(index.locate(points[i % points.count])) }
    }

    Benchmark("GCJ-02 from WGS-84") { benchmark in
        for i in benchmark.scaledIterations { blackHole(GCJ02.fromWGS84(points[i % points.count])) }
    }

    Benchmark("GCJ-02 to WGS-84 (iterated inverse)") { benchmark in
        let offset = points.map(GCJ02.fromWGS84)
        benchmark.startMeasurement()
        for i in benchmark.scaledIterations { blackHole(GCJ02.toWGS84(offset[i % offset.count])) }
    }

    Benchmark(
        "near-duplicate match among 100,000 open cases",
        configuration: .init(scalingFactor: .one, maxDuration: .seconds(2), maxIterations: .kilo(1))
    ) { benchmark in
        let candidates = Fixtures.openCases(in: city, count: 100_000)
        let report = candidates[50_000]
        let rule = DuplicateRule.standard
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(
                DuplicateMatcher.match(
                    classCode: report.classCode, at: report.location, on: report.reportedAt, rule: rule, among: candidates))
        }
    }

    for (name, limit) in [("5 working days", TimeLimit(5, .workingDays)), ("4 working hours", TimeLimit(4, .workingHours))] {
        Benchmark("due time, \(name) on the 2026 calendar") { benchmark in
            let calendar = WorkingCalendar.standard
            let starts = Fixtures.moments(count: 1_000)
            benchmark.startMeasurement()
            for i in benchmark.scaledIterations { blackHole(calendar.due(from: starts[i % starts.count], limit: limit)) }
        }
    }

    Benchmark(
        "indicators of 10,000 cases (a district's month)",
        configuration: .init(scalingFactor: .one, maxDuration: .seconds(2), maxIterations: .kilo(1))
    ) { benchmark in
        let facts = Fixtures.facts(count: 10_000)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(Indicators(facts: facts)) }
    }
}

/// The inputs, built the way the scale generator builds its city.
enum Fixtures {
    /// Every grid of a 208-street city (9,984 grids), keyed by a running number.
    static func city() -> [(key: Int64, polygon: Polygon)] {
        let template = DemoStreet(today: Date(timeIntervalSince1970: 1_795_000_000))
        let streets = [template.grids] + (1...ScaleCity.maxStreets).map { ScaleCity.street($0, template: template).grids }
        return streets.joined().enumerated().map { (Int64($0.offset), $0.element.boundary) }
    }

    static func points(in city: [(key: Int64, polygon: Polygon)], count: Int) -> [Coordinate] {
        var rng = SeededRandom(seed: 1)
        return (0..<count).map { _ in
            DemoStreet.interiorPoint(of: city[Int(rng.next() % UInt64(city.count))].polygon, u: rng.unit(), v: rng.unit())
        }
    }

    static func openCases(in city: [(key: Int64, polygon: Polygon)], count: Int) -> [DuplicateCandidate] {
        var rng = SeededRandom(seed: 2)
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        return points(in: city, count: count).enumerated().map { i, p in
            DuplicateCandidate(
                caseID: Int64(i), classCode: DemoStreet.pickClass(&rng).code, location: p,
                reportedAt: now.addingTimeInterval(-rng.unit() * 14 * 86_400), state: .dispatched)
        }
    }

    static func moments(count: Int) -> [Date] {
        var rng = SeededRandom(seed: 3)
        let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01
        return (0..<count).map { _ in start.addingTimeInterval(rng.unit() * 330 * 86_400) }
    }

    static func facts(count: Int) -> [CaseFacts] {
        var rng = SeededRandom(seed: 4)
        let states = CaseState.allCases
        return (0..<count).map { _ in
            let dispatched = Date(timeIntervalSince1970: 1_790_000_000 + rng.unit() * 2_592_000)
            let due = dispatched.addingTimeInterval(3 * 86_400)
            let handled = rng.unit() < 0.8 ? dispatched.addingTimeInterval(rng.unit() * 4 * 86_400) : nil
            return CaseFacts(
                state: states[Int(rng.next() % UInt64(states.count))], accepted: rng.unit() < 0.9, rejected: rng.unit() < 0.08,
                dispatched: true, respondedOnTime: rng.unit() < 0.9, handledAt: handled, dispatchedAt: dispatched,
                closedAt: handled?.addingTimeInterval(3_600), dueAt: due, reworked: rng.unit() < 0.05,
                overdue: rng.unit() < 0.1, rating: Satisfaction.allCases.randomElement(using: &rng))
        }
    }
}
