import Foundation
import Logging

/// Opens the database a command was given: the data folder's SQLite file by default, or the
/// PostgreSQL a `postgres://` URL names. Either way migrated to the current schema.
public enum DatabaseOpener {
    /// The SQLite file inside a data folder.
    public static func sqlitePath(in dataDirectory: URL) -> String {
        dataDirectory.appendingPathComponent("gridhub.sqlite").path
    }

    /// `operationTimeout` bounds one PostgreSQL transaction (the server answers 503 past it); nil
    /// for commands whose one transaction may be long (import).
    public static func open(
        url: String?, dataDirectory: URL, logger: Logger, migrate: Bool = true, acquireTimeout: Duration = .seconds(5),
        operationTimeout: Duration? = nil
    ) async throws -> any Database {
        let database: any Database
        if let url, !url.isEmpty {
            let location = try PostgresLocation(url: url)
            let postgres = try await PostgreSQLDatabase.connect(
                location, logger: logger, acquireTimeout: acquireTimeout, operationTimeout: operationTimeout)
            logger.info(
                "database open",
                metadata: [
                    "engine": "postgres", "url": "\(location.redacted)", "synchronous_commit": "\(postgres.synchronousCommit)",
                ])
            database = postgres
        } else {
            try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
            let path = sqlitePath(in: dataDirectory)
            let sqlite = try await SQLiteDatabase.open(path: path, logger: logger)
            logger.info(
                "database open",
                metadata: [
                    "engine": "sqlite", "path": "\(path)", "journal_mode": "\(sqlite.settings.journalMode)",
                    "synchronous": "\(sqlite.settings.synchronous == 2 ? "FULL" : String(sqlite.settings.synchronous))",
                ])
            database = sqlite
        }
        guard migrate else { return database }
        do {
            try await Migrator.migrate(database, logger: logger)
        } catch {
            try? await database.close()
            throw error
        }
        return database
    }
}
