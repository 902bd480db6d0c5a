import Foundation
import Testing

@testable import GridHubCore

@Suite("热点: hotspots and recurring problems")
struct HotspotTests {
    static let corner = Coordinate(lat: 43.8800, lon: 125.3000)
    /// 19:00 on 2 November 2026 in Shanghai.
    static let evening = ISO8601DateFormatter().date(from: "2026-11-02T19:00:00+08:00")!

    /// Reports scattered uniformly over about a square kilometre around the corner.
    static func scatter(_ n: Int, seed: UInt64, from id: Int64) -> [Recurrence.Report] {
        var rng = SeededRandom(seed: seed)
        return (0..<n).map { (i: Int) -> Recurrence.Report in
            let lat: Double = corner.lat + (rng.unit() - 0.5) * 0.009
            let lon: Double = corner.lon + (rng.unit() - 0.5) * 0.0125
            let ago: Double = rng.unit() * 25 * 86_400
            return Recurrence.Report(
                caseID: id + Int64(i), classCode: ["E0101", "E0502", "E0504", "C0102"][i % 4], at: Coordinate(lat: lat, lon: lon),
                reportedAt: evening.addingTimeInterval(-ago))
        }
    }

    /// Vending at one corner on five evenings, a few metres apart.
    static let vending: [Recurrence.Report] = (0..<5).map { (d: Int) -> Recurrence.Report in
        let step = Double(d)
        let north: Double = step * 0.00003
        let east: Double = Double(d % 2) * 0.00003
        let when: Date = evening.addingTimeInterval(step * -172_800 + step * 600)  // every other evening, 10 minutes later
        return Recurrence.Report(
            caseID: Int64(d + 1), classCode: "E0502", at: Coordinate(lat: corner.lat + north, lon: corner.lon + east),
            reportedAt: when)
    }

    static func points(_ reports: [Recurrence.Report]) -> [Hotspots.Point] {
        reports.map { Hotspots.Point(caseID: $0.caseID, at: $0.at) }
    }

    @Test("a seeded pattern — vending at one corner on 5 evenings among 40 scattered reports — is one hotspot")
    func seededPattern() {
        let found = Hotspots.find(Self.points(Self.vending + Self.scatter(40, seed: 7, from: 100)))
        #expect(found.count == 1)
        #expect(Set(found.first?.caseIDs ?? []).isSuperset(of: [1, 2, 3, 4, 5]) && (found.first?.p ?? 1) < 0.05)
        #expect((found.first?.centre.distance(to: Self.corner) ?? 999) < 80)
    }

    @Test("a random scatter of the same size is no hotspot, whatever the seed", arguments: [1, 2, 3, 4, 5] as [UInt64])
    func randomScatter(seed: UInt64) {
        #expect(Hotspots.find(Self.points(Self.scatter(45, seed: seed, from: 1))).isEmpty)
    }

    @Test("the vending comes back: one class within 50 m on 5 days at the same hour; the scatter does not")
    func recurrence() {
        let found = Recurrence.find(Self.vending + Self.scatter(40, seed: 7, from: 100))
        let vending = found.first { $0.caseIDs.contains(1) }
        #expect(vending?.caseIDs == [1, 2, 3, 4, 5] && vending?.days == 5 && vending?.classCode == "E0502")
        #expect(vending.flatMap(\.hourBand).map { (17...19).contains($0) } == true)
        #expect(Recurrence.find(Self.scatter(45, seed: 3, from: 1)).isEmpty)
        // Three reports 31 days apart are not a recurrence within 30 days.
        let slow = (0..<3).map { i in
            Recurrence.Report(
                caseID: Int64(i), classCode: "E0101", at: Self.corner,
                reportedAt: Self.evening.addingTimeInterval(Double(i) * 31 * 86_400))
        }
        #expect(Recurrence.find(slow).isEmpty)
    }

    @Test("nothing to scan is nothing found")
    func empty() {
        #expect(Hotspots.find([]).isEmpty && Recurrence.find([]).isEmpty)
        #expect(Hotspots.find(Self.points(Array(Self.vending.prefix(2)))).isEmpty)
    }
}
