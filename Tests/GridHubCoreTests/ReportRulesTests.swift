import Foundation
import Testing

@testable import GridHubCore

@Suite("Report input rules")
struct ReportRulesTests {
    static let resident = Principal(accountID: 7, username: "jumin01", role: .resident, streetID: 1)
    static let worker = Principal(accountID: 8, username: "wgy01", role: .gridWorker, streetID: 1, gridIDs: [1])

    func draft(_ change: (inout ReportDraft) -> Void = { _ in }) -> ReportDraft {
        var d = ReportDraft(lat: 43.88, lon: 125.31, classCode: "E0101", description: "垃圾")
        change(&d)
        return d
    }

    @Test("a good report passes; a signed-in grid worker reports on the patrol channel by default")
    func good() throws {
        let s = try ReportRules.validate(draft(), by: Self.worker)
        #expect(s.channel == .patrol)
        #expect(s.reporter == .account(id: 8, role: .gridWorker))
        #expect(try ReportRules.validate(draft(), by: Self.resident).channel == .web)
    }

    @Test("GCJ-02 positions are converted to WGS-84")
    func gcj() throws {
        let s = try ReportRules.validate(draft { $0.crs = "gcj02" }, by: Self.resident)
        #expect(s.location != Coordinate(lat: 43.88, lon: 125.31))
        #expect(GCJ02.fromWGS84(s.location).distance(to: Coordinate(lat: 43.88, lon: 125.31)) < 0.01)
    }

    static func broken(_ change: (inout ReportDraft) -> Void) -> ReportDraft {
        var d = ReportDraft(lat: 43.88, lon: 125.31, classCode: "E0101", description: "垃圾")
        change(&d)
        return d
    }

    static let brokenDrafts: [(String, ReportDraft)] = [
        ("missing_lat", broken { $0.lat = nil }),
        ("invalid_lat", broken { $0.lat = 91 }),
        ("invalid_lon", broken { $0.lon = .nan }),
        ("missing_class", broken { ($0.classCode, $0.text) = ("  ", nil) }),
        ("invalid_description", broken { $0.description = String(repeating: "长", count: 4_001) }),
        ("invalid_photos", broken { $0.photoCount = 10 }),
        ("invalid_channel", broken { $0.channel = "fax" }),
        ("invalid_crs", broken { $0.crs = "bd09" }),
    ]

    @Test("each broken input is refused with a code naming the problem", arguments: brokenDrafts)
    func refused(_ code: String, _ draft: ReportDraft) {
        do {
            _ = try ReportRules.validate(draft, by: Self.resident)
            Issue.record("\(code): accepted")
        } catch let error as GridHubError {
            #expect(error.code == code)
            // Neither a class nor words is a rule about the two together (422); the rest are malformed (400).
            #expect(error.kind == (code == "missing_class" ? .unprocessable : .badRequest))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("a resident cannot claim the patrol or hotline channel")
    func staffChannels() {
        #expect(throws: GridHubError(.forbidden, "channel_not_allowed", "Only staff may file reports on the patrol channel.")) {
            try ReportRules.validate(draft { $0.channel = "patrol" }, by: Self.resident)
        }
    }

    @Test("an anonymous report needs a well-formed device id; the phone is checked")
    func anonymous() throws {
        #expect(throws: GridHubError.self) { try ReportRules.validate(draft(), by: nil) }
        #expect(throws: GridHubError.self) { try ReportRules.validate(draft { $0.deviceID = "bad id!" }, by: nil) }
        #expect(throws: GridHubError.self) {
            try ReportRules.validate(draft { ($0.deviceID, $0.phone) = ("rider-1", "12345") }, by: nil)
        }
        let s = try ReportRules.validate(draft { ($0.deviceID, $0.phone) = ("rider-1", "138-0431-1234") }, by: nil)
        #expect(s.reporter == .device(id: "rider-1", phone: "13804311234"))
        #expect(s.reporter.key == "device:rider-1")
    }
}

@Suite("Near-duplicate matching")
struct DuplicateMatcherTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let here = Coordinate(lat: 43.88, lon: 125.31)

    func candidate(_ id: Int64, metresNorth: Double, daysAgo: Double, state: CaseState = .reported, code: String = "E0101")
        -> DuplicateCandidate
    {
        DuplicateCandidate(
            caseID: id, classCode: code, location: Coordinate(lat: Self.here.lat + metresNorth / 111_320, lon: Self.here.lon),
            reportedAt: Self.now.addingTimeInterval(-daysAgo * 86_400), state: state)
    }

    @Test("the same class, open, within 50 m and 7 days is the same problem; the nearest wins")
    func match() {
        let found = DuplicateMatcher.match(
            classCode: "E0101", at: Self.here, on: Self.now, rule: .standard,
            among: [candidate(1, metresNorth: 40, daysAgo: 1), candidate(2, metresNorth: 10, daysAgo: 2)])
        #expect(found?.caseID == 2)
    }

    @Test("too far, too old, closed or another class is not a duplicate")
    func noMatch() {
        let found = DuplicateMatcher.match(
            classCode: "E0101", at: Self.here, on: Self.now, rule: .standard,
            among: [
                candidate(1, metresNorth: 60, daysAgo: 1), candidate(2, metresNorth: 5, daysAgo: 8),
                candidate(3, metresNorth: 5, daysAgo: 1, state: .closed), candidate(4, metresNorth: 5, daysAgo: 1, code: "E0502"),
            ])
        #expect(found == nil)
    }

    @Test("a case committed a moment after the report's own time (another instance) is still the same problem")
    func concurrentCase() {
        let justAfter = candidate(1, metresNorth: 5, daysAgo: -2 / 86_400)
        let nextDay = candidate(2, metresNorth: 5, daysAgo: -1)
        let found = DuplicateMatcher.match(classCode: "E0101", at: Self.here, on: Self.now, rule: .standard, among: [justAfter])
        #expect(found?.caseID == 1)
        #expect(DuplicateMatcher.match(classCode: "E0101", at: Self.here, on: Self.now, rule: .standard, among: [nextDay]) == nil)
    }

    @Test("the class's own rule applies: 占道经营 merges only within 30 m and 1 day")
    func classRule() {
        let rule = DuplicateRule(radiusMetres: 30, windowDays: 1)
        let c = [candidate(1, metresNorth: 40, daysAgo: 0.5, code: "E0502")]
        #expect(DuplicateMatcher.match(classCode: "E0502", at: Self.here, on: Self.now, rule: rule, among: c) == nil)
        #expect(DuplicateMatcher.match(classCode: "E0502", at: Self.here, on: Self.now, rule: .standard, among: c) != nil)
    }
}

@Suite("Anonymous report rate limit")
struct ReportRateLimitTests {
    @Test("the eleventh report from one device within ten minutes waits until the oldest leaves the window")
    func window() throws {
        let limit = ReportRateLimit.standard
        let now = Date(timeIntervalSince1970: 10_000)
        let recent = (0..<10).map { now.addingTimeInterval(-Double($0) * 30) }
        do {
            try limit.check(recent: recent, limit: limit.perDevice, now: now)
            Issue.record("not limited")
        } catch let e as GridHubError {
            #expect(e.kind == .tooManyRequests && e.message.contains("330 s"))
        }
        try limit.check(recent: Array(recent.prefix(9)), limit: limit.perDevice, now: now)
        try limit.check(recent: recent, limit: limit.perDevice, now: now.addingTimeInterval(600))
    }
}
