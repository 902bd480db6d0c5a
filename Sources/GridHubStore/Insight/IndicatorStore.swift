import Foundation
import GridHubCore
import SQLKit

/// Counts the indicators (考核指标) of a street, community, grid, department or grid worker for a period.
public struct IndicatorStore: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    /// The indicators of cases reported in [from, to).
    public func indicators(
        level: IndicatorLevel, id: Int64, from: Date, to: Date, weights: IndicatorWeights = .standard
    ) async throws -> Indicators {
        try await database.read { sql in
            var q = sql.select().columns("*").from("cases")
                .where("reported_at", .greaterThanOrEqual, Clock.millis(from)).where("reported_at", .lessThan, Clock.millis(to))
                .where("state", .notEqual, CaseState.merged.rawValue)
            switch level {
            case .street: q = CaseStore.restrict(q, to: .street(id))
            case .community: q = CaseStore.restrict(q, to: .community(id))
            case .grid: q = CaseStore.restrict(q, to: .grids([id]))
            case .department: q = CaseStore.restrict(q, to: .department(id))
            case .worker:
                let grids = try await AccountStore.gridIDs(sql, accountID: id)
                q = CaseStore.restrict(q, to: .grids(grids))
            }
            let rows = try await q.rows(CaseRow.self)
            return Indicators(facts: rows.map(\.facts), weights: weights)
        }
    }
}

extension CaseRow {
    var facts: CaseFacts {
        CaseFacts(
            state: caseState, accepted: acceptedAt != nil, rejected: rejectedAt != nil, dispatched: dispatchedAt != nil,
            respondedOnTime: respondedAt.map { r in dueAt.map { r <= $0 } ?? true } ?? false,
            handledAt: handledAt.map(Clock.date), dispatchedAt: dispatchedAt.map(Clock.date), closedAt: closedAt.map(Clock.date),
            dueAt: dueAt.map(Clock.date), reworked: reworked, overdue: overdue && caseState.isOpen,
            rating: rating.flatMap(Satisfaction.init(rawValue:)))
    }
}
