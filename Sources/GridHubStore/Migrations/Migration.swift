import Foundation
import Logging
import SQLKit

/// One numbered, forward-only schema step. Applied once, in order, each in its own transaction,
/// and recorded in `schema_migrations`.
public struct Migration: Sendable {
    public var version: Int
    public var name: String
    /// Statements; `$ID` stands for the engine's auto-increment primary key column.
    public var statements: [String]
}

/// Applies the migrations a database has not seen yet.
public enum Migrator {
    /// Every migration GridHub has, in order.
    public static let all: [Migration] = [
        Schema.v1, Schema.v2, Schema.v3, Schema.v4, Schema.v5, Schema.v6, Schema.v7, Schema.v8, Schema.v9, Schema.v10,
        Schema.v11, Schema.v12, Schema.v13, Schema.v14, Schema.v15, Schema.v16, Schema.v17, Schema.v18,
    ]

    /// Applies pending migrations; returns the versions applied now.
    @discardableResult
    public static func migrate(_ database: any Database, logger: Logger) async throws -> [Int] {
        try await database.write { sql in
            try await sql.raw(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                  version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)
                """
            ).run()
        }
        let applied = try await appliedVersions(database)
        var done = [Int]()
        for migration in all where !applied.contains(migration.version) {
            let flavor = database.flavor
            try await database.write { sql in
                for statement in migration.statements {
                    let text = statement.replacingOccurrences(of: "$ID", with: flavor.idColumn)
                    try await sql.raw(SQLQueryString(text)).run()
                }
                try await sql.insert(into: "schema_migrations")
                    .columns("version", "name", "applied_at")
                    .values(SQLBind(migration.version), SQLBind(migration.name), SQLBind(StoredTime.millis(Date())))
                    .run()
            }
            logger.info("migration applied", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            done.append(migration.version)
        }
        return done
    }

    public static func appliedVersions(_ database: any Database) async throws -> Set<Int> {
        try await database.read { sql in
            let rows = try await sql.select().column("version").from("schema_migrations").all()
            return Set(try rows.map { try $0.decode(column: "version", as: Int.self) })
        }
    }
}
