import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO

/// The embedded engine: one SQLite file in WAL mode with `synchronous=FULL`, so a committed
/// transaction survives power loss. One writer connection, fed by group commit (``GroupCommit``):
/// writes that arrive together share one transaction and one fsync. Readers on their own
/// connections see the last commit and never wait for the writer.
public final class SQLiteDatabase: Database {
    public let flavor = SQLFlavor.sqlite
    public let path: String
    private let writer: SQLiteConnection
    private let readers: [SQLiteConnection]
    private let nextReader = NIOLockedValueBox(0)
    private let group: GroupCommit
    private let logger: Logger

    /// The durability settings read back from the file after opening.
    public struct Settings: Sendable, Equatable {
        public var journalMode: String
        /// 2 is FULL.
        public var synchronous: Int
    }

    public let settings: Settings

    /// The writer's own thread for SQLite calls and its own event loop for their answers: a write
    /// transaction is a chain of statements, and on the shared pool each would wait behind the reads
    /// of every request in flight. (Shared by every database the process opens; tests open many.)
    static let writerPool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        return pool
    }()
    static let writerLoop = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    /// Opens (creating if needed) the database file and applies the durability settings.
    public static func open(path: String, readers: Int = 2, logger: Logger) async throws -> SQLiteDatabase {
        let writer = try await SQLiteConnection.open(
            storage: .file(path: path), threadPool: Self.writerPool, logger: logger, on: Self.writerLoop.next())
        var readerConnections = [SQLiteConnection]()
        do {
            try await configure(writer, logger: logger, isWriter: true)
            for _ in 0..<max(1, readers) {
                let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
                try await configure(reader, logger: logger, isWriter: false)
                readerConnections.append(reader)
            }
        } catch {
            try? await writer.close()
            for r in readerConnections { try? await r.close() }
            throw error
        }
        let settings = try await readSettings(writer)
        return SQLiteDatabase(path: path, writer: writer, readers: readerConnections, settings: settings, logger: logger)
    }

    private init(
        path: String, writer: SQLiteConnection, readers: [SQLiteConnection], settings: Settings, logger: Logger
    ) {
        self.path = path
        self.settings = settings
        self.writer = writer
        self.readers = readers
        self.logger = logger
        self.group = GroupCommit(connection: writer.sql(), logger: logger)
    }

    private static func configure(_ connection: SQLiteConnection, logger: Logger, isWriter: Bool) async throws {
        let sql = connection.sql()
        if isWriter {
            try await sql.raw("PRAGMA journal_mode=WAL").run()
        }
        try await sql.raw("PRAGMA synchronous=FULL").run()
        try await sql.raw("PRAGMA foreign_keys=ON").run()
        try await sql.raw("PRAGMA busy_timeout=5000").run()
        // Savepoints' sub-journals (group commit) and sorts stay in memory, not in temporary files.
        try await sql.raw("PRAGMA temp_store=MEMORY").run()
        // 32 MiB of pages a connection (default 2): a work list or a month of a street is hundreds of
        // scattered rows, read from memory instead of one system call a page.
        try await sql.raw("PRAGMA cache_size=-32768").run()
    }

    private static func readSettings(_ writer: SQLiteConnection) async throws -> Settings {
        let sql = writer.sql()
        let mode = try await sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
        let sync = try await sql.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self)
        return Settings(journalMode: mode ?? "?", synchronous: sync ?? -1)
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await group.write(body)
    }

    /// Write transactions so far and the writes they carried: with group commit, fewer transactions than writes.
    public var commitTotals: (transactions: Int, writes: Int) { group.totals }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let index = nextReader.withLockedValue { value in
            value = (value + 1) % readers.count
            return value
        }
        return try await body(readers[index].sql())
    }

    public func close() async throws {
        await group.close()
        try await writer.close()
        for reader in readers { try await reader.close() }
    }
}
