import Foundation
import Logging
import SQLKit
import SQLiteNIO

/// The embedded engine: one SQLite file in WAL mode with `synchronous=FULL`, so a committed
/// transaction survives power loss. One writer connection, fed by group commit (``GroupCommit``):
/// writes that arrive together share one transaction and one fsync. Readers on their own
/// connections see the last commit and never wait for the writer. Every connection is called
/// directly on its caller's thread with its statements prepared once (``SQLiteHandle``).
public final class SQLiteDatabase: Database {
    public let flavor = SQLFlavor.sqlite
    public let path: String
    private let writer: SQLiteHandle
    private let readers: SQLiteReaderPool
    private let group: GroupCommit
    private let logger: Logger

    /// The durability settings read back from the file after opening.
    public struct Settings: Sendable, Equatable {
        public var journalMode: String
        /// 2 is FULL.
        public var synchronous: Int
    }

    public let settings: Settings

    /// Opens (creating if needed) the database file and applies the durability settings. `readers`
    /// bounds the read connections open at once.
    public static func open(path: String, readers: Int = 4, logger: Logger) async throws -> SQLiteDatabase {
        let writer = try SQLiteHandle(path: path)
        do {
            try configure(writer, isWriter: true)
            let settings = try readSettings(writer)
            let pool = SQLiteReaderPool(limit: readers) {
                let reader = try SQLiteHandle(path: path)
                try configure(reader, isWriter: false)
                return reader
            }
            return SQLiteDatabase(path: path, writer: writer, readers: pool, settings: settings, logger: logger)
        } catch {
            writer.close()
            throw error
        }
    }

    private init(path: String, writer: SQLiteHandle, readers: SQLiteReaderPool, settings: Settings, logger: Logger) {
        self.path = path
        self.settings = settings
        self.writer = writer
        self.readers = readers
        self.logger = logger
        self.group = GroupCommit(connection: SQLiteDirect(handle: writer, logger: logger), logger: logger)
    }

    private static func configure(_ connection: SQLiteHandle, isWriter: Bool) throws {
        if isWriter {
            try connection.run("PRAGMA journal_mode=WAL")
        }
        try connection.run("PRAGMA synchronous=FULL")
        try connection.run("PRAGMA foreign_keys=ON")
        try connection.run("PRAGMA busy_timeout=5000")
        // Savepoints' sub-journals (group commit) and sorts stay in memory, not in temporary files.
        try connection.run("PRAGMA temp_store=MEMORY")
        // 32 MiB of pages a connection (default 2): a work list or a month of a street is hundreds of
        // scattered rows, read from memory instead of one system call a page.
        try connection.run("PRAGMA cache_size=-32768")
    }

    private static func readSettings(_ writer: SQLiteHandle) throws -> Settings {
        var settings = Settings(journalMode: "?", synchronous: -1)
        try writer.execute("PRAGMA journal_mode", []) { settings.journalMode = $0.values.first?.string ?? "?" }
        try writer.execute("PRAGMA synchronous", []) { settings.synchronous = ($0.values.first?.integer).map { Int($0) } ?? -1 }
        return settings
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await group.write(body)
    }

    /// Write transactions so far and the writes they carried: with group commit, fewer transactions than writes.
    public var commitTotals: (transactions: Int, writes: Int) { group.totals }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let logger = self.logger
        return try await readers.with { try await body(SQLiteDirect(handle: $0, logger: logger)) }
    }

    public func close() async throws {
        await group.close()
        writer.close()
        readers.close()
    }
}
