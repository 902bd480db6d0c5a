import ArgumentParser
import Foundation
import GridHubCore
import GridHubServer
import GridHubStore
import Logging

/// Where the data lives; every command that touches data takes these.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: "Data folder (database, photos, keys). Env: GRIDHUB_DATA.")
    var data: String = ProcessInfo.processInfo.environment["GRIDHUB_DATA"] ?? "./gridhub-data"

    @Option(
        name: .long,
        help:
            "PostgreSQL URL (postgres://user:password@host:5432/db); without it, SQLite in the data folder. Env: GRIDHUB_DATABASE_URL."
    )
    var database: String?

    /// The PostgreSQL URL from the option, else from the environment; nil means SQLite.
    var databaseURL: String? { database ?? ProcessInfo.processInfo.environment["GRIDHUB_DATABASE_URL"] }

    var url: URL { URL(fileURLWithPath: data, isDirectory: true) }

    /// Opens the database (migrated), runs `body`, and closes it, also when `body` fails. An
    /// administration command names its `audit` action: whether it worked goes into the audit trail,
    /// under the operator's login name (`cli:<user>`).
    func withDatabase<T: Sendable>(
        audit action: AuditEntry.Action? = nil, subject: String? = nil, _ body: (any Database) async throws -> T
    ) async throws -> T {
        let logger = Logs.bootstrap()
        let db = try await DatabaseOpener.open(url: databaseURL, dataDirectory: url, logger: logger)
        func record(_ outcome: AuditEntry.Outcome, _ detail: String?) async throws {
            guard let action else { return }
            try await AuditTrail(database: db).record(
                AuditEntry(at: Date(), actor: Self.operatorName, action: action, outcome: outcome, subject: subject, detail: detail))
        }
        do {
            let value = try await body(db)
            try await record(.success, nil)
            try await db.close()
            return value
        } catch {
            try? await record(.failure, String(describing: error))
            try? await db.close()
            throw error
        }
    }

    /// Who runs the command line: `cli:` and the login name (the one behind sudo, when there is one).
    static var operatorName: String {
        let env = ProcessInfo.processInfo.environment
        return "cli:" + (env["SUDO_USER"] ?? env["USER"] ?? env["LOGNAME"] ?? "unknown")
    }
}

enum Logs {
    /// Logs go to standard error as one key=value line each, at GRIDHUB_LOG_LEVEL (default info).
    static func bootstrap() -> Logger {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        var logger = Logger(label: "gridhub")
        logger.logLevel = ProcessInfo.processInfo.environment["GRIDHUB_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
        return logger
    }
}

/// `--street`: which street a command is about; the only one when there is one.
struct StreetOption: ParsableArguments {
    @Option(help: "Street code (9 digits); defaults to the only street.") var street: String?

    func resolve(_ db: any Database) async throws -> Int64 {
        try await resolveStreet(db).id
    }

    func resolveStreet(_ db: any Database) async throws -> Street {
        let streets = try await OrgStore(database: db).streets()
        if let code = street {
            guard let s = streets.first(where: { $0.code == code }) else {
                throw ValidationError("No street with code \(code).")
            }
            return s
        }
        guard !streets.isEmpty else { throw ValidationError("There is no street yet: seed one (gridhub demo) or import one.") }
        guard streets.count == 1, let only = streets.first else { throw ValidationError("Name the street with --street.") }
        return only
    }
}

/// A line of a command's answer on standard output (logs go to standard error).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
