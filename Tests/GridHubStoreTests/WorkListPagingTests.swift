import Foundation
import GridHubCore
import GridHubTestSupport
import Testing

@testable import GridHubStore

@Suite("Work lists page by keyset and count no further than their cap")
struct WorkListPagingTests {
    typealias W = WorkflowStoreTests

    @Test(
        "a department's queue read two at a time after each page's `next` is the whole queue once, in order; a case due after all that arrives between pages comes last, and nothing repeats",
        arguments: Engine.all)
    func keysetPages(engine: Engine) async throws {
        try await W.withWorld(engine) { w async throws in
            // Five cases of different classes (so none is another's duplicate) sent to 排水 one after another.
            var minutes = 0.0
            for code in ["E0404", "E0101", "E0502", "C0102", "C0101"] {
                let id = try await w.report(code, by: "jumin05", at: W.at(minutes: minutes))
                _ = try await w.act(.verify, id, by: "wgy01", at: minutes + 1)
                _ = try await w.act(.accept, id, by: "zhihui", at: minutes + 2)
                _ = try await w.act(.dispatch, id, by: "zhihui", at: minutes + 3, note: "排水负责", target: "PS")
                minutes += 10
            }
            let ps = try await w.who("bm-ps")
            let store = CaseStore(database: w.f.database)
            var query = CaseQuery(queue: .handle, role: ps.role)
            query.limit = 50
            let whole = try await store.cases(in: ps.caseScope, query)
            #expect(whole.items.count >= 5 && whole.next == nil && !whole.totalCapped)

            query.limit = 2
            var paged: [Int64] = []
            var page = try await store.cases(in: ps.caseScope, query)
            // A case that arrives after the first page is read (due later than all) is not on the pages already read.
            let late = try await w.report("C0203", by: "jumin06", at: W.at(minutes: 100))
            _ = try await w.act(.verify, late, by: "wgy01", at: 101)
            _ = try await w.act(.accept, late, by: "zhihui", at: 102)
            _ = try await w.act(.dispatch, late, by: "zhihui", at: 20_000, note: "排水负责", target: "PS")  // due after all
            while true {
                paged += page.items.map(\.id)
                guard let next = page.next else { break }
                #expect(page.items.count == 2)
                query.after = try QueueCursor(token: next.token)
                page = try await store.cases(in: ps.caseScope, query)
            }
            #expect(paged == whole.items.map(\.id) + [late])
            #expect(Set(paged).count == paged.count)
            #expect(page.total == paged.count)  // every page counts the whole list, not itself

            // Past the end: no rows, and still the whole list's count (asked on its own).
            query.after = QueueCursor(dueAt: nil, reportedAt: .min, id: .min)
            let beyond = try await store.cases(in: ps.caseScope, query)
            #expect(beyond.items.isEmpty && beyond.total == paged.count && beyond.next == nil)

            query.after = nil
            query.countCap = 3
            let capped = try await store.cases(in: ps.caseScope, query)
            #expect(capped.total == 3 && capped.totalCapped)
        }
    }

    @Test("a cursor is `<due or n>.<reported>.<id>`; anything else is refused; numbers past Int64 stand for its end")
    func cursorTokens() throws {
        let c = QueueCursor(dueAt: nil, reportedAt: 1_700_000_000_000, id: 42)
        #expect(try QueueCursor(token: c.token) == c)
        let d = QueueCursor(dueAt: -5, reportedAt: 0, id: 1)
        #expect(try QueueCursor(token: d.token) == d)
        #expect(try QueueCursor(token: "n.9999999999999999999.1").reportedAt == .max)
        for bad in ["", "n", "n.1", "x.1.2", "1.2.3.4", "1..2", "1.2.a", "1.2.-", "n.12345678901234567890.1"] {
            #expect(throws: GridHubError.self) { try QueueCursor(token: bad) }
        }
    }
}
