import Foundation
import GridHubCore
import GridHubServer
import GridHubStore
import GridHubTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import GridHubDemo

/// A GridHub with the demo street on a fresh copy of its data folder, driven through the router.
enum TestApp {
    static let logger: Logger = {
        var l = Logger(label: "test")
        l.logLevel = ProcessInfo.processInfo.environment["GRIDHUB_TEST_LOG"] == nil ? .critical : .warning
        return l
    }()

    static let today = Date(timeIntervalSince1970: 1_795_000_000)

    /// Seeding the demo street takes seconds: do it once per engine, then copy it for each test.
    actor Template {
        static let shared = Template()
        private var seeding: [Engine: Task<(folder: URL, postgres: String?), any Error>] = [:]

        /// The demo's data folder (photos, secret) and, on PostgreSQL, its template database. The actor
        /// is re-entrant across awaits: callers share one seeding task rather than each starting one.
        func demo(_ engine: Engine) async throws -> (folder: URL, postgres: String?) {
            if let task = seeding[engine] { return try await task.value }
            let task = Task { () async throws -> (folder: URL, postgres: String?) in
                guard engine == .sqlite else {  // PostgreSQL gets a copy of the SQLite demo
                    let sqlite = try await demo(.sqlite)
                    let template = try await PostgresServer.shared.template(
                        copying: DatabaseOpener.sqlitePath(in: sqlite.folder))
                    return (sqlite.folder, template)
                }
                let url = FileManager.default.temporaryDirectory.appendingPathComponent("gridhub-template-\(UUID().uuidString)")
                let configuration = AppConfiguration(
                    dataDirectory: url,
                    seed: DataSeed { db, photos, _, logger in
                        try await DemoSeeder(database: db, photos: photos).seedIfEmpty(
                            today: TestApp.today, patrols: false, logger: logger)?.description
                    })
                let runtime = try await GridHubRuntime.start(configuration, logger: TestApp.logger)
                try await runtime.database.close()
                return (url, nil)
            }
            seeding[engine] = task
            return try await task.value
        }
    }

    /// Runs `body` against a running app on `engine`, on its own copy of the demo data.
    static func run(
        _ engine: Engine, configure: (inout AppConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (any TestClientProtocol, GridHubRuntime) async throws -> Void
    ) async throws {
        let (configuration, cleanup) = try await copyOfDemo(engine)
        var adjusted = configuration
        configure(&adjusted)
        do {
            let runtime = try await GridHubRuntime.start(adjusted, logger: logger)
            try await runtime.application().test(.router) { client in try await body(client, runtime) }
            try await cleanup()
        } catch {
            try? await cleanup()
            throw error
        }
    }

    /// Two GridHub instances on one PostgreSQL database, sharing the data folder (photos and the
    /// token secret), as two servers behind a load balancer would.
    static func runTwo(
        _ body:
            @escaping @Sendable (
                (any TestClientProtocol, GridHubRuntime), (any TestClientProtocol, GridHubRuntime)
            ) async throws -> Void
    ) async throws {
        var (configuration, cleanup) = try await copyOfDemo(.postgres)
        configuration.databaseWait = .seconds(60)  // 60 requests at once on two cores: correctness, not the 503 path
        do {
            let a = try await GridHubRuntime.start(configuration, logger: logger)
            let b = try await GridHubRuntime.start(configuration, logger: logger)
            try await a.application().test(.router) { clientA in
                try await b.application().test(.router) { clientB in try await body((clientA, a), (clientB, b)) }
            }
            try await cleanup()
        } catch {
            try? await cleanup()
            throw error
        }
    }

    /// Runs `body` against a running app on `engine` holding only a ``SmallWorld``.
    static func runSmall(
        _ engine: Engine, configure: (inout AppConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (any TestClientProtocol, GridHubRuntime, SmallWorld) async throws -> Void
    ) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridhub-small-\(UUID().uuidString)")
        var configuration = AppConfiguration(dataDirectory: folder)
        // Every suite runs at once on two cores: these test correctness; the 503 path has its own tests.
        configuration.databaseWait = .seconds(60)
        let postgres = engine == .postgres ? try await PostgresServer.shared.createDatabase() : nil
        if let postgres { configuration.databaseURL = try PostgresServer.url(of: postgres) }
        configure(&configuration)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let database = try await DatabaseOpener.open(
                url: configuration.databaseURL, dataDirectory: folder, logger: logger, acquireTimeout: .seconds(60),
                operationTimeout: .seconds(60))
            let world = try await SmallWorld.write(database)
            try await database.close()
            let runtime = try await GridHubRuntime.start(configuration, logger: logger)
            try await runtime.application().test(.router) { client in try await body(client, runtime, world) }
        } catch {
            try? FileManager.default.removeItem(at: folder)
            if let postgres { try? await PostgresServer.shared.drop(postgres) }
            throw error
        }
        try? FileManager.default.removeItem(at: folder)
        if let postgres { try await PostgresServer.shared.drop(postgres) }
    }

    /// A configuration on a fresh copy of the demo (folder and database) and how to remove it.
    static func copyOfDemo(_ engine: Engine) async throws -> (AppConfiguration, @Sendable () async throws -> Void) {
        let template = try await Template.shared.demo(engine)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridhub-test-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: template.folder, to: folder)
        var configuration = AppConfiguration(dataDirectory: folder)
        // Every suite runs at once on two cores: these test correctness; the 503 path has its own tests.
        configuration.databaseWait = .seconds(60)
        var database: String?
        if let source = template.postgres {
            database = try await PostgresServer.shared.createDatabase(from: source)
            configuration.databaseURL = try PostgresServer.url(of: database!)
        }
        let made = database
        return (
            configuration,
            {
                try? FileManager.default.removeItem(at: folder)
                if let made { try await PostgresServer.shared.drop(made) }
            }
        )
    }
}

extension TestClientProtocol {
    /// Signs in a demo account and returns its access token.
    /// A small world's account's access token.
    func signIn(_ username: String) async throws -> String { try await token(username, password: SmallWorld.password) }

    func token(_ username: String, password: String = DemoStreet.demoPassword) async throws -> String {
        let response = try await post("/api/v1/auth/login", json: ["username": username, "password": password])
        #expect(response.status == .ok, "login \(username)")
        return try #require(response.object["access_token"] as? String)
    }

    func post(_ uri: String, json: [String: Any], token: String? = nil, headers extra: HTTPFields = [:]) async throws
        -> TestResponse
    {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        headers.append(contentsOf: extra)
        let body = try JSONSerialization.data(withJSONObject: json)
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }

    func post(
        _ uri: String, raw: String, contentType: String = "application/json", token: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: contentType]
        if let token { headers[.authorization] = "Bearer \(token)" }
        headers.append(contentsOf: extra)
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: raw))
    }

    func get(_ uri: String, token: String? = nil, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: uri, method: .get, headers: headers, body: nil)
    }

    /// A multipart/form-data POST with text fields and files.
    func postMultipart(
        _ uri: String, fields: [String: String], files: [[UInt8]], token: String? = nil, headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        let boundary = "gridhub-\(UUID().uuidString)"
        var body = [UInt8]()
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for (i, file) in files.enumerated() {
            body += Array(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"p\(i).jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
                    .utf8)
            body += file + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        headers.append(contentsOf: extra)
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }
}

extension TestResponse {
    /// The body as a JSON object (empty when it is not one).
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]) ?? [:]
    }

    var array: [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [[String: Any]]) ?? []
    }

    var text: String { String(buffer: body) }

    /// The `error` code of an error answer.
    var errorCode: String? { object["error"] as? String }
}

/// A JPEG-structured file carrying EXIF GPS, as a phone camera writes it.
enum Fixtures {
    static var jpegWithGPS: [UInt8] {
        func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
            [0xFF, marker, UInt8((payload.count + 2) >> 8), UInt8((payload.count + 2) & 0xFF)] + payload
        }
        let exif = Array("Exif".utf8) + [0, 0] + Array("MM".utf8) + [0, 42] + Array("GPSLatitude 43.88N".utf8)
        return [0xFF, 0xD8] + segment(0xE0, Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]) + segment(0xE1, exif)
            + segment(0xDB, [UInt8](repeating: 3, count: 65)) + segment(0xC0, [8, 0, 24, 0, 32, 1, 1, 0x11, 0])
            + segment(0xDA, [1, 1, 0, 0, 63, 0]) + [5, 6, 7] + [0xFF, 0xD9]
    }

    /// The centre of a demo grid, by its code.
    static func center(_ runtime: GridHubRuntime, grid code: String) throws -> Coordinate {
        let grid = try #require(runtime.directory.current.gridsByCode[code])
        return DemoStreet.interiorPoint(of: grid.boundary, u: 0.5, v: 0.5)
    }

    /// wgy01 looks after the first grid of 长山花园; wgy11 one of 牡丹园.
    static let grid1 = "220104001001001"
    static let otherGrid = "220104001002001"
}

extension HTTPField.Name {
    static let deviceToken = Self("Device-Token")!
}
