import Foundation
import GridHubCore
import GridHubTestSupport
import SQLKit
import Testing

@testable import GridHubStore

/// Remembers what a test subscriber was handed (in memory, so a rolled-back batch would show twice).
actor Seen {
    var ids: [Int64] = []
    var failuresLeft: Int
    init(failing: Int = 0) { failuresLeft = failing }
    func record(_ id: Int64) { ids.append(id) }
    func shouldFail() -> Bool {
        guard failuresLeft > 0 else { return false }
        failuresLeft -= 1
        return true
    }
}

struct Ping: Codable, Sendable { var n: Int }

/// A subscriber to `test.ping` events that records them, and can fail its first batches.
struct PingSubscriber: EventSubscriber {
    let name: String
    let seen: Seen
    func wants(_ kind: EventKind) -> Bool { kind == EventKind("test.ping") }
    func handle(_ event: DomainEvent, _ sql: any SQLDatabase) async throws {
        if try event.facts(Ping.self).n == 3, await seen.shouldFail() {
            throw GridHubError(.unavailable, "test_failure", "failing once on purpose")
        }
        await seen.record(event.id ?? -1)
    }
}

@Suite("The event log and its subscribers")
struct EventRelayTests {
    static func ping(_ n: Int) throws -> DomainEvent {
        try DomainEvent(
            kind: EventKind("test.ping"), streetID: 1, subject: Subject("test", Int64(n)), actorAccountID: nil,
            at: WorkflowStoreTests.at(minutes: Double(n)), facts: Ping(n: n))
    }

    static func events(_ f: StoreFixture, kind: String) async throws -> [Int64] {
        try await f.database.read { sql in
            try await sql.select().column("id").from("domain_events").where("kind", .equal, kind).orderBy("id").all()
                .map { try $0.decode(column: "id", as: Int64.self) }
        }
    }

    @Test(
        "a move writes its event with the case's facts in its own transaction; a refused move writes none", arguments: Engine.all)
    func sameTransaction(engine: Engine) async throws {
        try await WorkflowStoreTests.withWorld(engine) { w async throws in
            let id = try await w.report("E0404", by: "jumin05", at: WorkflowStoreTests.t0)
            let before = try await w.f.count("domain_events")
            await WorkflowStoreTests.expectError("illegal_transition") { _ = try await w.act(.accept, id, by: "zhihui", at: 5) }
            #expect(try await w.f.count("domain_events") == before)
            _ = try await w.act(.verify, id, by: "wgy01", at: 10)
            let events = try await w.f.database.read { sql in try await EventLog.events(of: .case(id), sql) }
            #expect(events.map(\.kind.rawValue) == ["case.reported", "case.verify"])
            let verified = try events[1].facts(CaseChange.self)
            #expect(verified.entry == .verify && verified.from == .reported && verified.to == .verifying)
            #expect(events[1].actorAccountID == (try await w.who("wgy01")).accountID)
        }
    }

    @Test("relays racing each other hand every event to a subscriber exactly once, in order", arguments: Engine.all)
    func exactlyOnce(engine: Engine) async throws {
        try await StoreFixture.withSmallWorld(engine) { f, _, _, _ async throws in
            for n in 1...30 {
                _ = try await f.database.write { sql in try await EventLog.append(sql, try Self.ping(n)) }
            }
            let seen = Seen()
            let relay = EventRelay(database: f.database, subscribers: [PingSubscriber(name: "ping", seen: seen)], batch: 4)
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 { group.addTask { try await relay.drain() } }
                var total = 0
                for try await n in group { total += n }
                #expect(total == 30)
            }
            let pings = try await Self.events(f, kind: "test.ping")
            #expect(await seen.ids == pings)
            #expect(try await relay.drain() == 0)
            #expect(try await relay.behind() == false)
            #expect(try await relay.status()["ping"]?.handled == 30)
        }
    }

    @Test("a failing subscriber's batch rolls back whole and is handed over again; others are not held up", arguments: Engine.all)
    func failure(engine: Engine) async throws {
        try await StoreFixture.withSmallWorld(engine) { f, _, _, _ async throws in
            for n in 1...5 {
                _ = try await f.database.write { sql in try await EventLog.append(sql, try Self.ping(n)) }
            }
            let flaky = Seen(failing: 1)
            let steady = Seen()
            let relay = EventRelay(
                database: f.database,
                subscribers: [PingSubscriber(name: "steady", seen: steady), PingSubscriber(name: "flaky", seen: flaky)])
            await #expect(throws: GridHubError.self) { try await relay.drain() }
            #expect(await steady.ids.count == 5)
            #expect((try await relay.status()["flaky"]?.handled ?? 0) == 0)
            #expect(try await relay.drain() == 5)
            let pings = try await Self.events(f, kind: "test.ping")
            #expect(await flaky.ids == [pings[0], pings[1]] + pings)  // the first two were handed over twice
            #expect(try await relay.status()["flaky"]?.handled == 5)
        }
    }

    @Test(
        "on PostgreSQL an event takes its place in the log once its transaction commits: no writer waits for another, none is passed over"
    )
    func commitOrder() async throws {
        guard Engine.all.contains(.postgres) else { return }
        try await StoreFixture.withSmallWorld(.postgres) { f, _, _, _ async throws in
            let seen = Seen()
            let relay = EventRelay(database: f.database, subscribers: [PingSubscriber(name: "ping", seen: seen)])
            let (written, writtenGate) = AsyncStream.makeStream(of: Void.self)
            let (release, releaseGate) = AsyncStream.makeStream(of: Void.self)
            let slow = Task {
                try await f.database.write { sql in
                    let id = try await EventLog.append(sql, try Self.ping(1))
                    writtenGate.yield()
                    for await _ in release { break }
                    return id
                }
            }
            for await _ in written { break }
            let committed = Seen()
            let second = Task {
                let id = try await f.database.write { sql in try await EventLog.append(sql, try Self.ping(2)) }
                await committed.record(id)
            }
            let deadline = ContinuousClock.now + .seconds(10)
            while await committed.ids.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            let secondID = await committed.ids.first
            #expect(secondID != nil, "the second writer waited for the first to commit")
            #expect(try await relay.drain() == (secondID == nil ? 0 : 1))  // the committed one; the first is still open
            releaseGate.yield()
            let firstID = try await slow.value
            try await second.value
            #expect(try await relay.drain() == 1 + (secondID == nil ? 1 : 0))
            #expect(await seen.ids == [secondID, firstID].compactMap { $0 })  // in the order they committed
            #expect(try await relay.behind() == false)
        }
    }

    @Test("writers and relays racing: every event is handed to a subscriber once, in the order of the log", arguments: Engine.all)
    func racing(engine: Engine) async throws {
        try await StoreFixture.withSmallWorld(engine) { f, _, _, _ async throws in
            let seen = Seen()
            let relay = EventRelay(database: f.database, subscribers: [PingSubscriber(name: "ping", seen: seen)], batch: 7)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<6 {
                    group.addTask {
                        for n in 1...10 {
                            _ = try await f.database.write { sql in try await EventLog.append(sql, try Self.ping(writer * 10 + n))
                            }
                        }
                    }
                }
                for _ in 0..<2 {
                    group.addTask { for _ in 0..<10 { try await relay.drain() } }
                }
                try await group.waitForAll()
            }
            try await relay.drain()
            let inOrder = try await f.database.read { sql in
                try await sql.select().column("id").from("domain_events").where("kind", .equal, "test.ping").orderBy("position")
                    .all().map { try $0.decode(column: "id", as: Int64.self) }
            }
            #expect(inOrder.count == 60)
            #expect(await seen.ids == inOrder)
            #expect(try await relay.status()["ping"]?.handled == 60)
            #expect(try await relay.behind() == false)
        }
    }

    @Test(
        "a reader that catches up sees every event committed before it asked, while another instance numbers the log",
        arguments: Engine.all)
    func catchUpWhileNumbering(engine: Engine) async throws {
        try await StoreFixture.withSmallWorld(engine) { f, _, _, _ async throws in
            let seen = Seen()
            let relay = EventRelay(database: f.database, subscribers: [PingSubscriber(name: "ping", seen: seen)])
            try await relay.drain()  // the subscriber has started
            var missed: [Int] = []
            for n in 1...60 {
                let id = try await f.database.write { sql in try await EventLog.append(sql, try Self.ping(n)) }
                async let numbered = EventLog.sequence(f.database)  // another instance's relay, at about the same moment
                try await Task.sleep(for: .microseconds(n % 10 * 250))  // now before it, now during it, now after it
                try await relay.catchUp()
                _ = try await numbered
                if await !seen.ids.contains(id) { missed.append(n) }
            }
            #expect(missed.isEmpty, "caught up without these events: \(missed)")
        }
    }

    @Test(
        "the grid worker hears of a report in their grid; a dispatched department and each summoned one are told",
        arguments: Engine.all)
    func parties(engine: Engine) async throws {
        try await StoreFixture.withSmallWorld(engine) { f, world, desk, work async throws in
            let notices = NotificationStore(database: f.database)
            let t0 = WorkflowStoreTests.t0
            func who(_ username: String) throws -> Principal { try #require(world.principal(username)) }
            func heard(_ username: String, _ id: Int64) async throws -> [String] {
                try await notices.list(for: try who(username), deviceID: nil, limit: 50, offset: 0).filter { $0.caseID == id }
                    .map(\.kind)
            }
            func report(_ code: String, in grid: SmallWorld.GridName, minutes: Double) async throws -> Int64 {
                let p = SmallWorld.centre(of: grid)
                let answer = try await desk.file(
                    ReportDraft(lat: p.lat, lon: p.lon, classCode: code, description: "测试"), photos: [], by: try who("resident"),
                    idempotencyKey: nil, now: t0.addingTimeInterval(minutes * 60))
                return try APIJSON.decoder().decode(ReportReceipt.self, from: answer.body).caseID
            }
            func act(_ action: CaseAction, _ id: Int64, by username: String, at minutes: Double) async throws {
                _ = try await work.perform(
                    CaseCommand(action: action), on: id, by: try who(username), now: t0.addingTimeInterval(minutes * 60))
            }
            let id = try await report("E0404", in: .a1, minutes: 0)
            #expect(try await heard("worker-a1", id) == ["new_report"])
            #expect(try await heard("worker-a2", id) == [])  // another grid's worker
            try await act(.verify, id, by: "worker-a1", at: 10)
            try await act(.accept, id, by: "centre", at: 20)
            try await act(.dispatch, id, by: "centre", at: 30)
            #expect(try await heard("dept-ps", id) == ["dispatch"])
            #expect(try await heard("staff-a", id) == [])
            let whistled = try await report("E0506", in: .b1, minutes: 60)
            try await act(.verify, whistled, by: "worker-b1", at: 70)
            try await act(.accept, whistled, by: "centre", at: 80)
            try await act(.whistle, whistled, by: "centre", at: 90)
            #expect(try await heard("dept-zf", whistled) == ["summons"])
            #expect(try await heard("dept-ps", whistled) == [])
            // Reading again adds nothing: each event was turned into notices once.
            #expect(try await heard("resident", id) == ["dispatch", "accept"])
            #expect(try await heard("resident", id) == ["dispatch", "accept"])
        }
    }
}
