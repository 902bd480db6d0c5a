import NIOCore
import SQLiteNIO
import VaporCSQLite

/// One SQLite connection called directly on the caller's thread, its prepared statements kept by
/// their SQL text. SQLiteNIO runs every statement on a thread pool and answers on an event loop — two
/// thread hops a statement — and prepares each anew; a report's write is about nine statements, so
/// those costs, not SQLite's, bounded intake. Here a statement is a dictionary lookup, a reset and a
/// step.
///
/// Not thread-safe by itself: one task uses a handle at a time (the group-commit writer owns its
/// handle; readers are checked out of ``SQLiteReaderPool``), hence `@unchecked Sendable`.
final class SQLiteHandle: @unchecked Sendable {
    private let raw: OpaquePointer
    private var statements: [String: Prepared] = [:]
    private var isOpen = true

    /// A statement and the names of its result columns, kept across executions.
    private final class Prepared {
        let statement: OpaquePointer
        var columns: SQLiteColumns

        init(statement: OpaquePointer) {
            self.statement = statement
            self.columns = SQLiteColumns(statement)
        }
    }

    /// More distinct statements than this (multi-row inserts of every size, long `IN` lists) and
    /// the cache starts again rather than grow without bound.
    static let cacheLimit = 512

    init(path: String) throws {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let code = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "out of memory"
            if let handle { sqlite_nio_sqlite3_close_v2(handle) }
            throw SQLiteFault(code: code, message: "cannot open \(path): \(message)")
        }
        raw = handle
        // The query planner's stability guarantee: a cached statement keeps its plan whatever is bound.
        // Without it SQLite re-prepares a statement whenever a bound value might change the plan — a
        // department's work list (an IN list of states beside a UNION) was re-prepared on every request.
        var enabled: Int32 = 0
        _ = sqliteDBConfig(handle, SQLITE_DBCONFIG_ENABLE_QPSG, 1, &enabled)
    }

    deinit { close() }

    /// Finalises every statement and closes the connection (idempotent).
    func close() {
        guard isOpen else { return }
        isOpen = false
        for prepared in statements.values { sqlite_nio_sqlite3_finalize(prepared.statement) }
        statements.removeAll()
        sqlite_nio_sqlite3_close_v2(raw)
    }

    /// Runs one statement with its binds, handing each result row to `onRow` as it is stepped.
    func execute(_ sql: String, _ binds: [SQLiteData], onRow: (SQLiteResultRow) throws -> Void) throws {
        let prepared = try statement(for: sql)
        let statement = prepared.statement
        defer {
            sqlite_nio_sqlite3_reset(statement)
            sqlite_nio_sqlite3_clear_bindings(statement)
        }
        try bind(binds, to: statement)
        while true {
            let code = sqlite_nio_sqlite3_step(statement)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw fault(code) }
            if prepared.columns.count != Int(sqlite_nio_sqlite3_column_count(statement)) {
                prepared.columns = SQLiteColumns(statement)  // re-prepared after a schema change
            }
            try onRow(SQLiteResultRow(columns: prepared.columns, values: values(of: statement, count: prepared.columns.count)))
        }
    }

    /// Whether the planner's stability guarantee is on (it is, from ``init(path:)``).
    var plannerIsStable: Bool {
        var enabled: Int32 = 0
        _ = sqliteDBConfig(raw, SQLITE_DBCONFIG_ENABLE_QPSG, -1, &enabled)
        return enabled == 1
    }

    /// Runs a statement that returns no rows (a pragma, BEGIN, COMMIT).
    func run(_ sql: String) throws {
        try execute(sql, []) { _ in }
    }

    private func statement(for sql: String) throws -> Prepared {
        if let cached = statements[sql] { return cached }
        var statement: OpaquePointer?
        let code = sqlite_nio_sqlite3_prepare_v3(raw, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK else { throw fault(code) }
        guard let statement else { throw SQLiteFault(code: SQLITE_MISUSE, message: "empty statement: \(sql)") }
        if statements.count >= Self.cacheLimit {
            for prepared in statements.values { sqlite_nio_sqlite3_finalize(prepared.statement) }
            statements.removeAll(keepingCapacity: true)
        }
        let prepared = Prepared(statement: statement)
        statements[sql] = prepared
        return prepared
    }

    private func bind(_ binds: [SQLiteData], to statement: OpaquePointer) throws {
        for (offset, value) in binds.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .integer(let number): code = sqlite_nio_sqlite3_bind_int64(statement, index, Int64(number))
            case .float(let number): code = sqlite_nio_sqlite3_bind_double(statement, index, number)
            case .text(let text):
                var text = text
                code = text.withUTF8 {
                    sqlite_nio_sqlite3_bind_text64(
                        statement, index, $0.baseAddress, UInt64($0.count), Self.transient, UInt8(SQLITE_UTF8))
                }
            case .blob(let buffer):
                code = buffer.withUnsafeReadableBytes {
                    sqlite_nio_sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), Self.transient)
                }
            case .null: code = sqlite_nio_sqlite3_bind_null(statement, index)
            }
            guard code == SQLITE_OK else { throw fault(code) }
        }
    }

    private func values(of statement: OpaquePointer, count: Int) -> [SQLiteData] {
        var values = [SQLiteData]()
        values.reserveCapacity(count)
        for column in 0..<Int32(count) {
            switch sqlite_nio_sqlite3_column_type(statement, column) {
            case SQLITE_INTEGER: values.append(.integer(SQLiteInt64(sqlite_nio_sqlite3_column_int64(statement, column))))
            case SQLITE_FLOAT: values.append(.float(sqlite_nio_sqlite3_column_double(statement, column)))
            case SQLITE_TEXT:
                let length = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
                let text = sqlite_nio_sqlite3_column_text(statement, column).map {
                    String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
                }
                values.append(.text(text ?? ""))
            case SQLITE_BLOB:
                let length = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
                var buffer = ByteBufferAllocator().buffer(capacity: length)
                if let bytes = sqlite_nio_sqlite3_column_blob(statement, column) {
                    buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: length))
                }
                values.append(.blob(buffer))
            default: values.append(.null)
            }
        }
        return values
    }

    private func fault(_ code: Int32) -> SQLiteFault {
        SQLiteFault(code: code, message: String(cString: sqlite_nio_sqlite3_errmsg(raw)))
    }

    /// SQLite copies the bound bytes (they live only for the call).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// The result columns of a statement: names in order, and each name's first position.
final class SQLiteColumns: Sendable {
    let names: [String]
    let positions: [String: Int]
    var count: Int { names.count }

    init(_ statement: OpaquePointer) {
        let count = Int(sqlite_nio_sqlite3_column_count(statement))
        names = (0..<Int32(count)).map { sqlite_nio_sqlite3_column_name(statement, $0).map { String(cString: $0) } ?? "" }
        var positions: [String: Int] = [:]
        for (position, name) in names.enumerated() where positions[name] == nil { positions[name] = position }
        self.positions = positions
    }
}

/// One result row, its values copied out of the statement.
struct SQLiteResultRow: Sendable {
    let columns: SQLiteColumns
    let values: [SQLiteData]

    func value(_ column: String) -> SQLiteData? {
        columns.positions[column].map { values[$0] }
    }
}

/// An error SQLite returned: its (extended) result code and message.
struct SQLiteFault: Error, CustomStringConvertible {
    let code: Int32
    let message: String

    var description: String { "SQLite error \(code): \(message)" }
}

/// `sqlite3_db_config` is variadic, which Swift does not import. Its `(int, int*)` options are called
/// through this fixed prototype: on the System V x86-64 and AArch64 Linux ABIs GridHub runs on, those
/// arguments travel in the same registers either way.
@_silgen_name("sqlite_nio_sqlite3_db_config")
private func sqliteDBConfig(_ db: OpaquePointer, _ op: Int32, _ value: Int32, _ result: UnsafeMutablePointer<Int32>?) -> Int32
