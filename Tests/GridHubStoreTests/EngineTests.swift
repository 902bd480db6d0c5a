import Foundation
import GridHubCore
import GridHubTestSupport
import SQLKit
import Testing

@testable import GridHubStore

@Suite("Choosing and reaching the database")
struct EngineTests {
    @Test(
        "PostgreSQL is reachable for this run (else every PostgreSQL test is skipped, and says so)",
        .enabled(if: PostgresServer.url != nil, Comment(rawValue: PostgresServer.skipNote)))
    func postgresAvailable() async throws {
        try await StoreFixture.with(.postgres) { f async throws in
            #expect(f.database.flavor == .postgres)
            #expect(try await f.count("schema_migrations") == Migrator.all.count)
        }
    }

    @Test("database URLs: host and port, a socket folder, user and password, TLS mode")
    func urls() throws {
        let tcp = try PostgresLocation(url: "postgres://grid:s%40cret@db.example:6543/yongchang?sslmode=require")
        #expect(tcp.endpoint == .tcp(host: "db.example", port: 6543))
        #expect(tcp.username == "grid" && tcp.password == "s@cret" && tcp.database == "yongchang" && tcp.tls == .require)
        #expect(tcp.redacted == "postgres://grid:***@db.example:6543/yongchang")
        let socket = try PostgresLocation(url: "postgresql://grid@/gridhub?host=/var/run/postgresql")
        #expect(socket.endpoint == .socket(path: "/var/run/postgresql/.s.PGSQL.5432"))
        #expect(try PostgresLocation(url: "postgres://grid@localhost").database == "grid")
        for bad in ["mysql://x@y/z", "gridhub.sqlite", "postgres://x@y/z?sslmode=maybe"] {
            #expect(throws: GridHubError.self) { try PostgresLocation(url: bad) }
        }
    }

    @Test("an unreachable server fails at start with a clear message, in seconds, not a hang")
    func unreachable() async throws {
        let started = Date()
        do {
            _ = try await DatabaseOpener.open(
                url: "postgres://gridhub@127.0.0.1:1/gridhub", dataDirectory: FileManager.default.temporaryDirectory,
                logger: StoreFixture.logger)
            Issue.record("connected to port 1")
        } catch let error as GridHubError {
            #expect(error.code == "database_unreachable")
            #expect(error.message.contains("127.0.0.1:1/gridhub"))
        }
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test(
        "a database that does not exist is named in the start-up error",
        .enabled(if: PostgresServer.url != nil, Comment(rawValue: PostgresServer.skipNote)))
    func missingDatabase() async throws {
        do {
            _ = try await PostgreSQLDatabase.connect(
                try PostgresLocation(url: try PostgresServer.url(of: "no_such_street")), logger: StoreFixture.logger)
            Issue.record("connected to a missing database")
        } catch let error as GridHubError {
            #expect(error.code == "database_unreachable")
            #expect(error.message.contains("no_such_street"))
        }
    }

    @Test("a periodic job's turn runs exactly once however many instances ask at once", arguments: Engine.all)
    func jobsRunOnce(engine: Engine) async throws {
        try await StoreFixture.with(engine) { f async throws in
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let counter = Counter()
            func askAll(at time: Date) async throws {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for i in 0..<12 {
                        let queue = JobQueue(database: f.database, instance: "instance-\(i % 3)")
                        group.addTask {
                            _ = try await queue.runIfDue("sweep", every: .seconds(60), now: time) { _, _ in
                                await counter.add()
                                try await Task.sleep(for: .milliseconds(20))  // hold the turn while others ask
                                return "ran"
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            try await askAll(at: now)
            #expect(await counter.value == 1)
            try await askAll(at: now.addingTimeInterval(30))  // not due yet
            #expect(await counter.value == 1)
            try await askAll(at: now.addingTimeInterval(61))
            #expect(await counter.value == 2)
            let runs = try await JobQueue(database: f.database).runs(of: "sweep")
            #expect(runs.map(\.slot) == [now, now.addingTimeInterval(60)])
            #expect(runs.allSatisfy { $0.summary == "ran" })
        }
    }

    @Test("a job whose work fails gives its turn back: the next ask runs it", arguments: Engine.all)
    func failedJobRetries(engine: Engine) async throws {
        try await StoreFixture.with(engine) { f async throws in
            let queue = JobQueue(database: f.database, instance: "a")
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            await #expect(throws: GridHubError.self) {
                _ = try await queue.runIfDue("sweep", every: .seconds(60), now: now) { _, _ -> String in
                    throw GridHubError(.unavailable, "boom", "boom")
                }
            }
            #expect(try await queue.runIfDue("sweep", every: .seconds(60), now: now) { _, _ in "ok" } == "ok")
            #expect(try await queue.runs(of: "sweep").count == 1)
        }
    }
}

actor Counter {
    private(set) var value = 0
    func add() { value += 1 }
}
