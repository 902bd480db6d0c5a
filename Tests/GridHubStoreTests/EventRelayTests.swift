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

    @Test("a move writes its event with the case's facts in its own transaction; a refused move writes none", arguments: Engine.all)
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
        try await StoreFixture.with(engine, demo: true) { f async throws in
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
        try await StoreFixture.with(engine, demo: true) { f async throws in
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

    @Test("on PostgreSQL a transaction that writes an event waits for an earlier one to commit, so none is passed over")
    func commitOrder() async throws {
        guard Engine.all.contains(.postgres) else { return }
        try await StoreFixture.with(.postgres, demo: true) { f async throws in
            let seen = Seen()
            let relay = EventRelay(database: f.database, subscribers: [PingSubscriber(name: "ping", seen: seen)])
            let (written, writtenGate) = AsyncStream.makeStream(of: Void.self)
            let (release, releaseGate) = AsyncStream.makeStream(of: Void.self)
            let slow = Task {
                try await f.database.write { sql in
                    try await EventLog.append(sql, try Self.ping(1))
                    writtenGate.yield()
                    for await _ in release { break }
                }
            }
            for await _ in written { break }
            let second = Task { try await f.database.write { sql in try await EventLog.append(sql, try Self.ping(2)) } }
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await relay.drain() == 0)  // neither is committed: the second waits for the first
            releaseGate.yield()
            try await slow.value
            let secondID = try await second.value
            #expect(try await relay.drain() == 2)
            let pings = try await Self.events(f, kind: "test.ping")
            #expect(await seen.ids == pings && pings.last == secondID)
        }
    }

    @Test(
        "the grid worker hears of a report in their grid; a dispatched department and each summoned one are told",
        arguments: Engine.all)
    func parties(engine: Engine) async throws {
        try await WorkflowStoreTests.withWorld(engine) { w async throws in
            let notices = NotificationStore(database: w.f.database)
            func heard(_ username: String, _ id: Int64) async throws -> [String] {
                try await notices.list(for: try await w.who(username), deviceID: nil, limit: 50, offset: 0)
                    .filter { $0.caseID == id }.map(\.kind)
            }
            let id = try await w.report("E0404", by: "jumin05", at: WorkflowStoreTests.t0)
            #expect(try await heard("wgy01", id) == ["new_report"])
            #expect(try await heard("wgy02", id) == [])  // another grid's worker
            _ = try await w.act(.verify, id, by: "wgy01", at: 10)
            _ = try await w.act(.accept, id, by: "zhihui", at: 20)
            _ = try await w.act(.dispatch, id, by: "zhihui", at: 30)
            #expect(try await heard("bm-ps", id) == ["dispatch"])
            #expect(try await heard("bm-cj", id) == [])
            let whistled = try await w.report("E0506", by: "jumin06", north: 30, at: WorkflowStoreTests.at(minutes: 60))
            _ = try await w.act(.verify, whistled, by: "wgy01", at: 70)
            _ = try await w.act(.accept, whistled, by: "zhihui", at: 80)
            _ = try await w.act(.whistle, whistled, by: "zhihui", at: 90)
            for summoned in ["bm-jj", "bm-pcs", "bm-zf"] { #expect(try await heard(summoned, whistled) == ["summons"]) }
            #expect(try await heard("bm-ps", whistled) == [])
            // Reading again adds nothing: each event was turned into notices once.
            #expect(try await heard("jumin05", id) == ["dispatch", "accept"])
            #expect(try await heard("jumin05", id) == ["dispatch", "accept"])
        }
    }
}
