import Foundation
import GridHubStore
import Logging
import SQLKit

/// The database engines a test runs on.
public enum Engine: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    /// SQLite always; PostgreSQL too when `GRIDHUB_TEST_POSTGRES_URL` names a server (scripts/test
    /// starts a throwaway one and sets it).
    public static var all: [Engine] { PostgresServer.url == nil ? [.sqlite] : [.sqlite, .postgres] }
}

/// The PostgreSQL server the tests make their databases on: each test gets its own database,
/// copied from a seeded template (`CREATE DATABASE … TEMPLATE`), and drops it afterwards.
public actor PostgresServer {
    public static let url = ProcessInfo.processInfo.environment["GRIDHUB_TEST_POSTGRES_URL"].flatMap {
        $0.isEmpty ? nil : $0
    }
    public static let skipNote =
        "PostgreSQL tests skipped: GRIDHUB_TEST_POSTGRES_URL is not set (scripts/test starts a throwaway cluster and sets it)"
    public static let shared = PostgresServer()

    static let logger: Logger = {
        var l = Logger(label: "test-postgres")
        l.logLevel = .critical
        return l
    }()

    private var admin: PostgreSQLDatabase?
    private var templates: [String: Task<String, any Error>] = [:]

    /// A URL naming database `name` on the test server.
    public static func url(of name: String) throws -> String {
        guard let url = url, var parts = URLComponents(string: url) else { throw NoServer() }
        parts.path = "/\(name)"
        return parts.string ?? url
    }

    struct NoServer: Error, CustomStringConvertible {
        var description: String { "GRIDHUB_TEST_POSTGRES_URL is not set" }
    }

    private func adminDatabase() async throws -> PostgreSQLDatabase {
        if let admin { return admin }
        guard let url = Self.url else { throw NoServer() }
        let db = try await PostgreSQLDatabase.connect(
            try PostgresLocation(url: url), logger: Self.logger, acquireTimeout: .seconds(600))  // CREATE DATABASE queues
        admin = db
        return db
    }

    /// A new database, empty or a copy of `template`; returns its name.
    public func createDatabase(from template: String? = nil) async throws -> String {
        let name = "gh_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let admin = try await adminDatabase()
        for attempt in 0..<50 {
            do {
                try await admin.read { sql in
                    if let template {
                        try await sql.raw("CREATE DATABASE \(ident: name) TEMPLATE \(ident: template)").run()
                    } else {
                        try await sql.raw("CREATE DATABASE \(ident: name)").run()
                    }
                }
                return name
            } catch  where attempt < 49 && "\(String(reflecting: error))".contains("55006") {
                try await Task.sleep(for: .milliseconds(100))  // the template's last session is still closing
            }
        }
        return name
    }

    /// A template made once per key by `seed` (given the new database's URL), then reused.
    public func template(_ key: String, seed: @escaping @Sendable (String) async throws -> Void) async throws -> String {
        if let task = templates[key] { return try await task.value }
        let task = Task {
            let name = try await self.createDatabase()
            try await seed(try Self.url(of: name))
            return name
        }
        templates[key] = task
        return try await task.value
    }

    /// A template holding exactly what the SQLite file at `path` holds, moved with `gridhub import`'s
    /// own code (so every PostgreSQL test also exercises SQLite → PostgreSQL transfer).
    public func template(copying path: String) async throws -> String {
        try await template("copy:\(path)") { url in
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gridhub-copy-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: scratch) }
            let source = try await SQLiteDatabase.open(path: path, logger: Self.logger)
            let target = try await PostgreSQLDatabase.connect(try PostgresLocation(url: url), logger: Self.logger)
            do {
                let photos = PhotoStore(root: scratch.appendingPathComponent("photos"))
                try await DataTransfer.export(
                    source,
                    photos: PhotoStore(
                        root: URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("photos")),
                    to: scratch.appendingPathComponent("archive"))
                try await Migrator.migrate(target, logger: Self.logger)
                try await DataTransfer.import(target, photos: photos, from: scratch.appendingPathComponent("archive"))
                // PostGIS (when the server has it) set up once here, so every copy has it.
                let postgis = await PostGISGrids.enable(target, logger: Self.logger)
                _ = try await GridDirectory.load(OrgStore(database: target), postgis: postgis)
                try await source.close()
                try await target.close()
            } catch {
                try? await source.close()
                try? await target.close()
                throw error
            }
        }
    }

    public func drop(_ name: String) async throws {
        try await adminDatabase().read { sql in
            try await sql.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run()
        }
    }
}
