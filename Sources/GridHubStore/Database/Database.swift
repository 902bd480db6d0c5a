import SQLKit

/// The database GridHub runs on: SQLite embedded by default (PostgreSQL for a city comes next).
///
/// All writes go through ``write(_:)``: one transaction, all or nothing, committed durably before
/// it returns — so a 2xx answer always means committed.
public protocol Database: Sendable {
    /// Which SQL flavour this is, for the few statements where the engines differ.
    var flavor: SQLFlavor { get }
    /// Runs `body` in one write transaction; rolls back if it throws.
    func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` on a connection that sees the latest committed state.
    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Closes every connection.
    func close() async throws
}

/// Where the two engines' SQL differs, the difference lives here.
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
