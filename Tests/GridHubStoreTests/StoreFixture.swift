import Foundation
import GridHubCore
import GridHubDemo
import GridHubStore
import GridHubTestSupport
import Logging
import SQLKit

/// A fresh database on one engine — SQLite in its own temporary folder, or its own PostgreSQL
/// database — migrated, optionally with the demo street; photos in a temporary folder.
struct StoreFixture {
    let engine: Engine
    let folder: URL
    let database: any Database
    /// The PostgreSQL database this fixture made (dropped at tear-down).
    let postgresName: String?
    let photos: PhotoStore

    static let logger: Logger = {
        var l = Logger(label: "test")
        l.logLevel = .critical
        return l
    }()

    static let today = Date(timeIntervalSince1970: 1_795_000_000)

    static func make(_ engine: Engine, demo: Bool = false) async throws -> StoreFixture {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridhub-store-\(UUID().uuidString)")
        if demo {
            try FileManager.default.copyItem(at: try await DemoTemplate.shared.folder(), to: folder)
        } else {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let photos = PhotoStore(root: folder.appendingPathComponent("photos"))
        switch engine {
        case .sqlite:
            let database = try await SQLiteDatabase.open(path: folder.appendingPathComponent("t.sqlite").path, logger: logger)
            try await Migrator.migrate(database, logger: logger)
            return StoreFixture(engine: engine, folder: folder, database: database, postgresName: nil, photos: photos)
        case .postgres:
            let template = demo ? try await DemoTemplate.shared.postgresTemplate() : nil
            let name = try await PostgresServer.shared.createDatabase(from: template)
            let database = try await PostgreSQLDatabase.connect(
                try PostgresLocation(url: try PostgresServer.url(of: name)), logger: logger,
                acquireTimeout: .seconds(60))  // the whole suite shares two cores
            try await Migrator.migrate(database, logger: logger)
            return StoreFixture(engine: engine, folder: folder, database: database, postgresName: name, photos: photos)
        }
    }

    /// The demo street is seeded once per test run and engine, and copied for each test that wants it.
    actor DemoTemplate {
        static let shared = DemoTemplate()
        private var seeding: Task<URL, any Error>?

        /// A data folder with the SQLite demo database and its photos (the actor is re-entrant across
        /// awaits: callers share one seeding task rather than each starting one).
        func folder() async throws -> URL {
            if let seeding { return try await seeding.value }
            let task = Task {
                let url = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "gridhub-store-template-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
                let database = try await SQLiteDatabase.open(path: url.appendingPathComponent("t.sqlite").path, logger: logger)
                try await DemoTemplate.seed(database, photos: PhotoStore(root: url.appendingPathComponent("photos")))
                return url
            }
            seeding = task
            return try await task.value
        }

        /// A PostgreSQL template database holding the same demo street, copied from the SQLite one.
        func postgresTemplate() async throws -> String {
            try await PostgresServer.shared.template(copying: try await folder().appendingPathComponent("t.sqlite").path)
        }

        static func seed(_ database: any Database, photos: PhotoStore) async throws {
            do {
                try await Migrator.migrate(database, logger: logger)
                _ = try await DemoSeeder(database: database, photos: photos).seedIfEmpty(today: today, logger: logger)
                // As a running GridHub would: the demo history's notices are written before anyone reads.
                try await EventRelay(database: database, subscribers: [NoticeSubscriber(), WebhookSubscriber()]).drain()
                try await database.close()
            } catch {
                try? await database.close()
                throw error
            }
        }
    }

    /// Runs `body` with a fresh fixture on `engine` and always tears it down, even when the body fails.
    static func with(_ engine: Engine, demo: Bool = false, _ body: (StoreFixture) async throws -> Void) async throws {
        let f = try await make(engine, demo: demo)
        do {
            try await body(f)
            try await f.tearDown()
        } catch {
            try? await f.tearDown()
            throw error
        }
    }

    /// A fresh fixture holding a ``SmallWorld``, with the desk that files reports and the workflow.
    static func withSmallWorld(
        _ engine: Engine, _ body: (StoreFixture, SmallWorld, ReportDesk, CaseWork) async throws -> Void
    ) async throws {
        try await with(engine) { f in
            let world = try await SmallWorld.write(f.database)
            let directory = try await GridDirectory.load(OrgStore(database: f.database))
            try await body(
                f, world, ReportDesk(database: f.database, directory: directory, photos: f.photos), CaseWork(database: f.database)
            )
        }
    }

    func tearDown() async throws {
        try await database.close()
        if let postgresName { try await PostgresServer.shared.drop(postgresName) }
        try? FileManager.default.removeItem(at: folder)
    }

    func count(_ table: String) async throws -> Int {
        try await database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self) ?? -1
        }
    }
}
