import Foundation
import GridHubStore
import SQLKit

/// Rows written in bulk (the scale generator), rendered once as the engine reads them fastest:
/// on SQLite, multi-row `INSERT`s with the values as literals (binding each value through the
/// driver costs more than SQLite spends parsing it); on PostgreSQL, the text of a
/// `COPY … FROM STDIN` (one stream a table, no statement to parse or plan a row).
struct BulkRows {
    enum Value {
        case int(Int64?)
        case text(String?)
        case real(Double)
        case bool(Bool)
    }

    enum Format {
        /// Multi-row `INSERT … VALUES`, standard SQL quoting (both engines read it).
        case inserts
        /// PostgreSQL's COPY text format: tab-separated, `\N` for NULL, backslash escapes.
        case copy
    }

    let table: String
    let columns: [String]
    let format: Format
    /// Rows per statement: large enough to amortise a statement, small enough to stay cheap to parse.
    let rowsPerStatement = 500
    private(set) var statements: [String] = []
    /// The COPY text so far (``Format/copy``).
    private(set) var copyText = ""
    private var current = ""
    private var rowsInCurrent = 0

    init(table: String, columns: [String], format: Format) {
        self.table = table
        self.columns = columns
        self.format = format
    }

    mutating func add(_ values: [Value]) {
        precondition(values.count == columns.count, "\(table): \(values.count) values for \(columns.count) columns")
        switch format {
        case .copy:
            for (i, v) in values.enumerated() {
                if i > 0 { copyText += "\t" }
                Self.copy(v, to: &copyText)
            }
            copyText += "\n"
        case .inserts:
            if rowsInCurrent == 0 {
                current = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
            } else {
                current += ", "
            }
            current += "("
            for (i, v) in values.enumerated() {
                if i > 0 { current += ", " }
                Self.literal(v, to: &current)
            }
            current += ")"
            rowsInCurrent += 1
            if rowsInCurrent == rowsPerStatement { finishStatement() }
        }
    }

    /// Writes every row in the caller's transaction: the inserts on `sql` (each followed by `suffix`,
    /// an `ON CONFLICT …` clause), or the COPY text through `copy`.
    mutating func run(on sql: any SQLDatabase, copy: PostgresBulkCopy?, suffix: String = "") async throws {
        switch format {
        case .copy:
            guard let copy else { preconditionFailure("\(table): COPY rows need a PostgreSQL connection") }
            guard !copyText.isEmpty else { return }
            try await copy.rows(into: table, columns: columns, text: copyText)
            copyText = ""
        case .inserts:
            finishStatement()
            for statement in statements {
                try await sql.execute(sql: SQLRaw(statement + suffix)) { _ in }
            }
            statements = []
        }
    }

    private mutating func finishStatement() {
        guard rowsInCurrent > 0 else { return }
        statements.append(current)
        current = ""
        rowsInCurrent = 0
    }

    static func literal(_ value: Value, to s: inout String) {
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

    static func copy(_ value: Value, to s: inout String) {
        switch value {
        case .int(let n?): s += String(n)
        case .real(let d): s += d.isFinite ? "\(d)" : "\\N"
        case .bool(let b): s += b ? "t" : "f"
        case .text(let t?):
            guard t.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
                s += t
                return
            }
            for scalar in t.unicodeScalars {
                switch scalar {
                case "\\": s += "\\\\"
                case "\t": s += "\\t"
                case "\n": s += "\\n"
                case "\r": s += "\\r"
                default: s.unicodeScalars.append(scalar)
                }
            }
        case .int(nil), .text(nil): s += "\\N"
        }
    }
}
