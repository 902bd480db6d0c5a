import GridHubCore
import SQLKit

extension SQLDatabase {
    /// Inserts one row (snake_case columns from the record's properties) and returns its new id.
    func insertReturningID(into table: String, _ row: some Encodable & Sendable) async throws -> Int64 {
        let inserted = try await insert(into: table)
            .model(row, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .default)  // a nil id is left to the engine
            .returning("id")
            .first()
        guard let id = try inserted?.decode(column: "id", as: Int64.self) else {
            throw GridHubError(.unavailable, "insert_failed", "The database did not return the new \(table) id.")
        }
        return id
    }

    /// Inserts one row without reading anything back.
    func insertRow(into table: String, _ row: some Encodable & Sendable) async throws {
        try await insert(into: table)
            .model(row, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .default)  // a nil id is left to the engine
            .run()
    }
}

extension SQLQueryFetcher {
    /// All rows decoded from snake_case columns.
    func rows<D: Decodable>(_ type: D.Type) async throws -> [D] {
        try await all(decoding: D.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// The first row decoded from snake_case columns.
    func row<D: Decodable>(_ type: D.Type) async throws -> D? {
        try await first(decoding: D.self, keyDecodingStrategy: .convertFromSnakeCase)
    }
}
