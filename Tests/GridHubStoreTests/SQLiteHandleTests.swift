import Foundation
import Testing

@testable import GridHubStore

@Suite("One SQLite connection called directly")
struct SQLiteHandleTests {
    @Test("a cached statement keeps its plan whatever is bound (the planner's stability guarantee is on)")
    func plannerStable() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("handle-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let handle = try SQLiteHandle(path: path)
        defer { handle.close() }
        #expect(handle.plannerIsStable)
        try handle.run("CREATE TABLE t (a INTEGER, b TEXT)")
        try handle.run("CREATE INDEX t_a ON t(a)")
        for n in 0..<3 { try handle.execute("INSERT INTO t VALUES (?1, ?2)", [.integer(n), .text("行\(n)")]) { _ in } }
        // The same statement with other values bound gives each its own rows.
        var seen: [String] = []
        for n in 0..<3 {
            try handle.execute("SELECT b FROM t WHERE a IN (?1, ?2) ORDER BY a", [.integer(n), .integer(n)]) { row in
                if case .text(let b)? = row.value("b") { seen.append(b) }
            }
        }
        #expect(seen == ["行0", "行1", "行2"])
    }
}
