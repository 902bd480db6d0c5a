import Foundation
import Testing

@testable import GridHubCore
@testable import GridHubDemo

@Suite("The scale generator's city and case stories")
struct ScaleTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test("generated streets tile the map: every point of a street's box is in exactly one of its 48 grids")
    func tiling() throws {
        let template = DemoStreet(today: Self.now)
        let streets = (1...31).map { ScaleCity.street($0, template: template) }
        let all = [template.grids] + streets.map(\.grids)
        let keyed = all.joined().map { (key: $0.code.value, polygon: $0.boundary) }
        #expect(Set(keyed.map(\.key)).count == 32 * 48, "grid codes are unique")
        #expect(Set(streets.map(\.street.trackingPrefix)).count == 31)
        #expect(Set(streets.compactMap(\.street.jurisdiction)).count == 31)
        let index = GridIndex(keyed)
        var rng = SeededRandom(seed: 5)
        for street in streets {
            let box = street.grids.dropFirst().reduce(street.grids[0].boundary.boundingBox) { $0.union($1.boundary.boundingBox) }
            for _ in 0..<50 {
                let p = Coordinate(
                    lat: box.minLat + (0.001 + 0.998 * rng.unit()) * (box.maxLat - box.minLat),
                    lon: box.minLon + (0.001 + 0.998 * rng.unit()) * (box.maxLon - box.minLon))
                let found = try #require(index.locate(p))
                #expect(found.hasPrefix(street.street.code), "\(p) in \(found), not in \(street.street.code)")
                let holders = keyed.filter { $0.polygon.locate(p) == .inside }
                #expect(holders.count <= 1)
            }
        }
    }

    @Test("a city has at most 10,000 grids, one street per 5,000 cases")
    func streetCount() {
        #expect(ScaleCity.streetCount(forCases: 100) == 1)
        #expect(ScaleCity.streetCount(forCases: 50_000) == 10)
        #expect((ScaleCity.streetCount(forCases: 10_000_000) + 1) * 48 <= ScaleCity.maxGrids)
    }

    @Test("every story is a legal walk through the workflow, in time order, with the columns it implies")
    func stories() throws {
        var rng = SeededRandom(seed: 9)
        var states = [CaseState: Int]()
        for i in 0..<3_000 {
            let item = StandardCatalog.items[i % StandardCatalog.items.count]
            let reportedAt = Self.now.addingTimeInterval(-Double(i) * 10_000)
            let rates = i % 2 == 0
            let story = CaseStory.tell(
                item: item, reportedAt: reportedAt, now: Self.now, calendar: .standard, reporterRates: rates, rng: &rng)
            states[story.state, default: 0] += 1
            var state: CaseState?
            var last = reportedAt
            for step in story.steps {
                #expect(step.at >= last && step.at <= Self.now.addingTimeInterval(600))
                last = step.at
                guard let to = step.to else { continue }
                #expect(step.from == state, "\(item.code): \(step.kind) from \(String(describing: step.from))")
                state = to
            }
            #expect(state == story.state)
            #expect((story.closedAt != nil) == [.closed, .selfHandled].contains(story.state))
            #expect((story.dueAt != nil) == (story.dispatchedAt != nil))
            if story.dispatchedAt != nil { #expect(story.lead != nil) }
            if story.lead == .department { #expect(story.department != nil) }
            if story.lead == .street { #expect(!story.summons.isEmpty) }
            if story.rating != nil { #expect(rates && story.closedAt != nil) }
            // The sweep's rules: open past the due time → overdue; past the second limit → escalated.
            if let due = story.dueAt, due < Self.now {
                let openUntil = story.state.isOpen ? Self.now : story.closedAt ?? story.updatedAt
                #expect(story.overdue == (openUntil > due))
                let escalation = Supervision.escalationTime(due: due, dispatched: story.dispatchedAt)
                #expect(story.escalated == (openUntil > escalation && escalation < Self.now))
            } else {
                #expect(!story.overdue && !story.escalated)
            }
        }
        // A year of cases reaches every stage, mostly closed.
        for s in [CaseState.closed, .selfHandled, .rejected, .inProgress, .reported, .dispatched] {
            #expect(states[s, default: 0] > 0, "no story ended \(s)")
        }
        #expect(states[.closed, default: 0] > 1_500)
    }
}
