import SQLKit

extension PostgreSQLDatabase {
    /// Drops the secondary indexes of `tables` (not those behind a primary key or unique
    /// constraint, which the rows must still satisfy) and returns their definitions, for
    /// ``restoreIndexes(_:)``: a city's millions of rows then cost one sorted build an index instead of
    /// millions of scattered inserts into it. Only for a bulk load with the server stopped — until the
    /// indexes are back, queries that need them scan.
    package func setAsideIndexes(of tables: [String]) async throws -> [String] {
        try await write { sql in
            let rows = try await sql.raw(
                """
                SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
                FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
                WHERE t.relnamespace = current_schema()::regnamespace AND t.relname IN (\(binds: tables))
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                ORDER BY 1
                """
            ).all()
            var definitions: [String] = []
            for row in rows {
                try await sql.raw("DROP INDEX \(ident: try row.decode(column: "name", as: String.self))").run()
                definitions.append(try row.decode(column: "definition", as: String.self))
            }
            return definitions
        }
    }

    /// Builds the indexes ``setAsideIndexes(of:)`` dropped, from their definitions (PostgreSQL's own).
    package func restoreIndexes(_ definitions: [String]) async throws {
        for definition in definitions {
            try await write { sql in
                try await sql.raw("SET LOCAL maintenance_work_mem = '1GB'").run()
                try await sql.raw(SQLQueryString(definition)).run()
            }
        }
    }
}
