import Foundation
import GridHubCore
import GridHubTestSupport
import SQLKit
import Testing

@testable import GridHubDemo
@testable import GridHubStore

@Suite("Bulk rows for a generated city: literal inserts on SQLite, COPY on PostgreSQL")
struct BulkRowsTests {
    /// Text that needs every escape each format has, and text that needs none.
    static let awkward = "井盖\t松动\n第二行\\反斜杠\r'引号'"

    @Test("COPY text escapes tabs, newlines, carriage returns and backslashes; NULL is \\N")
    func copyText() {
        var rows = BulkRows(table: "t", columns: ["a", "b", "c", "d", "e"], format: .copy)
        rows.add([.int(7), .text(Self.awkward), .text(nil), .bool(true), .real(.nan)])
        rows.add([.int(nil), .text("环卫：垃圾满溢。"), .text(""), .bool(false), .real(1.5)])
        #expect(
            rows.copyText
                == "7\t井盖\\t松动\\n第二行\\\\反斜杠\\r'引号'\t\\N\tt\t\\N\n\\N\t环卫：垃圾满溢。\t\tf\t1.5\n")
    }

    @Test("a literal insert doubles single quotes and writes NULL for nothing")
    func literals() {
        var s = ""
        BulkRows.literal(.text("O'Brien"), to: &s)
        BulkRows.literal(.int(nil), to: &s)
        #expect(s == "'O''Brien'NULL")
    }

    @Test(
        "COPY on a transaction's connection stores awkward text as it was",
        .enabled(if: PostgresServer.url != nil, Comment(rawValue: PostgresServer.skipNote)))
    func copyRoundTrip() async throws {
        try await StoreFixture.with(.postgres) { f async throws in
            let postgres = try #require(f.database as? PostgreSQLDatabase)
            let stored = try await postgres.writeBulk { sql, copy in
                try await sql.raw("CREATE TEMP TABLE bulk_probe (id BIGINT, note TEXT, flag BOOLEAN) ON COMMIT DROP").run()
                var rows = BulkRows(table: "bulk_probe", columns: ["id", "note", "flag"], format: .copy)
                rows.add([.int(1), .text(Self.awkward), .bool(true)])
                rows.add([.int(2), .text(nil), .bool(false)])
                try await rows.run(on: sql, copy: copy)
                return try await sql.raw("SELECT id, note, flag FROM bulk_probe ORDER BY id").all().map {
                    (try $0.decode(column: "note", as: String?.self), try $0.decode(column: "flag", as: Bool.self))
                }
            }
            #expect(stored.count == 2)
            #expect(stored.first?.0 == Self.awkward && stored.first?.1 == true)
            #expect(stored.last?.0 == nil && stored.last?.1 == false)
        }
    }

    @Test(
        "the case tables' secondary indexes set aside and built again are the same indexes",
        .enabled(if: PostgresServer.url != nil, Comment(rawValue: PostgresServer.skipNote)))
    func indexesAside() async throws {
        try await StoreFixture.with(.postgres) { f async throws in
            let postgres = try #require(f.database as? PostgreSQLDatabase)
            func indexes() async throws -> [String] {
                try await postgres.read { sql in
                    try await sql.raw(
                        "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('cases', 'case_events') ORDER BY 1"
                    ).all().map { try $0.decode(column: "indexdef", as: String.self) }
                }
            }
            let before = try await indexes()
            let aside = try await postgres.setAsideIndexes(of: ["cases", "case_events"])
            #expect(aside.count >= 8, "the work-list, due and reporting indexes")
            let during = try await indexes()
            #expect(during.count == before.count - aside.count)
            #expect(
                during.contains { $0.contains("cases_pkey") } && during.contains { $0.contains("tracking_no") },
                "keys and unique constraints stay")
            try await postgres.restoreIndexes(aside)
            #expect(try await indexes() == before)
        }
    }
}
