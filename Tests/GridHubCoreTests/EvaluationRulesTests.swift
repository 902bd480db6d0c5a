import Foundation
import Testing

@testable import GridHubCore

@Suite("部门考核 rules")
struct EvaluationRulesTests {
    static func fact(onTime: Bool, reworked: Bool = false, rating: Satisfaction? = nil) -> CaseFacts {
        let due = Date(timeIntervalSince1970: 1_800_000_000)
        let closed = due.addingTimeInterval(onTime ? -60 : 60)
        return CaseFacts(
            state: .closed, accepted: true, rejected: false, dispatched: true, respondedOnTime: onTime, handledAt: closed,
            dispatchedAt: due.addingTimeInterval(-3_600), closedAt: closed, dueAt: due, reworked: reworked, overdue: false,
            rating: rating)
    }

    @Test("the composite weighs six figures; nothing to rate is no score, ranked last")
    func composite() {
        let a = DepartmentScore(
            departmentID: 1, code: "PS", name: "排水",
            cases: [Self.fact(onTime: true, rating: .satisfied), Self.fact(onTime: true)],
            summons: [SummonsFact(reportedInOnTime: true, reportedIn: true, score: 5)], weights: .standard)
        #expect(a.responseRate == 1 && a.onTimeRate == 1 && a.reworkRate == 0 && a.satisfactionRate == 1)
        #expect(abs((a.composite ?? 0) - 100) < 1e-9)
        let b = DepartmentScore(
            departmentID: 2, code: "HW", name: "环卫",
            cases: [Self.fact(onTime: false, reworked: true, rating: .basicallySatisfied)],
            summons: [SummonsFact(reportedInOnTime: false, reportedIn: true, score: nil)], weights: .standard)
        // 100 × (0 + 0 + 0.1×0 + 0.25×0.9 + 0 + 0) = 22.5
        #expect(abs((b.composite ?? 0) - 22.5) < 1e-9 && b.partScore == nil && b.reportInRate == 0)
        let idle = DepartmentScore(departmentID: 3, code: "AA", name: "无", cases: [], summons: [], weights: .standard)
        #expect(idle.composite == nil && idle.responseRate == nil)
        let last = DepartmentScore(
            departmentID: 2, code: "HW", name: "环卫", cases: [Self.fact(onTime: true)], summons: [], weights: .standard)
        let table = DepartmentScore.ranked([idle, b, a], previous: [last])
        #expect(table.map(\.code) == ["PS", "HW", "AA"] && table.map(\.rank) == [1, 2, 3])
        #expect(table[1].previousComposite == last.composite && table[1].trend == (b.composite ?? 0) - (last.composite ?? 0))
    }

    @Test("weights: six numbers 0–1 adding up to 1; otherwise 400 or 422")
    func weights() throws {
        #expect(try EvaluationWeights(parameter: "0.15,0.3,0.1,0.25,0.1,0.1") == .standard)
        for bad in ["", "1,0,0", "a,b,c,d,e,f", "2,0,0,0,0,-1", "nan,0,0,0,0,0", "inf,0,0,0,0,0"] {
            let e = #expect(throws: GridHubError.self) { try EvaluationWeights(parameter: bad) }
            #expect(e?.kind == .badRequest, "\(bad)")
        }
        let e = #expect(throws: GridHubError.self) { try EvaluationWeights(parameter: "0.5,0.5,0.5,0,0,0") }
        #expect(e?.kind == .unprocessable)
    }
}
