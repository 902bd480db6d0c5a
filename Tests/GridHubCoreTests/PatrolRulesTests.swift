import Foundation
import Testing

@testable import GridHubCore

@Suite("Patrol rules: filtering, measures, plan, OsmAnd, assessment")
struct PatrolRulesTests {
    static let origin = Coordinate(lat: 43.88, lon: 125.33)
    static let plane = LocalPlane(origin: origin)
    /// 09:00 Shanghai on Monday 2026-11-23.
    static let nine = Date(timeIntervalSince1970: 1_795_395_600)

    static func fix(_ seconds: Double, x: Double, y: Double, accuracy: Double? = 8) -> Fix {
        Fix(at: nine.addingTimeInterval(seconds), coordinate: plane.unproject(.init(x: x, y: y)), accuracy: accuracy)
    }

    /// A walk at 1.25 m/s round a 300 × 200 m block, a fix every 10 s, each off by Gaussian noise of
    /// `sigma` metres per axis.
    static func walk(minutes: Double, sigma: Double, seed: UInt64 = 7) -> (fixes: [Fix], truth: Double) {
        let corners: [LocalPlane.Point] = [.init(x: 0, y: 0), .init(x: 300, y: 0), .init(x: 300, y: 200), .init(x: 0, y: 200)]
        var rng = SeededRandom(seed: seed)
        var fixes = [Fix]()
        let count = Int(minutes * 6)
        for i in 0...count {
            var along = (Double(i) * 12.5).truncatingRemainder(dividingBy: 1000)
            var leg = 0
            while true {
                let a = corners[leg]
                let b = corners[(leg + 1) % 4]
                let length = LocalPlane.distance(a, b)
                if along <= length {
                    let t = along / length
                    let noise = (gaussian(&rng) * sigma, gaussian(&rng) * sigma)
                    fixes.append(fix(Double(i) * 10, x: a.x + (b.x - a.x) * t + noise.0, y: a.y + (b.y - a.y) * t + noise.1))
                    break
                }
                along -= length
                leg += 1
            }
        }
        return (fixes, Double(count) * 12.5)
    }

    static func gaussian(_ rng: inout SeededRandom) -> Double {
        let u = max(rng.unit(), 1e-12)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * rng.unit())
    }

    @Test("a 2 km jump, a 500 m-accuracy fix, a duplicate and a future fix are dropped; the walk is kept")
    func filtering() {
        var raw = (0..<10).map { Self.fix(Double($0) * 10, x: Double($0) * 12, y: 0) }
        raw.append(Self.fix(45, x: 2_000, y: 0))  // 2 km away five seconds later
        raw.append(Self.fix(55, x: 66, y: 0, accuracy: 500))
        raw.append(Self.fix(30, x: 36, y: 0))  // a second fix for 30 s
        raw.append(Self.fix(10_000, x: 99, y: 0))  // hours ahead of "now"
        let (kept, dropped) = TrackFilter().run(raw.shuffled(), now: Self.nine.addingTimeInterval(120))
        #expect(kept.count == 10)
        #expect(kept.map(\.at) == (0..<10).map { Self.nine.addingTimeInterval(Double($0) * 10) })
        #expect(dropped == [.tooFast: 1, .inaccurate: 1, .duplicate: 1, .future: 1])
    }

    @Test("distance on a noisy walk (5 m per axis) is within 5 % of the path walked; the raw sum overstates it")
    func distance() {
        for seed in [UInt64(1), 2, 3] {
            let (fixes, truth) = Self.walk(minutes: 60, sigma: 5, seed: seed)
            let m = TrackMeasures.measure(fixes, grid: nil, targets: [])
            #expect(abs(m.distanceM - truth) / truth < 0.05, "seed \(seed): \(m.distanceM) m for \(truth) m")
            let odometer = zip(fixes, fixes.dropFirst()).reduce(0) { $0 + $1.0.coordinate.distance(to: $1.1.coordinate) }
            #expect(odometer > truth * 1.1)
        }
    }

    @Test("coverage counts the targets passed within 30 m of the track; time in the grid counts steps inside it")
    func coverage() {
        let track = (0...30).map { Self.fix(Double($0) * 10, x: Double($0) * 10, y: 0) }  // a straight 300 m walk east
        let targets = [
            PatrolTarget(key: "building:1", coordinate: Self.plane.unproject(.init(x: 50, y: 25))),  // 25 m off the line
            PatrolTarget(key: "building:2", coordinate: Self.plane.unproject(.init(x: 150, y: -29))),
            PatrolTarget(key: "building:3", coordinate: Self.plane.unproject(.init(x: 200, y: 40))),  // 40 m off
            PatrolTarget(key: "building:4", coordinate: Self.plane.unproject(.init(x: 340, y: 0))),  // 40 m past the end
        ]
        let corners: [LocalPlane.Point] = [
            .init(x: -10, y: -50), .init(x: 150, y: -50), .init(x: 150, y: 50), .init(x: -10, y: 50),
        ]
        let grid = Polygon(ring: corners.map { Self.plane.unproject($0) })
        let m = TrackMeasures.measure(track, grid: grid, targets: targets)
        #expect(m.passed == ["building:1", "building:2"])
        #expect(m.coverage == 0.5)
        #expect(m.durationS == 300)
        #expect(abs(m.inGridS - 150) <= 10)  // x from 0 to 150 m at 1 m/s
        #expect(TrackMeasures.measure(track, grid: grid, targets: []).coverage == nil)
    }

    @Test("Douglas–Peucker keeps the corners of a walk and drops what lies within 5 m")
    func simplify() {
        let east: [LocalPlane.Point] = (0...20).map { i in LocalPlane.Point(x: Double(i) * 10, y: i % 2 == 0 ? 0 : 2) }
        let north: [LocalPlane.Point] = (1...10).map { i in LocalPlane.Point(x: 200, y: Double(i) * 10) }
        let points = east + north
        #expect(TrackSimplifier.keep(points, tolerance: 5) == [0, 20, 30])
    }

    @Test("a patrol counts in the window it overlaps for 45 minutes, when it covers 70 % of the grid")
    func plan() throws {
        let plan = PatrolPlan.standard
        let day = PatrolDay.key(Self.nine)
        #expect(day == "2026-11-23")
        let h = { (hours: Double) in Self.nine.addingTimeInterval(hours * 3600) }
        #expect(plan.counts(from: h(0), to: h(1), coverage: 0.8) == PatrolSlot(day: day, window: 0))
        #expect(plan.counts(from: h(0), to: h(0.5), coverage: 0.8) == nil)  // 30 minutes
        #expect(plan.counts(from: h(0), to: h(1), coverage: 0.6) == nil)
        #expect(plan.counts(from: h(2.2), to: h(3.2), coverage: nil) == nil)  // 11:12–12:12: 18 min in the window
        #expect(plan.counts(from: h(5.5), to: h(6.5), coverage: 0.7) == PatrolSlot(day: day, window: 1))
        #expect(plan.open(at: h(-0.6)) == nil)  // 08:24
        #expect(plan.open(at: h(-0.4)) == PatrolSlot(day: day, window: 0))
        #expect(throws: GridHubError.self) {
            try PatrolPlan(windows: plan.windows.reversed(), minDurationMinutes: 45, minCoverage: 0.7).validated()
        }
        #expect(throws: GridHubError.self) {
            try PatrolPlan(windows: plan.windows, minDurationMinutes: 200, minCoverage: 0.7).validated()
        }
        #expect(throws: GridHubError.self) {
            try PatrolPlan(windows: plan.windows, minDurationMinutes: 45, minCoverage: .nan).validated()
        }
        #expect(ClockTime("8:30")?.minutes == 510)
        #expect(ClockTime("24:01") == nil && ClockTime("08:3") == nil && ClockTime("x") == nil)
        #expect(PatrolDay.month("2026-02")?.count == 28)
        #expect(PatrolDay.month("2026-13") == nil && PatrolDay.start("2026-02-30") == nil)
    }

    @Test("OsmAnd query fields: seconds, milliseconds or ISO time; speed in knots; bad values are 400s")
    func osmandQuery() throws {
        let now = Self.nine
        let m = try OsmAnd.decode(
            fields: [
                "id": "wgy01", "timestamp": "1795395600", "lat": "43.88", "lon": "125.33", "speed": "2", "bearing": "90",
                "accuracy": "6", "batt": "80",
            ], now: now)
        #expect(m.deviceID == "wgy01")
        #expect(m.fixes[0].at == Self.nine)
        #expect(abs((m.fixes[0].speed ?? 0) - 1.028888) < 1e-4)
        #expect(m.fixes[0].heading == 90 && m.fixes[0].battery == 80)
        #expect(
            try OsmAnd.decode(fields: ["id": "a", "timestamp": "1795395600000", "lat": "1", "lon": "2"], now: now).fixes[0].at
                == Self.nine)
        #expect(
            try OsmAnd.decode(fields: ["deviceid": "a", "timestamp": "2026-11-23T01:00:00Z", "location": "1,2"], now: now).fixes[
                0
            ]
            .coordinate == Coordinate(lat: 1, lon: 2))
        #expect(try OsmAnd.decode(fields: ["id": "a", "lat": "1", "lon": "2"], now: now).fixes[0].at == now)
        for bad in [
            ["lat": "1", "lon": "2"], ["id": "a", "lat": "91", "lon": "2"], ["id": "a", "lat": "nan", "lon": "2"],
            ["id": "a", "lat": "1", "lon": "2", "timestamp": "yesterday"], ["id": "a b", "lat": "1", "lon": "2"],
            ["id": "a", "lat": "1", "lon": "2", "timestamp": "99999999999999999999"], ["id": "a", "lat": "1"],
            ["id": "a", "lat": "1", "lon": "2", "accuracy": "-1"],
            ["id": "a", "lat": "1", "lon": "2", "timestamp": "2026-02-30T01:00:00Z"],
        ] {
            #expect(throws: GridHubError.self, "\(bad)") { try OsmAnd.decode(fields: bad, now: now) }
        }
    }

    @Test("OsmAnd JSON: one location or a list; speed in m/s, battery as a fraction")
    func osmandJSON() throws {
        let one = """
            {"location":{"timestamp":"2026-11-23T01:00:00.000Z","coords":{"latitude":43.88,"longitude":125.33,"accuracy":5,
            "speed":1.5,"heading":-1,"altitude":210},"battery":{"level":0.42},"is_moving":true},"device_id":"wgy02"}
            """
        let m = try OsmAnd.decode(json: Data(one.utf8), now: Self.nine)
        #expect(m.deviceID == "wgy02" && m.fixes.count == 1)
        #expect(m.fixes[0].at == Self.nine && m.fixes[0].speed == 1.5 && m.fixes[0].heading == nil)
        #expect(abs((m.fixes[0].battery ?? 0) - 42) < 1e-9)
        let many = """
            {"location":[{"timestamp":1795395600,"coords":{"latitude":1,"longitude":2}},
            {"timestamp":1795395610000,"coords":{"latitude":1.0001,"longitude":2}}],"device_id":"x"}
            """
        #expect(
            try OsmAnd.decode(json: Data(many.utf8), now: Self.nine).fixes.map(\.at) == [
                Self.nine, Self.nine.addingTimeInterval(10),
            ])
        for bad in [
            "{}", "[]", "{\"location\":{\"coords\":{\"latitude\":1,\"longitude\":2}}}", "{\"location\":[],\"device_id\":\"x\"}",
        ] {
            #expect(throws: GridHubError.self, "\(bad)") { try OsmAnd.decode(json: Data(bad.utf8), now: Self.nine) }
        }
    }

    @Test("OwnTracks: a location message with the device from X-Limit-D, ?id= or the topic; other messages carry nothing")
    func ownTracks() throws {
        let json = """
            {"_type":"location","lat":43.88,"lon":125.33,"tst":1795395600,"acc":8,"vel":9,"cog":270,"alt":215,"batt":64,
            "topic":"owntracks/wgy01/phone-a"}
            """
        let m = try #require(try OwnTracks.decode(json: Data(json.utf8), device: "wgy01", query: nil))
        #expect(m.deviceID == "wgy01" && m.fixes[0].at == Self.nine && m.fixes[0].speed == 2.5 && m.fixes[0].battery == 64)
        #expect(try OwnTracks.decode(json: Data(json.utf8), device: nil, query: nil)?.deviceID == "phone-a")
        #expect(try OwnTracks.decode(json: Data("{\"_type\":\"lwt\",\"tst\":1}".utf8), device: "x", query: nil) == nil)
        #expect(throws: GridHubError.self) {
            try OwnTracks.decode(json: Data("{\"_type\":\"lwt\"}".utf8), device: "x", query: "")
        }
        for bad in [
            "{}", "{\"_type\":\"location\",\"lat\":1,\"lon\":2}",
            "{\"_type\":\"location\",\"lat\":91,\"lon\":2,\"tst\":1795395600}",
        ] {
            #expect(throws: GridHubError.self, "\(bad)") { try OwnTracks.decode(json: Data(bad.utf8), device: "x", query: nil) }
        }
    }

    @Test("the assessment: counted of due, make-ups fill missed windows, worst first; CSV quotes and defuses")
    func assessment() {
        let due: Set<PatrolSlot> = [
            .init(day: "2026-11-23", window: 0), .init(day: "2026-11-23", window: 1), .init(day: "2026-11-24", window: 0),
        ]
        let walked = PatrolRecord(
            slot: .init(day: "2026-11-23", window: 0), durationS: 3600, distanceM: 4000, coverage: 0.9, checkIns: 2, reports: 1)
        let short = PatrolRecord(slot: nil, durationS: 1200, distanceM: 1000, coverage: 0.3, checkIns: 0, reports: 0)
        let good = PatrolAssessment.row(
            accountID: 1, username: "wgy01", name: "=SUM(A1)", communityID: 1, workingDays: 2, due: due,
            patrols: [walked, short],
            approvedMakeUps: [.init(day: "2026-11-24", window: 0), .init(day: "2026-11-30", window: 0)], casesSelfHandled: 3)
        #expect(good.due == 3 && good.counted == 2 && good.makeUps == 1 && good.missed == 1 && good.patrols == 2)
        #expect(abs(good.rate - 2.0 / 3) < 1e-9 && good.averageDurationMin == 40 && good.distanceKm == 5)
        #expect(good.averageCoverage == 0.6 && good.checkIns == 2 && good.reportsFound == 1)
        let poor = PatrolAssessment.row(
            accountID: 2, username: "wgy02", name: "b", communityID: 1, workingDays: 2, due: due, patrols: [],
            approvedMakeUps: [],
            casesSelfHandled: 0)
        #expect(PatrolAssessment.worstFirst([good, poor]).map(\.username) == ["wgy02", "wgy01"])
        let csv = PatrolAssessment.csv([good])
        #expect(csv.hasPrefix("\u{FEFF}账号,姓名"))
        #expect(csv.contains("wgy01,'=SUM(A1),2,3,2,1,1,0.667,2,40.0,5.00,0.600,2,1,3"))
    }
}
