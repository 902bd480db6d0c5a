import Foundation
import SQLKit

/// Rows for a multi-row INSERT with their values written into the SQL as literals: the bulk path
/// (the scale generator), where binding each value through the driver costs more than the engine
/// spends parsing it. Text is quoted the standard way, which both engines read the same.
struct LiteralRows {
    enum Value {
        case int(Int64?)
        case text(String?)
        case real(Double)
        case bool(Bool)
    }

    let table: String
    let columns: [String]
    /// Rows per statement: large enough to amortise a statement, small enough to stay cheap to parse.
    let rowsPerStatement = 500
    private(set) var statements: [String] = []
    private var current = ""
    private var rowsInCurrent = 0

    init(table: String, columns: [String]) {
        self.table = table
        self.columns = columns
    }

    mutating func add(_ values: [Value]) {
        precondition(values.count == columns.count, "\(table): \(values.count) values for \(columns.count) columns")
        if rowsInCurrent == 0 {
            current = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        } else {
            current += ", "
        }
        current += "("
        for (i, v) in values.enumerated() {
            if i > 0 { current += ", " }
            Self.write(v, to: &current)
        }
        current += ")"
        rowsInCurrent += 1
        if rowsInCurrent == rowsPerStatement { finishStatement() }
    }

    /// Runs every statement on `sql`, each followed by `suffix` (an `ON CONFLICT …` clause).
    mutating func run(on sql: any SQLDatabase, suffix: String = "") async throws {
        finishStatement()
        for statement in statements {
            try await sql.execute(sql: SQLRaw(statement + suffix)) { _ in }
        }
        statements = []
    }

    private mutating func finishStatement() {
        guard rowsInCurrent > 0 else { return }
        statements.append(current)
        current = ""
        rowsInCurrent = 0
    }

    private static func write(_ value: Value, to s: inout String) {
        switch value {
        case .int(let n?): s += String(n)
        case .real(let d): s += d.isFinite ? "\(d)" : "NULL"
        case .bool(let b): s += b ? "TRUE" : "FALSE"
        case .text(let t?):
            s += "'"
            s += t.utf8.contains(UInt8(ascii: "'")) ? t.replacingOccurrences(of: "'", with: "''") : t
            s += "'"
        case .int(nil), .text(nil): s += "NULL"
        }
    }
}
