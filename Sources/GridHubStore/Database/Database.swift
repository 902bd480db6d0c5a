import Logging
import SQLKit

/// The database GridHub runs on: SQLite embedded by default, PostgreSQL for a city.
///
/// All writes go through ``write(_:)``: one transaction, all or nothing, committed durably before
/// it returns — so a 2xx answer always means committed.
public protocol Database: Sendable {
    /// Which SQL flavour this is, for the few statements where the engines differ.
    var flavor: SQLFlavor { get }
    /// Runs `body` in one write transaction; rolls back if it throws.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` on a connection that sees the latest committed state.
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Closes every connection.
    func close() async throws
}

extension Database {
    /// Refreshes the statistics the query planner chooses indexes by. SQLite has none until asked
    /// (without them it would scan a city's open cases for one department's queue); `analysis_limit`
    /// bounds the work to a sample of each index, milliseconds at any size. PostgreSQL's autovacuum
    /// keeps its own.
    public func refreshStatistics() async throws {
        guard flavor == .sqlite else { return }
        try await write { sql in
            try await sql.raw("PRAGMA analysis_limit=400").run()
            try await sql.raw("ANALYZE").run()
        }
    }
}

/// Where the two engines' SQL differs, the difference lives here.
///
/// SQLite has one writer: a write transaction already excludes every other, so the locks below are
/// no-ops there. PostgreSQL runs transactions side by side (READ COMMITTED), from several GridHub
/// instances at once, so whatever two of them could both decide on is locked first.
public enum SQLFlavor: String, Sendable {
    case sqlite
    case postgres

    /// The auto-incrementing 64-bit primary key column type.
    var idColumn: String {
        switch self {
        case .sqlite: "INTEGER PRIMARY KEY"
        case .postgres: "BIGSERIAL PRIMARY KEY"
        }
    }
}

extension SQLDatabase {
    /// Runs `body` between `begin` and `COMMIT` on this one connection; rolls back if it throws.
    func transaction<T: Sendable>(begin: String, logger: Logger, _ body: (any SQLDatabase) async throws -> T)
        async throws -> T
    {
        try await raw(SQLQueryString(begin)).run()
        do {
            let value = try await body(self)
            try await raw("COMMIT").run()
            return value
        } catch {
            do { try await raw("ROLLBACK").run() } catch {
                logger.warning("rollback failed", metadata: ["error": "\(error)"])  // the connection is gone
            }
            throw error
        }
    }

    /// The flavour of the engine behind this connection.
    var flavor: SQLFlavor { dialect.name == "postgresql" ? .postgres : .sqlite }

    /// Holds a lock named `key` until the transaction ends, so that deciding "is there already one?"
    /// and acting on the answer cannot interleave with another transaction doing the same.
    func serialize(on key: String) async throws {
        guard flavor == .postgres else { return }
        try await raw("SELECT pg_advisory_xact_lock(hashtextextended(\(bind: key), 0))").run()
    }

    /// Rows of `select` that no other transaction holds, locked for this one (`FOR UPDATE SKIP
    /// LOCKED`): a queue several instances take work from, each row by exactly one.
    func claiming(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
        guard flavor == .postgres else { return select }
        return select.lockingClause(SQLRaw("FOR UPDATE SKIP LOCKED"))
    }

    /// Every table of the schema, with the tables its foreign keys reference.
    func tableReferences() async throws -> [String: Set<String>] {
        let rows =
            switch flavor {
            case .sqlite:
                try await raw(
                    """
                    SELECT m.name AS table_name, f."table" AS referenced FROM sqlite_master m
                    LEFT JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
                    """
                ).all()
            case .postgres:
                try await raw(
                    """
                    SELECT t.table_name AS table_name, u.table_name AS referenced FROM information_schema.tables t
                    LEFT JOIN information_schema.table_constraints c ON c.table_schema = t.table_schema
                      AND c.table_name = t.table_name AND c.constraint_type = 'FOREIGN KEY'
                    LEFT JOIN information_schema.constraint_column_usage u ON u.constraint_schema = c.constraint_schema
                      AND u.constraint_name = c.constraint_name
                    WHERE t.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
                    """
                ).all()
            }
        var references: [String: Set<String>] = [:]
        for row in rows {
            let table = try row.decode(column: "table_name", as: String.self)
            references[table, default: []].formUnion([try row.decode(column: "referenced", as: String?.self)].compactMap { $0 })
        }
        return references
    }

    /// Each column's name and declared type, in table order, upper-cased (`BIGINT`, `TEXT`, …).
    func columnTypes(of table: String) async throws -> [(name: String, type: String)] {
        let rows =
            switch flavor {
            case .sqlite: try await raw("SELECT name, type FROM pragma_table_info(\(bind: table)) ORDER BY cid").all()
            case .postgres:
                try await raw(
                    """
                    SELECT column_name AS name, data_type AS type FROM information_schema.columns
                    WHERE table_schema = current_schema() AND table_name = \(bind: table) ORDER BY ordinal_position
                    """
                ).all()
            }
        return try rows.map {
            (try $0.decode(column: "name", as: String.self), try $0.decode(column: "type", as: String.self).uppercased())
        }
    }

    /// After rows were inserted with their ids (an import), the next generated id must follow them.
    /// SQLite takes the next id after the largest; PostgreSQL's sequence has to be told.
    package func resumeIDs(of table: String) async throws {
        guard flavor == .postgres else { return }
        try await raw(
            """
            SELECT setval(pg_get_serial_sequence(\(bind: table), 'id'), COALESCE(MAX(id), 0) + 1, false)
            FROM \(ident: table)
            """
        ).run()
    }
}
