import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit

/// A ``SQLiteHandle`` as SQLKit's database, so every store keeps its one SQLKit query for both
/// engines. Values are converted by SQLiteKit's own encoder and decoder, so what is written and read
/// back is exactly what SQLiteNIO wrote and read.
struct SQLiteDirect: SQLDatabase {
    let handle: SQLiteHandle
    let logger: Logger

    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
    var dialect: any SQLDialect { SQLiteTrustedDialect() }
    var queryLogLevel: Logger.Level? { nil }

    private static let encoder = SQLiteDataEncoder()

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try run(query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        do {
            try run(query, onRow)
            return eventLoop.makeSucceededFuture(())
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    private func run(_ query: any SQLExpression, _ onRow: (any SQLRow) -> Void) throws {
        let (sql, binds) = serialize(query)
        try handle.execute(sql, binds.map { try Self.encoder.encode($0) }) { onRow(SQLiteDirectRow(row: $0)) }
    }
}

/// A result row for SQLKit, decoded by SQLiteKit's decoder.
private struct SQLiteDirectRow: SQLRow {
    let row: SQLiteResultRow

    private static let decoder = SQLiteDataDecoder()

    var allColumns: [String] { row.columns.names }

    func contains(column: String) -> Bool { row.columns.positions[column] != nil }

    func decodeNil(column: String) throws -> Bool { (row.value(column) ?? .null) == .null }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let value = row.value(column) else {
            throw DecodingError.keyNotFound(
                SQLiteColumnKey(stringValue: column), .init(codingPath: [], debugDescription: "No column \(column) in the row."))
        }
        return try Self.decoder.decode(D.self, from: value)
    }
}

private struct SQLiteColumnKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
