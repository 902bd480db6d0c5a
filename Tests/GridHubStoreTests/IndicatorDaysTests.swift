import Foundation
import GridHubCore
import GridHubTestSupport
import SQLKit
import Testing

@testable import GridHubStore

@Suite("Indicator totals kept a unit and day")
struct IndicatorDaysTests {
    typealias W = WorkflowStoreTests

    /// Every level's indicators, from the kept totals, equal the same cases counted one by one.
    static func expectKeptEqualsCounted(_ w: W.World, from: Date, to: Date, _ comment: Comment) async throws {
        let ps = try #require(try await w.who("bm-ps").departmentID)
        let cj = try #require(try await w.who("bm-cj").departmentID)
        let wgy = try await w.who("wgy01")
        let grid = try #require(wgy.gridIDs.first)
        let community = try #require(try await w.who("sq01").communityID)
        let units: [(IndicatorLevel, Int64, CaseScope)] = [
            (.street, 1, .street(1)), (.community, community, .community(community)), (.grid, grid, .grids([grid])),
            (.department, ps, .department(ps)), (.department, cj, .department(cj)), (.worker, wgy.accountID, .grids(wgy.gridIDs)),
        ]
        let store = IndicatorStore(database: w.f.database)
        for (level, id, scope) in units {
            let kept = try await store.indicators(level: level, id: id, from: from, to: to)
            let counted = try await w.f.database.read { sql in
                Indicators(
                    totals: try await IndicatorStore.counted(sql, scope, from: StoredTime.millis(from), to: StoredTime.millis(to))
                )
            }
            #expect(kept == counted, "\(comment): \(level) \(id)")
        }
    }

    /// The non-zero rows of `indicator_days`.
    static func dayRows(_ db: any Database) async throws -> Set<[Int64]> {
        try await db.read { sql in
            Set(
                try await sql.select().columns(["unit_id", "day"] + IndicatorTotals.fields).from("indicator_days").all()
                    .map { row in
                        try (["unit_id", "day"] + IndicatorTotals.fields).map { try row.decode(column: $0, as: Int64.self) }
                    }
                    .filter { $0.dropFirst(2).contains { $0 != 0 } })
        }
    }

    @Test(
        "kept totals equal the cases counted one by one through every move — return and re-dispatch elsewhere, whistle, merge, close, rating — and a rebuild gives the same rows",
        arguments: Engine.all)
    func keptEqualsCounted(engine: Engine) async throws {
        try await W.withWorld(engine) { w async throws in
            // Three days of cases: the day before t0, t0 itself, and the day after.
            let moved = try await w.report("E0404", by: "jumin05", at: W.at(minutes: -1_440))
            _ = try await w.act(.verify, moved, by: "wgy01", at: -1_430)
            _ = try await w.act(.accept, moved, by: "zhihui", at: -1_420)
            _ = try await w.act(.dispatch, moved, by: "zhihui", at: -1_410)  // to 排水 (PS)
            let closed = try await w.report("E0101", by: "jumin06", north: 20, at: W.t0)
            try await Self.expectKeptEqualsCounted(w, from: W.at(minutes: -2_000), to: W.at(minutes: 3_000), "dispatched to PS")

            _ = try await w.act(.start, moved, by: "bm-ps", at: -1_405)
            _ = try await w.act(.return, moved, by: "bm-ps", at: -1_400, note: "不属排水")
            _ = try await w.act(.dispatch, moved, by: "zhihui", at: -1_390, note: "城建负责", target: "CJ")
            _ = try await w.act(.verify, closed, by: "wgy01", at: 10)
            _ = try await w.act(.accept, closed, by: "zhihui", at: 20)
            _ = try await w.act(.dispatch, closed, by: "zhihui", at: 30, note: "排水负责", target: "PS")
            _ = try await w.act(.start, closed, by: "bm-ps", at: 90)
            _ = try await w.act(.handle, closed, by: "bm-ps", at: 100, note: "已疏通", photo: true)
            _ = try await w.act(.check, closed, by: "wgy01", at: 110)
            _ = try await w.act(.close, closed, by: "wgy01", at: 120)
            _ = try await w.work.rate(
                caseID: closed, .basicallySatisfied, comment: nil, by: try await w.who("jumin06"), now: W.at(minutes: 130))
            let whistled = try await w.report("E0506", by: "jumin07", north: 30, at: W.at(minutes: 1_500))
            _ = try await w.act(.verify, whistled, by: "wgy01", at: 1_510)
            _ = try await w.act(.accept, whistled, by: "zhihui", at: 1_520)
            _ = try await w.act(.whistle, whistled, by: "zhihui", at: 1_530)
            let duplicate = try await w.report("C0203", by: "jumin08", north: 10, at: W.at(minutes: 1_540))
            _ = try await w.work.perform(
                CaseCommand(action: .merge, mergeInto: whistled), on: duplicate, by: try await w.who("zhihui"),
                now: W.at(minutes: 1_550))

            let cj = try #require(try await w.who("bm-cj").departmentID)
            let day = try await IndicatorStore(database: w.f.database).indicators(
                level: .department, id: cj, from: W.at(minutes: -1_440), to: W.t0)
            #expect(day.reports == 1, "the returned case counts for 城建 now")
            let ps = try #require(try await w.who("bm-ps").departmentID)
            let psDay = try await IndicatorStore(database: w.f.database).indicators(
                level: .department, id: ps, from: W.at(minutes: -1_440), to: W.t0)
            #expect(psDay.reports == 0, "and no longer for 排水")

            // Periods: inside one day; whole days with partial ends; exactly whole days; a year.
            let periods = [
                (W.at(minutes: -1_000), W.at(minutes: -10)), (W.at(minutes: -2_000), W.at(minutes: 3_000)),
                (W.at(minutes: -1_980), W.at(minutes: 2_340)), (W.at(minutes: -365 * 1_440), W.at(minutes: 1_440)),
            ]
            for (from, to) in periods { try await Self.expectKeptEqualsCounted(w, from: from, to: to, "after every move") }

            let kept = try await Self.dayRows(w.f.database)
            try await IndicatorSubscriber.rebuild(w.f.database)
            #expect(try await Self.dayRows(w.f.database) == kept)
        }
    }

    @Test("a day's bounds in China's time; whole days inside a period; totals add and take away exactly")
    func days() throws {
        let t = StoredTime.millis(W.t0)  // 09:00 +08:00
        let midnight = t - 9 * 3_600_000
        #expect(IndicatorDay.start(of: IndicatorDay.of(millis: t)) == midnight)
        #expect(IndicatorDay.of(millis: midnight - 1) == IndicatorDay.of(millis: midnight) - 1)
        let today = IndicatorDay.of(millis: t)
        #expect(IndicatorDay.whole(from: t, to: t + 3_600_000) == nil)
        #expect(IndicatorDay.whole(from: midnight, to: midnight + 86_400_000) == today...today)
        #expect(IndicatorDay.whole(from: t, to: midnight + 3 * 86_400_000 + 5) == (today + 1)...(today + 2))
        #expect(IndicatorDay.of(millis: .max) > 0 && IndicatorDay.of(millis: .min) < 0)

        let facts = CaseFacts(
            state: .closed, accepted: true, rejected: false, dispatched: true, respondedOnTime: true,
            handledAt: W.at(minutes: 90), dispatchedAt: W.at(minutes: 30), closedAt: W.at(minutes: 120),
            dueAt: W.at(minutes: 100),
            reworked: false, overdue: false, rating: .basicallySatisfied)
        let one = IndicatorTotals(facts)
        #expect(
            one.handlingMillis == 3_600_000 && one.closedOnTime == 0 && one.handledOnTime == 1 && one.satisfactionMillis == 900)
        var sum = one + one
        sum -= one
        #expect(sum == one)
        #expect(Indicators(facts: [facts, facts]) == Indicators(totals: one + one))
        #expect(Indicators(totals: one).averageHandlingHours == 1 && Indicators(totals: one).satisfactionRate == 0.9)
    }
}
