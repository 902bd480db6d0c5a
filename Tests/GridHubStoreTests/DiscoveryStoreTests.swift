import Foundation
import GridHubCore
import GridHubTestSupport
import SQLKit
import Testing

@testable import GridHubDemo
@testable import GridHubStore

@Suite("主动发现: the hourly scan opens cases for persistent hotspots and alerts the centre")
struct DiscoveryStoreTests {
    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text + "+08:00")! }
    static let now = at("2026-11-20T22:00:00")

    /// Files a report of `code` at `point` at `time` by the resident and closes it as the grid worker
    /// found it (不予立案: the vendor had gone), so no case stays open.
    static func reportAndReject(
        _ f: StoreFixture, _ world: SmallWorld, _ desk: ReportDesk, _ work: CaseWork, code: String, at point: Coordinate,
        time: Date, worker: String
    ) async throws -> Int64 {
        let answer = try await desk.file(
            ReportDraft(lat: point.lat, lon: point.lon, classCode: code, description: "路口有人摆摊"), photos: [],
            by: try #require(world.principal("resident")), idempotencyKey: nil, now: time)
        let id = try APIJSON.decoder().decode(ReportReceipt.self, from: answer.body).caseID
        for (action, minutes) in [(CaseAction.verify, 10.0), (.reject, 20.0)] {
            _ = try await work.perform(
                CaseCommand(action: action, note: action == .reject ? "到场时已离开" : nil), on: id,
                by: try #require(world.principal(worker)), now: time.addingTimeInterval(minutes * 60))
        }
        return id
    }

    /// Twelve reports of other places over the three grids, spread over four weeks (the study area).
    static func background(_ f: StoreFixture, _ world: SmallWorld, _ desk: ReportDesk, _ work: CaseWork, seed: UInt64)
        async throws
    {
        var rng = SeededRandom(seed: seed)
        for i in 0..<12 {
            let point = Coordinate(lat: 43.9005 + rng.unit() * 0.004, lon: 125.4005 + rng.unit() * 0.014)
            let grid = point.lon < 125.405 ? "worker-a1" : point.lon < 125.41 ? "worker-a2" : "worker-b1"
            _ = try await reportAndReject(
                f, world, desk, work, code: "E0502", at: point, time: now.addingTimeInterval(-Double(i + 1) * 2 * 86_400 - 3_600),
                worker: grid)
        }
    }

    static func scan(_ f: StoreFixture, at time: Date) async throws -> DiscoveryScan.Summary {
        let directory = try await GridDirectory.load(OrgStore(database: f.database))
        let scan = DiscoveryScan(directory: directory, photos: f.photos)
        return try await f.database.write { sql in try await scan.run(sql, now: time) }
    }

    static func detectionCases(_ f: StoreFixture) async throws -> [CaseSummary] {
        try await CaseStore(database: f.database).cases(in: .street(1), CaseQuery()).items.filter { $0.channel == .detection }
    }

    @Test("vending at one corner on five evenings opens exactly one detection case, with its evidence", arguments: Engine.all)
    func persistentCorner(engine: Engine) async throws {
        try await StoreFixture.withSmallWorld(engine) { f, world, desk, work in
            try await Self.background(f, world, desk, work, seed: 11)
            let corner = SmallWorld.centre(of: .a1)
            var seeded: [Int64] = []
            for day in 0..<5 {
                let point = Coordinate(lat: corner.lat + Double(day) * 0.00002, lon: corner.lon + Double(day % 2) * 0.00002)
                let evening = Self.now.addingTimeInterval(-Double(day + 1) * 86_400 - 2 * 3_600 + Double(day) * 300)
                seeded.append(
                    try await Self.reportAndReject(
                        f, world, desk, work, code: "E0502", at: point, time: evening, worker: "worker-a1"))
            }
            let first = try await Self.scan(f, at: Self.now)
            #expect(first.casesOpened.count == 1)
            let found = try await Self.detectionCases(f)
            #expect(found.count == 1)
            let opened = try #require(found.first)
            #expect(opened.classCode == "E0502" && opened.state == .reported && opened.gridID == world.grid(.a1).id)
            #expect(opened.location.distance(to: corner) < 50)
            for id in seeded {
                let tracking = try #require(try await CaseStore(database: f.database).find(id: id, in: .street(1))).trackingNumber
                #expect(opened.description.contains(tracking))
            }
            let name = try #require(opened.photos.first)
            let svg = try #require(f.photos.read(sha256: name))
            #expect(ImageKind.stored(svg) == .svg)
            #expect(String(decoding: svg, as: UTF8.self).contains("占道经营"))
            // The hour after: the spot has an open case, so nothing new.
            let again = try await Self.scan(f, at: Self.now.addingTimeInterval(3_600))
            #expect(again.casesOpened.isEmpty)
            #expect(try await Self.detectionCases(f).count == 1)
        }
    }

    @Test("the same number of reports scattered at random opens nothing", arguments: Engine.all)
    func randomScatter(engine: Engine) async throws {
        try await StoreFixture.withSmallWorld(engine) { f, world, desk, work in
            try await Self.background(f, world, desk, work, seed: 11)
            var rng = SeededRandom(seed: 99)
            for day in 0..<5 {
                let point = Coordinate(lat: 43.9005 + rng.unit() * 0.004, lon: 125.4005 + rng.unit() * 0.004)
                let evening = Self.now.addingTimeInterval(-Double(day + 1) * 86_400 - 2 * 3_600)
                _ = try await Self.reportAndReject(
                    f, world, desk, work, code: "E0502", at: point, time: evening, worker: "worker-a1")
            }
            #expect(try await Self.scan(f, at: Self.now).casesOpened.isEmpty)
            #expect(try await Self.detectionCases(f).isEmpty)
        }
    }

    @Test("a grid that went quiet while its neighbour still reports is raised to the centre, once a week", arguments: Engine.all)
    func silentGrid(engine: Engine) async throws {
        try await StoreFixture.withSmallWorld(engine) { f, world, desk, work in
            let (a1, a2) = (SmallWorld.centre(of: .a1), SmallWorld.centre(of: .a2))
            for week in 1...4 {  // a1 reported every week until last week
                for i in 0..<2 {
                    _ = try await Self.reportAndReject(
                        f, world, desk, work, code: "E0101", at: Coordinate(lat: a1.lat + Double(i) * 0.001, lon: a1.lon),
                        time: Self.now.addingTimeInterval(-Double(week) * 7 * 86_400 - Double(i) * 86_400 - 3_600),
                        worker: "worker-a1")
                }
            }
            for i in 0..<3 {  // a2 still reports
                _ = try await Self.reportAndReject(
                    f, world, desk, work, code: "E0101", at: Coordinate(lat: a2.lat + Double(i) * 0.001, lon: a2.lon),
                    time: Self.now.addingTimeInterval(-Double(i + 1) * 86_400), worker: "worker-a2")
            }
            let first = try await Self.scan(f, at: Self.now)
            #expect(first.silentGrids == [world.grid(.a1).id])
            #expect(try await Self.scan(f, at: Self.now.addingTimeInterval(3_600)).silentGrids.isEmpty)
            try await EventRelay(database: f.database, subscribers: [NoticeSubscriber()]).drain()
            let notices = try await NotificationStore(database: f.database).list(
                for: try #require(world.principal("centre")), deviceID: nil, limit: 50, offset: 0)
            #expect(notices.filter { $0.kind == "silent_grid" }.count == 1)
            #expect(notices.first { $0.kind == "silent_grid" }?.message.contains("网格a1") == true)
        }
    }

    @Test("a department whose overdue cases rose three weeks running is raised to the centre", arguments: Engine.all)
    func risingOverdue(engine: Engine) async throws {
        try await StoreFixture.withSmallWorld(engine) { f, world, desk, work in
            let p = SmallWorld.centre(of: .b1)
            // 排水 is sent 1, 2 and 3 sewage cases in the last three weeks and finishes none (E0404: 4 hours).
            for (week, count) in [(3, 1), (2, 2), (1, 3)] {
                for i in 0..<count {
                    let time = Self.now.addingTimeInterval(-Double(week) * 7 * 86_400 + 86_400 + Double(i) * 3_600)
                    let answer = try await desk.file(
                        ReportDraft(
                            lat: p.lat + Double(week - 2) * 0.001, lon: p.lon + Double(i - 1) * 0.0012, classCode: "E0404",
                            description: "污水冒了"),
                        photos: [], by: try #require(world.principal("resident")), idempotencyKey: nil, now: time)
                    let id = try APIJSON.decoder().decode(ReportReceipt.self, from: answer.body).caseID
                    for (action, who) in [(CaseAction.verify, "worker-b1"), (.accept, "worker-b1"), (.dispatch, "centre")] {
                        _ = try await work.perform(
                            CaseCommand(action: action), on: id, by: try #require(world.principal(who)),
                            now: time.addingTimeInterval(600))
                    }
                }
            }
            let summary = try await Self.scan(f, at: Self.now)
            #expect(summary.risingDepartments == [try #require(world.departments["PS"])])
            try await EventRelay(database: f.database, subscribers: [NoticeSubscriber()]).drain()
            let notices = try await NotificationStore(database: f.database).list(
                for: try #require(world.principal("centre")), deviceID: nil, limit: 50, offset: 0)
            #expect(notices.contains { $0.kind == "overdue_rising" && $0.message.contains("1、2、3") })
        }
    }
}
