import Foundation
import GridHubStore
import Logging
import SQLKit

#if canImport(Glibc)
    import Glibc
#endif

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
    public static let shared = PostgresServer(url: url)
    /// A private server the fault tests stop and start (scripts/test starts it beside the main one).
    public static let fault = PostgresServer(url: ProcessInfo.processInfo.environment["GRIDHUB_TEST_FAULT_POSTGRES_URL"])
    public static let faultNote =
        "fault tests skipped: GRIDHUB_TEST_FAULT_POSTGRES_URL/_CTL/_DIR are not set (scripts/test sets them)"

    /// Stops (`pause`) or starts (`resume`) the fault server with scripts/pg-cluster.
    public static func controlFaultServer(_ verb: String) throws {
        let environment = ProcessInfo.processInfo.environment
        guard let control = environment["GRIDHUB_TEST_FAULT_POSTGRES_CTL"],
            let dir = environment["GRIDHUB_TEST_FAULT_POSTGRES_DIR"]
        else { throw NoServer() }
        // posix_spawn + waitpid rather than Foundation's Process: the restarted server inherits the
        // child's descriptors, and Process would wait on them as long as the server runs.
        let arguments = [control, verb, dir]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, control, nil, nil, &argv, environ) == 0 else { throw NoServer() }
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
    }

    public let serverURL: String?

    init(url: String?) {
        self.serverURL = url
    }

    static let logger: Logger = {
        var l = Logger(label: "test-postgres")
        l.logLevel = .critical
        return l
    }()

    private var admin: PostgreSQLDatabase?
    private var templates: [String: Task<String, any Error>] = [:]

    /// A URL naming database `name` on the test server.
    public static func url(of name: String) throws -> String { try url(of: name, on: url) }

    /// A URL naming database `name` on this server.
    public nonisolated func url(of name: String) throws -> String { try Self.url(of: name, on: serverURL) }

    static func url(of name: String, on server: String?) throws -> String {
        guard let server, var parts = URLComponents(string: server) else { throw NoServer() }
        parts.path = "/\(name)"
        return parts.string ?? server
    }

    struct NoServer: Error, CustomStringConvertible {
        var description: String { "GRIDHUB_TEST_POSTGRES_URL is not set" }
    }

    private func adminDatabase() async throws -> PostgreSQLDatabase {
        if let admin { return admin }
        guard let url = serverURL else { throw NoServer() }
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
            try await seed(try self.url(of: name))
            try await self.seal(name)
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
            let target = try await PostgreSQLDatabase.connect(
                try PostgresLocation(url: url), logger: Self.logger, acquireTimeout: .seconds(120))
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

    /// A template takes no more sessions, and any the seeding left behind (a pool still winding
    /// down) are ended: `CREATE DATABASE … TEMPLATE` needs it to be alone.
    func seal(_ name: String) async throws {
        try await adminDatabase().read { sql in
            try await sql.raw("ALTER DATABASE \(ident: name) WITH ALLOW_CONNECTIONS false").run()
            try await sql.raw(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = \(bind: name) AND pid <> pg_backend_pid()"
            ).run()
        }
    }

    public func drop(_ name: String) async throws {
        try await adminDatabase().read { sql in
            try await sql.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run()
        }
    }
}
