import Foundation
import GridHubCore
import GridHubStore
import Logging
import SQLKit

/// A fresh SQLite database in its own temporary folder, migrated, optionally with the demo street.
struct StoreFixture {
    let folder: URL
    let database: SQLiteDatabase
    let photos: PhotoStore

    static let logger: Logger = {
        var l = Logger(label: "test")
        l.logLevel = .critical
        return l
    }()

    static let today = Date(timeIntervalSince1970: 1_795_000_000)

    static func make(demo: Bool = false) async throws -> StoreFixture {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridhub-store-\(UUID().uuidString)")
        if demo {
            try FileManager.default.copyItem(at: try await DemoTemplate.shared.url(), to: folder)
        } else {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let database = try await SQLiteDatabase.open(path: folder.appendingPathComponent("t.sqlite").path, logger: logger)
        try await Migrator.migrate(database, logger: logger)
        return StoreFixture(folder: folder, database: database, photos: PhotoStore(root: folder.appendingPathComponent("photos")))
    }

    /// The demo street is seeded once per test run and copied for each test that wants it.
    actor DemoTemplate {
        static let shared = DemoTemplate()
        private var seeding: Task<URL, any Error>?

        /// The actor is re-entrant across awaits: callers share one seeding task rather than each starting one.
        func url() async throws -> URL {
            if let seeding { return try await seeding.value }
            let task = Task {
                let url = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "gridhub-store-template-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
                let database = try await SQLiteDatabase.open(path: url.appendingPathComponent("t.sqlite").path, logger: logger)
                try await Migrator.migrate(database, logger: logger)
                let photos = PhotoStore(root: url.appendingPathComponent("photos"))
                _ = try await DemoSeeder(database: database, photos: photos).seedIfEmpty(today: today, logger: logger)
                try await database.close()
                return url
            }
            seeding = task
            return try await task.value
        }
    }

    /// Runs `body` with a fresh fixture and always closes it, even when the body fails.
    static func with(demo: Bool = false, _ body: (StoreFixture) async throws -> Void) async throws {
        let f = try await make(demo: demo)
        do {
            try await body(f)
            try await f.tearDown()
        } catch {
            try? await f.tearDown()
            throw error
        }
    }

    func tearDown() async throws {
        try await database.close()
        try? FileManager.default.removeItem(at: folder)
    }

    func count(_ table: String) async throws -> Int {
        try await database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self) ?? -1
        }
    }
}
