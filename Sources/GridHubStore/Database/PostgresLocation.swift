import Foundation
import GridHubCore
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL database is, from a libpq-style URL:
/// `postgres://user:password@host:5432/gridhub?sslmode=require`, or a Unix socket folder with
/// `postgres://user@/gridhub?host=/var/run/postgresql`.
public struct PostgresLocation: Sendable, Equatable {
    public enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        /// The socket file itself (`<folder>/.s.PGSQL.<port>`).
        case socket(path: String)
    }

    public enum TLSMode: String, Sendable {
        case disable, prefer, require
    }

    public var endpoint: Endpoint
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    public init(endpoint: Endpoint, username: String, password: String?, database: String, tls: TLSMode = .disable) {
        self.endpoint = endpoint
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// True for a value that names PostgreSQL rather than a SQLite file.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(url text: String) throws {
        guard Self.isPostgres(text), let url = URLComponents(string: text) else {
            throw GridHubError.invalid("database", "A database URL looks like postgres://user:password@host:5432/gridhub.")
        }
        let query = Dictionary(
            (url.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        let user = url.user.flatMap { $0.removingPercentEncoding } ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        let port = url.port ?? Int(query["port"] ?? "") ?? 5432
        let endpoint: Endpoint
        if let folder = query["host"], folder.hasPrefix("/") {
            endpoint = .socket(path: "\(folder)/.s.PGSQL.\(port)")
        } else if let host = url.host, !host.isEmpty {
            endpoint = .tcp(host: host, port: port)
        } else {
            endpoint = .tcp(host: "localhost", port: port)
        }
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        guard let mode = TLSMode(rawValue: query["sslmode"] ?? "disable") else {
            throw GridHubError.invalid("database", "sslmode is disable, prefer or require.")
        }
        self.init(
            endpoint: endpoint, username: user, password: url.password.flatMap { $0.removingPercentEncoding },
            database: path.isEmpty ? user : path, tls: mode)
    }

    /// The same location naming another database on the same server (tests make one per test).
    public func database(_ name: String) -> PostgresLocation {
        var copy = self
        copy.database = name
        return copy
    }

    /// The URL without its password, for logs and messages.
    public var redacted: String {
        let auth = username + (password == nil ? "" : ":***")
        switch endpoint {
        case .tcp(let host, let port): return "postgres://\(auth)@\(host):\(port)/\(database)"
        case .socket(let path): return "postgres://\(auth)@/\(database)?socket=\(path)"
        }
    }

    var clientConfiguration: PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        switch endpoint {
        case .tcp(let host, let port):
            let tls: PostgresClient.Configuration.TLS =
                switch self.tls {
                case .disable: .disable
                case .prefer: .prefer(.makeClientConfiguration())
                case .require: .require(.makeClientConfiguration())
                }
            configuration = .init(
                host: host, port: port, username: username, password: password, database: database, tls: tls)
        case .socket(let path):
            configuration = .init(unixSocketPath: path, username: username, password: password, database: database)
        }
        configuration.options.maximumConnections = 16
        return configuration
    }

    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        switch endpoint {
        case .tcp(let host, let port):
            let tls: PostgresConnection.Configuration.TLS =
                switch self.tls {
                case .disable: .disable
                case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
                case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
                }
            return .init(host: host, port: port, username: username, password: password, database: database, tls: tls)
        case .socket(let path):
            return .init(unixSocketPath: path, username: username, password: password, database: database)
        }
    }
}
