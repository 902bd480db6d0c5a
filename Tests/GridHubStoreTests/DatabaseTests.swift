import Foundation
import GridHubCore
import GridHubTestSupport
import SQLKit
import Testing

@testable import GridHubDemo
@testable import GridHubStore

@Suite("The database engines")
struct DatabaseTests {
    @Test("SQLite runs in WAL mode with synchronous=FULL; PostgreSQL with synchronous_commit=on", arguments: Engine.all)
    func durability(engine: Engine) async throws {
        try await StoreFixture.with(engine) { f async throws in
            switch f.database {
            case let sqlite as SQLiteDatabase:
                #expect(sqlite.settings.journalMode == "wal")
                #expect(sqlite.settings.synchronous == 2)
            case let postgres as PostgreSQLDatabase:
                #expect(postgres.synchronousCommit == "on")
            default:
                Issue.record("unknown engine \(type(of: f.database))")
            }
        }
    }

    @Test("migrations apply once, are recorded, and a second run applies nothing", arguments: Engine.all)
    func migrations(engine: Engine) async throws {
        try await StoreFixture.with(engine) { f async throws in
            #expect(try await Migrator.appliedVersions(f.database) == Set(Migrator.all.map(\.version)))
            #expect(try await Migrator.migrate(f.database, logger: StoreFixture.logger).isEmpty)
        }
    }

    @Test("a write that throws rolls back everything it wrote", arguments: Engine.all)
    func rollback(engine: Engine) async throws {
        try await StoreFixture.with(engine) { f async throws in
            await #expect(throws: GridHubError.self) {
                try await f.database.write { sql in
                    try await sql.insert(into: "streets").columns("code", "name", "district_name", "city_name", "tracking_prefix")
                        .values(SQLBind("1"), SQLBind("x"), SQLBind("x"), SQLBind("x"), SQLBind("X")).run()
                    throw GridHubError(.conflict, "stop", "stop")
                }
            }
            #expect(try await f.count("streets") == 0)
        }
    }

    @Test("concurrent writers are serialised: none is lost", arguments: Engine.all)
    func concurrentWrites(engine: Engine) async throws {
        try await StoreFixture.with(engine) { f async throws in
            let db = f.database
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<40 {
                    group.addTask {
                        try await db.write { sql in
                            try await sql.insert(into: "streets")
                                .columns("code", "name", "district_name", "city_name", "tracking_prefix")
                                .values(SQLBind("c\(i)"), SQLBind("n"), SQLBind("d"), SQLBind("c"), SQLBind("X")).run()
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await f.count("streets") == 40)
        }
    }
}

@Suite("The demo seed")
struct DemoSeedTests {
    @Test(
        "the demo street is written whole, its history played through the workflow; a second seed writes nothing",
        arguments: Engine.all)
    func seed(engine: Engine) async throws {
        try await StoreFixture.with(engine, demo: true) { f async throws in
            let counts = [
                try await f.count("grids"), try await f.count("communities"), try await f.count("buildings"),
                try await f.count("units"), try await f.count("catalog_items"), try await f.count("departments"),
            ]
            #expect(counts == [48, 6, 493, 924, 131, StandardCatalog.departments.count])
            #expect(try await f.count("cases") > 250)
            // A month of patrols for every worker: most counted, some short, some missed, make-ups decided.
            #expect(try await f.count("trackers") == 48)
            #expect(try await f.count("patrols") > 48 * 30)
            let slots = try await f.database.read { sql in
                try await sql.select().column("state").from("patrol_slots").all().map {
                    try $0.decode(column: "state", as: String.self)
                }
            }
            #expect(slots.filter { $0 == "missed" }.count > 20)
            #expect(Set(slots.filter { $0 != "missed" }) == ["approved", "refused", "requested"])
            let seeder = DemoSeeder(database: f.database, photos: f.photos)
            #expect(try await seeder.seedIfEmpty(logger: StoreFixture.logger) == nil)
            #expect(try await f.count("grids") == 48)
            let cases = CaseStore(database: f.database)
            let closed = try await cases.cases(
                in: .street(1),
                {
                    var q = CaseQuery(); q.states = [.closed]; return q
                }())
            #expect(closed.total > 100)
            let whistles = try await cases.cases(
                in: .street(1),
                {
                    var q = CaseQuery(); q.whistleOnly = true; return q
                }())
            #expect(whistles.total > 10)
            let grid = try #require(try await OrgStore(database: f.database).grid(code: "220104001002001"))
            #expect(grid.boundary.ring.count == 4)
        }
    }
}

@Suite("Group commit on SQLite")
struct GroupCommitTests {
    static func insertStreet(_ sql: any SQLDatabase, _ code: String) async throws {
        try await sql.insert(into: "streets").columns("code", "name", "district_name", "city_name", "tracking_prefix")
            .values(SQLBind(code), SQLBind("n"), SQLBind("d"), SQLBind("c"), SQLBind("X")).run()
    }

    @Test("writes arriving together share transactions; one that throws is rolled back alone and the rest commit")
    func groups() async throws {
        try await StoreFixture.with(.sqlite) { f async throws in
            let sqlite = try #require(f.database as? SQLiteDatabase)
            let before = sqlite.commitTotals
            let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
                for i in 0..<60 {
                    group.addTask {
                        do {
                            try await sqlite.write { sql in
                                try await Self.insertStreet(sql, "g\(i)")
                                if i % 6 == 0 { throw GridHubError(.conflict, "stop", "write \(i) gives up") }
                            }
                            return (i, true)
                        } catch let error as GridHubError {
                            #expect(error.code == "stop")
                            return (i, false)
                        }
                    }
                }
                return try await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
            }
            #expect(outcomes.filter(\.value).count == 50)
            #expect(outcomes.filter { !$0.value }.keys.allSatisfy { $0 % 6 == 0 })
            let codes = try await f.database.read { sql in
                try await sql.select().column("code").from("streets").all().map { try $0.decode(column: "code", as: String.self) }
            }
            #expect(Set(codes) == Set((0..<60).filter { $0 % 6 != 0 }.map { "g\($0)" }))
            let after = sqlite.commitTotals
            #expect(after.writes - before.writes == 60)
            #expect(after.transactions - before.transactions < 60, "60 writes at once should not need 60 commits")
        }
    }

    @Test("a write that gives up leaves nothing behind for the writes after it")
    func order() async throws {
        try await StoreFixture.with(.sqlite) { f async throws in
            let db = f.database
            async let failed: Void = db.write { sql in
                try await Self.insertStreet(sql, "gone")
                throw GridHubError(.conflict, "stop", "stop")
            }
            async let kept: Void = db.write { sql in try await Self.insertStreet(sql, "kept") }
            _ = try? await failed
            try await kept
            let seen = try await db.write { sql in
                try await sql.select().column("code").from("streets").all().map { try $0.decode(column: "code", as: String.self) }
            }
            #expect(seen == ["kept"])
        }
    }

    @Test("after close, a write is refused with 503 and writes nothing")
    func closed() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridhub-gc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try await SQLiteDatabase.open(path: folder.appendingPathComponent("t.sqlite").path, logger: StoreFixture.logger)
        try await Migrator.migrate(db, logger: StoreFixture.logger)
        try await db.close()
        await #expect(throws: GridHubError.self) { try await db.write { sql in try await Self.insertStreet(sql, "late") } }
    }
}
