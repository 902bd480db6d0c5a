import GridHubCore
import SQLKit

extension SQLDatabase {
    /// Inserts one row (snake_case columns from the record's properties) and returns its new id.
    func insertReturningID(into table: String, _ row: some Encodable & Sendable) async throws -> Int64 {
        let inserted = try await insert(into: table)
            .model(row, keyEncodingStrategy: SQLColumnNames.encoding, nilEncodingStrategy: .default)  // a nil id is left to the engine
            .returning("id")
            .first()
        guard let id = try inserted?.decode(column: "id", as: Int64.self) else {
            throw GridHubError(.unavailable, "insert_failed", "The database did not return the new \(table) id.")
        }
        return id
    }

    /// Inserts many rows, `chunk` a statement, and returns their new ids in the order of `rows`. Both
    /// engines number the rows of one multi-row INSERT in the order of its VALUES (SQLite: rowid max + 1
    /// row by row; PostgreSQL: one nextval a row, in order, increasing within a session), while RETURNING
    /// promises no order: so the returned ids, sorted, are the rows' ids in order.
    func insertReturningIDs(into table: String, columns: [String], _ rows: [[any SQLExpression]], chunk: Int = 100) async throws
        -> [Int64]
    {
        var ids: [Int64] = []
        for start in stride(from: 0, to: rows.count, by: chunk) {
            let part = Array(rows[start..<min(start + chunk, rows.count)])
            let got = try await insert(into: table).columns(columns).rows(part).returning("id").all()
                .map { try $0.decode(column: "id", as: Int64.self) }.sorted()
            guard got.count == part.count else {
                throw GridHubError(
                    .unavailable, "insert_failed", "The database returned \(got.count) ids for \(part.count) new \(table) rows.")
            }
            ids += got
        }
        return ids
    }

    /// Inserts one row without reading anything back.
    func insertRow(into table: String, _ row: some Encodable & Sendable) async throws {
        try await insert(into: table)
            .model(row, keyEncodingStrategy: SQLColumnNames.encoding, nilEncodingStrategy: .default)  // a nil id is left to the engine
            .run()
    }
}

extension SQLQueryFetcher {
    /// All rows decoded from snake_case columns.
    func rows<D: Decodable>(_ type: D.Type) async throws -> [D] {
        if let direct = D.self as? any ColumnDecodable.Type {
            return try await all().map { try Self.decoded(direct, $0) }
        }
        return try await all(decoding: D.self, keyDecodingStrategy: SQLColumnNames.decoding)
    }

    /// The first row decoded from snake_case columns.
    func row<D: Decodable>(_ type: D.Type) async throws -> D? {
        if let direct = D.self as? any ColumnDecodable.Type {
            return try await first().map { try Self.decoded(direct, $0) }
        }
        return try await first(decoding: D.self, keyDecodingStrategy: SQLColumnNames.decoding)
    }

    private static func decoded<D>(_ type: any ColumnDecodable.Type, _ row: any SQLRow) throws -> D {
        guard let value = try type.init(columns: row) as? D else {
            throw GridHubError(.unavailable, "row_type", "A row was read as the wrong type.")  // cannot happen: type is D
        }
        return value
    }
}

/// A row type read column by column, for the rows every request reads (cases, timeline events):
/// Codable with a snake_case key strategy spends most of its time converting key names, about
/// 200 µs for a case row; reading the columns by name directly takes a few.
protocol ColumnDecodable {
    init(columns row: any SQLRow) throws
}

extension SQLRow {
    /// The column's value, or nil when it is NULL.
    func optional<D: Decodable>(_ column: String, as type: D.Type = D.self) throws -> D? {
        try decodeNil(column: column) ? nil : decode(column: column, as: D.self)
    }
}

extension SQLColumn {
    /// `p.started_at` as the column `started_at` of the table (or alias) `p`: SQLKit quotes a plain
    /// string as one identifier, dot included.
    static func dotted(_ name: String) -> SQLColumn {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        return parts.count == 2 ? SQLColumn(parts[1], table: parts[0]) : SQLColumn(name)
    }
}

extension SQLSelectBuilder {
    /// Columns named `alias.column` ("c.id"), each as the aliased table's column.
    @discardableResult
    func qualifiedColumns(_ names: String...) -> Self {
        for name in names {
            let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
            if parts.count == 2 { column(SQLColumn(parts[1], table: parts[0])) } else { column(name) }
        }
        return self
    }
}
