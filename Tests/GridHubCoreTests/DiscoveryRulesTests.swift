import Foundation
import Testing

@testable import GridHubCore

@Suite("主动发现: the rules that make a hotspot persistent, a grid silent and a department a concern")
struct DiscoveryRulesTests {
    static let now = ISO8601DateFormatter().date(from: "2026-11-20T22:00:00+08:00")!
    static func daysAgo(_ d: Double, hour: Double = 0) -> Date { now.addingTimeInterval(-d * 86_400 + hour * 3_600) }

    @Test("four of the last seven days, or each of the last three weeks, is persistent; a burst on one day is not")
    func persistence() {
        #expect(Discovery.isPersistent([1, 2, 4, 6].map { Self.daysAgo($0) }, now: Self.now))
        #expect(!Discovery.isPersistent([1, 2, 4, 9].map { Self.daysAgo($0) }, now: Self.now))
        #expect(Discovery.isPersistent([2, 9, 16].map { Self.daysAgo($0) }, now: Self.now))
        #expect(!Discovery.isPersistent([2, 9, 23].map { Self.daysAgo($0) }, now: Self.now))
        #expect(!Discovery.isPersistent((0..<10).map { Self.daysAgo(1, hour: Double($0) / 10) }, now: Self.now))
        #expect(!Discovery.isPersistent([], now: Self.now))
    }

    @Test("a grid is silent when it stopped and its community did not")
    func silentGrids() {
        let grids = [
            Discovery.GridCounts(gridID: 1, communityID: 1, lastWeek: 0, before: 8),
            Discovery.GridCounts(gridID: 2, communityID: 1, lastWeek: 3, before: 9),
            Discovery.GridCounts(gridID: 3, communityID: 2, lastWeek: 0, before: 8),  // its community is quiet too
            Discovery.GridCounts(gridID: 4, communityID: 2, lastWeek: 0, before: 5),
            Discovery.GridCounts(gridID: 5, communityID: 1, lastWeek: 0, before: 3),  // never reported much
        ]
        #expect(Discovery.silentGrids(grids).map(\.gridID) == [1])
    }

    @Test("overdue counts rising two weeks running to at least three are a concern")
    func rising() {
        #expect(Discovery.isRising([1, 2, 3]))
        #expect(Discovery.isRising([0, 4, 9]))
        #expect(!Discovery.isRising([0, 1, 2]))
        #expect(!Discovery.isRising([2, 2, 5]))
        #expect(!Discovery.isRising([3, 5]))
    }

    @Test("the evidence map escapes its labels and marks every report")
    func evidenceMap() {
        let centre = Coordinate(lat: 43.9, lon: 125.4)
        let svg = EvidenceMap.svg(
            centre: centre, title: "占道经营 <script>", marks: [EvidenceMap.Mark(at: centre, label: "11-19 19:00")])
        #expect(svg.hasPrefix("<svg xmlns="))
        #expect(!svg.contains("<script>") && svg.contains("&lt;script&gt;"))
        #expect(svg.components(separatedBy: "<circle").count == 2)
        #expect(ImageKind.stored(Array(svg.utf8)) == .svg && ImageKind.sniff(Array(svg.utf8)) == nil)
    }
}
