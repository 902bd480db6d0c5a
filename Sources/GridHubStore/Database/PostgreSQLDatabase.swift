import Foundation
import GridHubCore
import Logging
import NIOConcurrencyHelpers
import PostgresKit
import PostgresNIO
import SQLKit

/// The shared engine for a city: PostgreSQL through PostgresNIO's `PostgresClient` pool. Several
/// GridHub instances may use one database; rows they could both touch are locked inside the
/// transaction (`FOR UPDATE`, advisory locks, `SKIP LOCKED` claims — see ``SQLFlavor``).
///
/// Durability is the server's `synchronous_commit=on`, checked at start: `COMMIT` returns after
/// the WAL is flushed, so a 2xx still means committed.
public final class PostgreSQLDatabase: Database {
    public let flavor = SQLFlavor.postgres
    public let location: PostgresLocation
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger
    /// How long a request waits for a pooled connection before it is answered 503.
    private let acquireTimeout: Duration
    /// How long one transaction may take before its caller is answered 503 (the client retries with
    /// its Idempotency-Key; a move that did commit then answers 409 with the state it reached).
    /// The server sets it; commands that move a whole district (import) do not.
    private let operationTimeout: Duration?
    public let synchronousCommit: String

    /// Connects, checks the server answers and reads its durability setting. A wrong URL, refused
    /// connection, unknown database or bad password fails here with a clear message, within
    /// `connectTimeout`.
    public static func connect(
        _ location: PostgresLocation, logger: Logger, connectTimeout: Duration = .seconds(10),
        acquireTimeout: Duration = .seconds(5), operationTimeout: Duration? = nil
    ) async throws -> PostgreSQLDatabase {
        var configuration = location.clientConfiguration
        configuration.options.connectTimeout = connectTimeout
        try await probe(location, configuration: configuration, timeout: connectTimeout, logger: logger)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let runner = Task { await client.run() }
        let database = PostgreSQLDatabase(
            location: location, client: client, runner: runner, logger: logger, acquireTimeout: acquireTimeout,
            operationTimeout: operationTimeout, synchronousCommit: "?")
        do {
            let setting = try await database.read { sql in
                try await sql.raw("SHOW synchronous_commit").first()?.decode(column: "synchronous_commit", as: String.self)
            }
            guard setting == "on" || setting == "remote_apply" || setting == "remote_write" else {
                throw GridHubError(
                    .unavailable, "not_durable",
                    "PostgreSQL has synchronous_commit=\(setting ?? "?"); GridHub needs it on, so that a 2xx means committed.")
            }
            return PostgreSQLDatabase(
                location: location, client: client, runner: runner, logger: logger, acquireTimeout: acquireTimeout,
                operationTimeout: operationTimeout, synchronousCommit: setting ?? "on")
        } catch {
            runner.cancel()
            throw error
        }
    }

    private init(
        location: PostgresLocation, client: PostgresClient, runner: Task<Void, Never>, logger: Logger,
        acquireTimeout: Duration, operationTimeout: Duration?, synchronousCommit: String
    ) {
        self.location = location
        self.client = client
        self.runner = runner
        self.logger = logger
        self.acquireTimeout = acquireTimeout
        self.operationTimeout = operationTimeout
        self.synchronousCommit = synchronousCommit
    }

    /// One direct connection before the pool starts, so start-up errors are the server's own words.
    private static func probe(
        _ location: PostgresLocation, configuration: PostgresClient.Configuration, timeout: Duration, logger: Logger
    ) async throws {
        do {
            try await Deadline.run(within: timeout) { begin in
                guard begin() else { throw Deadline.Expired() }
                let connection = try await PostgresConnection.connect(
                    configuration: try location.connectionConfiguration(), id: 0, logger: logger)
                try await connection.close()
            }
        } catch is Deadline.Expired {
            throw GridHubError(
                .unavailable, "database_unreachable",
                "PostgreSQL at \(location.redacted) did not answer within \(timeout).")
        } catch {
            throw GridHubError(
                .unavailable, "database_unreachable",
                "Cannot use PostgreSQL at \(location.redacted): \(PostgresFaults.describe(error))")
        }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let logger = logger
        return try await withConnection { connection in
            try await connection.sql().transaction(begin: "BEGIN", logger: logger, body)
        }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await withConnection { connection in try await body(connection.sql()) }
    }

    /// One write transaction with a `COPY … FROM STDIN` channel on the same connection beside its
    /// SQL: the bulk path (the scale generator writes a city's year this way).
    package func writeBulk<T: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase, PostgresBulkCopy) async throws -> T
    ) async throws -> T {
        let logger = logger
        return try await withConnection { connection in
            try await connection.sql().transaction(begin: "BEGIN", logger: logger) { sql in
                try await body(sql, PostgresBulkCopy(connection: connection, logger: logger))
            }
        }
    }

    /// A pooled connection for `body`; connection faults and a pool that cannot hand one out in time
    /// become 503 with a retry hint. An error after `COMMIT` was sent cannot be told from one before,
    /// so the client retries with its Idempotency-Key and gets the stored answer if it did commit.
    private func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T
    {
        let client = client
        do {
            return try await Deadline.run(within: acquireTimeout, total: operationTimeout) { begin in
                try await client.withConnection { connection in
                    guard begin() else { throw Deadline.Expired() }  // the caller was already answered 503
                    return try await body(connection)
                }
            }
        } catch is Deadline.Expired {
            logger.warning(
                "no database connection within \(acquireTimeout), or the transaction outlasted \(operationTimeout.map { "\($0)" } ?? "-")",
                metadata: ["url": "\(location.redacted)"])
            throw PostgresFaults.unavailable
        } catch {
            let translated = PostgresFaults.translate(error)
            if (translated as? GridHubError)?.kind == .unavailable {
                logger.warning("database unavailable", metadata: ["error": "\(String(reflecting: error))"])
            }
            throw translated
        }
    }

    /// Stops the pool; waits for it to wind down, but not forever (connections cut by a server
    /// restart can leave it waiting on sockets that never answer).
    public func close() async throws {
        runner.cancel()
        let runner = runner
        _ = try? await Deadline.run(within: .seconds(5)) { _ in await runner.value }
    }
}

/// Rows streamed into a table with `COPY … FROM STDIN` on a transaction's connection.
package struct PostgresBulkCopy: Sendable {
    let connection: PostgresConnection
    let logger: Logger

    /// Sends `text` (COPY's text format: a line a row, tab-separated, `\N` for NULL) into `table`'s
    /// `columns`. The names are the caller's own constants, never input.
    package func rows(into table: String, columns: [String], text: String) async throws {
        try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
            try await writer.write(ByteBuffer(string: text))
        }
    }
}
