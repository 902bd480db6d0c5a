import Foundation
import GridHubCore
import GridHubStore
import GridHubTestSupport
import SQLKit
import Testing

@Suite("Patrols in the store")
struct PatrolStoreTests {
    /// Monday 2026-11-23.
    static let monday = "2026-11-23"

    static func world(_ f: StoreFixture, since: String = "2026-11-02") async throws -> (SmallWorld, PatrolStore) {
        let world = try await SmallWorld.write(f.database, now: Walks.shanghai(since))
        let directory = try await GridDirectory.load(OrgStore(database: f.database))
        return (world, PatrolStore(database: f.database, directory: directory))
    }

    static func principal(_ world: SmallWorld, _ name: String) throws -> Principal {
        try #require(world.principal(name))
    }

    @Test("batches out of order, sent twice, or a day late give the same track as one upload in order", arguments: Engine.all)
    func sameTrack(engine: Engine) async throws {
        try await StoreFixture.with(engine) { f in
            let (world, patrols) = try await Self.world(f)
            let worker = try Self.principal(world, "worker-a1")
            let centre = SmallWorld.centre(of: .a1)
            var views = [PatrolView]()
            for (n, day) in ["2026-11-23", "2026-11-24"].enumerated() {
                let start = Walks.shanghai(day, 9)
                var fixes = Walks.loop(round: centre, start: start, minutes: 60)
                fixes.insert(
                    Fix(at: start.addingTimeInterval(125), coordinate: Coordinate(lat: 43.92, lon: 125.40), accuracy: 5), at: 13)
                let patrol = try await patrols.start(by: worker, gridCode: nil, now: start)
                let batches = stride(from: 0, to: fixes.count, by: 100).map { Array(fixes[$0..<min($0 + 100, fixes.count)]) }
                if n == 0 {
                    for b in batches {
                        _ = try await patrols.record(
                            b, to: patrol.id, by: worker, device: "web:a1", now: start.addingTimeInterval(3700))
                    }
                    views.append(try await patrols.end(patrol.id, by: worker, at: nil, now: start.addingTimeInterval(3700)))
                } else {
                    let late = batches.last ?? []
                    for b in batches.dropLast().reversed() + [batches[0]] {
                        _ = try await patrols.record(
                            b.shuffled(), to: patrol.id, by: worker, device: "web:a1", now: start.addingTimeInterval(3700))
                    }
                    _ = try await patrols.end(
                        patrol.id, by: worker, at: start.addingTimeInterval(3600), now: start.addingTimeInterval(3700))
                    let receipt = try await patrols.record(
                        late, to: patrol.id, by: worker, device: "web:a1", now: start.addingTimeInterval(90_000))
                    #expect(receipt.stored == late.count)
                    views.append(try await patrols.patrol(patrol.id, for: worker))
                }
            }
            let (a, b) = (views[0], views[1])
            #expect(a.fixesRaw == 362 && a.fixesKept == 361 && a.dropped == ["too_fast": 1])
            #expect(b.fixesRaw == a.fixesRaw && b.fixesKept == a.fixesKept && b.dropped == a.dropped)
            #expect(abs(a.distanceM - b.distanceM) < 0.001 && a.durationS == 3600 && b.durationS == 3600)
            #expect(a.coverage == 1 && b.coverage == 1 && a.passed == b.passed)
            #expect(a.counted && b.counted && a.slot == PatrolSlot(day: "2026-11-23", window: 0))
            #expect(abs(a.inGridS - 3600) < 1)
            let (_, track) = try await patrols.track(a.id, for: worker)
            #expect(track.rawFixes == 362 && track.keptFixes == 361 && track.geometry.coordinates.count < 361)
        }
    }

    @Test("scopes: the worker and their community read a patrol; another worker or community gets 404", arguments: Engine.all)
    func scopes(engine: Engine) async throws {
        try await StoreFixture.with(engine) { f in
            let (world, patrols) = try await Self.world(f)
            let start = Walks.shanghai(Self.monday, 9)
            let patrol = try await patrols.start(by: try Self.principal(world, "worker-a1"), gridCode: nil, now: start)
            for reader in ["worker-a1", "staff-a", "centre", "leader"] {
                #expect(try await patrols.patrol(patrol.id, for: try Self.principal(world, reader)).id == patrol.id, "\(reader)")
            }
            for reader in ["worker-a2", "staff-b", "dept-ps"] {
                await #expect(throws: GridHubError.self, "\(reader)") {
                    try await patrols.patrol(patrol.id, for: try Self.principal(world, reader))
                }
                #expect(try await patrols.list(for: try Self.principal(world, reader), worker: nil, day: nil, limit: 50).isEmpty)
            }
            await #expect(throws: GridHubError.self) {  // only one patrol at a time
                try await patrols.start(by: try Self.principal(world, "worker-a1"), gridCode: nil, now: start)
            }
            await #expect(throws: GridHubError.self) {  // staff do not patrol
                try await patrols.start(by: try Self.principal(world, "staff-a"), gridCode: nil, now: start)
            }
            await #expect(throws: GridHubError.self) {  // not their grid
                try await patrols.start(
                    by: try Self.principal(world, "worker-a2"), gridCode: SmallWorld.GridName.a1.rawValue, now: start)
            }
            await #expect(throws: GridHubError.self) {  // someone else's patrol
                try await patrols.record([], to: patrol.id, by: try Self.principal(world, "worker-a2"), device: "x")
            }
        }
    }

    @Test(
        "the sweep flags each missed window once and tells the worker and community; a make-up is asked for and decided",
        arguments: Engine.all)
    func missedAndMakeUp(engine: Engine) async throws {
        try await StoreFixture.with(engine) { f in
            let (world, patrols) = try await Self.world(f)
            let a1 = try Self.principal(world, "worker-a1")
            let a2 = try Self.principal(world, "worker-a2")
            let start = Walks.shanghai(Self.monday, 9)
            let walk = Walks.loop(round: SmallWorld.centre(of: .a1), start: start, minutes: 50)
            try await f.database.write { sql in
                _ = try await PatrolStore.recordWalk(
                    sql, accountID: a1.accountID, grid: world.grid(.a1), source: "app", device: "web:a1", fixes: walk,
                    now: start.addingTimeInterval(7200))
            }
            let directory = try await GridDirectory.load(OrgStore(database: f.database))
            let sweep = { (now: Date) in
                try await f.database.write { sql in
                    try await PatrolSlots.sweep(sql, now: now, directory: directory, calendar: .standard)
                }
            }
            #expect(try await sweep(Walks.shanghai(Self.monday, 11.6)).missed == 0)  // 11:36: still in the grace time
            #expect(try await sweep(Walks.shanghai(Self.monday, 12)).missed == 2)  // worker-a2 and worker-b1; Sunday was no working day
            #expect(try await sweep(Walks.shanghai(Self.monday, 12.5)).missed == 0)
            let relay = EventRelay(database: f.database, subscribers: [NoticeSubscriber()])
            _ = try await relay.drain()
            let notices = NotificationStore(database: f.database)
            #expect(try await notices.list(for: a2, deviceID: nil, limit: 10, offset: 0).map(\.kind) == ["patrol_missed"])
            #expect(try await notices.list(for: a1, deviceID: nil, limit: 10, offset: 0).isEmpty)
            let staffA = try Self.principal(world, "staff-a")
            #expect(try await notices.list(for: staffA, deviceID: nil, limit: 10, offset: 0).count == 1)  // a2 only: b1 is community B's

            let slots = PatrolSlots(database: f.database, calendar: .standard)
            let slot = PatrolSlot(day: Self.monday, window: 0)
            let now = Walks.shanghai(Self.monday, 13)
            await #expect(throws: GridHubError.self) { try await slots.requestMakeUp(slot, reason: "已巡查", by: a1, now: now) }  // counted
            await #expect(throws: GridHubError.self) {  // the afternoon window has not ended
                try await slots.requestMakeUp(PatrolSlot(day: Self.monday, window: 1), reason: "培训", by: a2, now: now)
            }
            await #expect(throws: GridHubError.self) { try await slots.requestMakeUp(slot, reason: " ", by: a2, now: now) }
            let asked = try await slots.requestMakeUp(slot, reason: "参加街道培训", by: a2, now: now)
            #expect(asked.state == "requested")
            await #expect(throws: GridHubError.self) { try await slots.requestMakeUp(slot, reason: "再次申请", by: a2, now: now) }
            await #expect(throws: GridHubError.self) {
                try await slots.decide(asked.id, approve: true, note: nil, by: try Self.principal(world, "staff-b"), now: now)
            }
            await #expect(throws: GridHubError.self) {
                try await slots.decide(asked.id, approve: true, note: nil, by: a2, now: now)
            }
            let decided = try await slots.decide(asked.id, approve: true, note: "已核实", by: staffA, now: now)
            #expect(decided.state == "approved" && decided.decisionNote == "已核实")
            await #expect(throws: GridHubError.self) {
                try await slots.decide(asked.id, approve: false, note: nil, by: staffA, now: now)
            }
            _ = try await relay.drain()
            #expect(try await notices.list(for: a2, deviceID: nil, limit: 10, offset: 0).first?.message.contains("补签已同意") == true)
        }
    }

    @Test(
        "a scripted week: counted of due, short and missing patrols, an approved make-up, reports on patrol",
        arguments: Engine.all)
    func assessment(engine: Engine) async throws {
        try await StoreFixture.with(engine) { f in
            let (world, patrols) = try await Self.world(f)
            let a1 = try Self.principal(world, "worker-a1")
            let days = ["2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06"]
            try await f.database.write { sql in
                for (d, day) in days.enumerated() {
                    for window in 0..<2 {
                        if d == 4 && window == 1 { continue }  // Friday afternoon: missed
                        let start = Walks.shanghai(day, window == 0 ? 9 : 14.5)
                        let minutes = d == 3 && window == 0 ? 20.0 : 60  // Thursday morning: too short
                        _ = try await PatrolStore.recordWalk(
                            sql, accountID: a1.accountID, grid: world.grid(.a1), source: "app", device: "web:a1",
                            fixes: Walks.loop(round: SmallWorld.centre(of: .a1), start: start, minutes: minutes),
                            now: start.addingTimeInterval(7200))
                    }
                }
                try await sql.insert(into: "patrol_slots")
                    .columns("account_id", "street_id", "community_id", "day", "window_index", "state", "reason")
                    .values(
                        SQLBind(a1.accountID), SQLBind(a1.streetID), SQLBind(a1.communityID), SQLBind("2026-11-05"), SQLBind(0),
                        SQLBind("approved"), SQLBind("培训")
                    ).run()
            }
            // One report on patrol, Monday 09:30.
            let desk = ReportDesk(
                database: f.database, directory: try await GridDirectory.load(OrgStore(database: f.database)), photos: f.photos)
            _ = try await desk.file(
                ReportDraft(
                    lat: SmallWorld.centre(of: .a1).lat, lon: SmallWorld.centre(of: .a1).lon, text: "井盖缺失", channel: "patrol"),
                photos: [], by: a1, idempotencyKey: nil, now: Walks.shanghai("2026-11-02", 9.5))
            let assessments = PatrolAssessments(database: f.database, calendar: .standard)
            let rows = try await assessments.month(
                "2026-11", level: .street, id: nil, for: try Self.principal(world, "centre"),
                now: Walks.shanghai("2026-11-06", 18))
            #expect(rows.map(\.username) == ["worker-a2", "worker-b1", "worker-a1"])  // worst first: the others never patrolled
            let row = try #require(rows.last)
            #expect(row.workingDays == 21 && row.due == 10 && row.patrols == 9)
            #expect(row.counted == 9 && row.makeUps == 1 && row.missed == 1 && abs(row.rate - 0.9) < 1e-9)
            #expect(row.reportsFound == 1)
            #expect(abs(row.averageDurationMin - (8 * 60 + 20) / 9.0) < 0.2)
            let community = try await assessments.month(
                "2026-11", level: .community, id: nil, for: try Self.principal(world, "staff-b"),
                now: Walks.shanghai("2026-11-06", 18))
            #expect(community.map(\.username) == ["worker-b1"])
            await #expect(throws: GridHubError.self) {
                try await assessments.month("2026-11", level: .street, id: nil, for: a1, now: Walks.shanghai("2026-11-06", 18))
            }
            #expect(try await assessments.month("2026-11", level: .worker, id: nil, for: a1).map(\.username) == ["worker-a1"])
            #expect(
                try await assessments.month(
                    "2026-11", level: .worker, id: world.accountID("worker-a2"), for: a1
                ).isEmpty)
            await #expect(throws: GridHubError.self) { try await assessments.month("2026-13", level: .street, id: nil, for: a1) }
            _ = patrols
        }
    }

    @Test(
        "a tracker's fix in a window starts a patrol; outside any patrol nothing is kept; unknown devices are refused",
        arguments: Engine.all)
    func trackers(engine: Engine) async throws {
        try await StoreFixture.with(engine) { f in
            let (world, patrols) = try await Self.world(f)
            let trackers = Trackers(database: f.database)
            try await trackers.add("phone-a1", username: "worker-a1")
            await #expect(throws: GridHubError.self) { try await trackers.add("phone-a1", username: "worker-a2") }
            let centre = SmallWorld.centre(of: .a1)
            let evening = Fix(at: Walks.shanghai(Self.monday, 19), coordinate: centre, accuracy: 5)
            let r0 = try await patrols.receive(TrackerMessage(deviceID: "phone-a1", fixes: [evening]), now: evening.at)
            #expect(r0.stored == 0 && r0.outside == 1 && r0.patrols.isEmpty)
            let morning = Walks.loop(round: centre, start: Walks.shanghai(Self.monday, 9), minutes: 5)
            let r1 = try await patrols.receive(
                TrackerMessage(deviceID: "phone-a1", fixes: morning), now: Walks.shanghai(Self.monday, 9.1))
            #expect(r1.stored == morning.count && r1.patrols.count == 1 && r1.patrols.first?.source == "tracker")
            let again = try await patrols.receive(
                TrackerMessage(deviceID: "phone-a1", fixes: morning), now: Walks.shanghai(Self.monday, 9.1))
            #expect(again.stored == 0 && again.duplicates == morning.count)
            await #expect(throws: GridHubError.self) {
                try await patrols.receive(TrackerMessage(deviceID: "nobody", fixes: [evening]), now: evening.at)
            }
            let stored = try await f.database.read { sql in
                try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("patrol_fixes").first()?
                    .decode(column: "n", as: Int.self)
            }
            #expect(stored == morning.count)
            _ = world
        }
    }

    @Test("two phones starting one worker's patrol at once: exactly one patrol runs", arguments: Engine.all)
    func oneRunning(engine: Engine) async throws {
        try await StoreFixture.with(engine) { f in
            let (world, patrols) = try await Self.world(f)
            let worker = try Self.principal(world, "worker-b1")
            let start = Walks.shanghai(Self.monday, 9)
            let started = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<6 { group.addTask { (try? await patrols.start(by: worker, gridCode: nil, now: start)) != nil } }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(started == 1)
            #expect(try await patrols.list(for: worker, worker: nil, day: nil, limit: 10).filter(\.running).count == 1)
        }
    }

    @Test("raw fixes go after 180 days; the patrol keeps its measures and its track says so", arguments: Engine.all)
    func retention(engine: Engine) async throws {
        try await StoreFixture.with(engine) { f in
            let (world, patrols) = try await Self.world(f)
            let a1 = try Self.principal(world, "worker-a1")
            let start = Walks.shanghai(Self.monday, 9)
            let id = try await f.database.write { sql in
                try await PatrolStore.recordWalk(
                    sql, accountID: a1.accountID, grid: world.grid(.a1), source: "app", device: "web:a1",
                    fixes: Walks.loop(round: SmallWorld.centre(of: .a1), start: start, minutes: 50),
                    now: start.addingTimeInterval(7200))
            }
            let before = try await patrols.patrol(id, for: a1)
            let purged = try await f.database.write { sql in
                (
                    try await PatrolStore.purgeRawFixes(sql, now: start.addingTimeInterval(179 * 86_400)),
                    try await PatrolStore.purgeRawFixes(sql, now: start.addingTimeInterval(181 * 86_400))
                )
            }
            #expect(purged.0 == 0 && purged.1 == before.fixesRaw)
            let after = try await patrols.patrol(id, for: a1)
            #expect(after.distanceM == before.distanceM && after.counted && after.coverage == before.coverage)
            let (_, track) = try await patrols.track(id, for: a1)
            #expect(track.purged && track.geometry.coordinates.isEmpty)
        }
    }
}
