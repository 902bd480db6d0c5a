import Foundation
import GridHubCore
import SQLKit

/// Counts the indicators (考核指标) of a street, community, grid, department or grid worker for a period.
public struct IndicatorStore: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    /// The street a unit belongs to, or nil when there is no such unit.
    public func street(of level: IndicatorLevel, id: Int64) async throws -> Int64? {
        let table: String =
            switch level {
            case .street: "streets"
            case .community: "communities"
            case .grid: "grids"
            case .department: "departments"
            case .worker: "accounts"
            }
        let column = level == .street ? "id" : "street_id"
        return try await database.read { sql in
            try await sql.select().column(SQLIdentifier(column)).from(table).where("id", .equal, id).first()?
                .decode(column: column, as: Int64?.self)
        }
    }

    /// The indicators of cases reported in [from, to): the kept totals of the whole days between
    /// (``IndicatorDays``, brought up to date first), and the cases of a partial first and last day
    /// counted one by one — a year is 365 rows and two days' cases, whatever the size of the city.
    public func indicators(
        level: IndicatorLevel, id: Int64, from: Date, to: Date, weights: IndicatorWeights = .standard
    ) async throws -> Indicators {
        try await EventRelay(database: database, subscribers: [IndicatorSubscriber()]).catchUp()
        return try await database.read { sql in
            let scope: CaseScope
            let units: [IndicatorDays.Unit]
            switch level {
            case .street: (scope, units) = (.street(id), [.init(.street, id)])
            case .community: (scope, units) = (.community(id), [.init(.community, id)])
            case .grid: (scope, units) = (.grids([id]), [.init(.grid, id)])
            case .department: (scope, units) = (.department(id), [.init(.department, id)])
            case .worker:
                let grids = try await AccountStore.gridIDs(sql, accountID: id)
                (scope, units) = (.grids(grids), grids.map { .init(.grid, $0) })
            }
            let (start, end) = (StoredTime.millis(from), StoredTime.millis(to))
            guard let days = IndicatorDay.whole(from: start, to: end) else {
                return Indicators(totals: try await Self.counted(sql, scope, from: start, to: end), weights: weights)
            }
            var totals = try await IndicatorDays.totals(sql, units: units, days: days)
            totals += try await Self.counted(sql, scope, from: start, to: IndicatorDay.start(of: days.lowerBound))
            totals += try await Self.counted(sql, scope, from: IndicatorDay.start(of: days.upperBound + 1), to: end)
            return Indicators(totals: totals, weights: weights)
        }
    }

    /// The totals of the cases in scope reported in [from, to), counted case by case.
    static func counted(_ sql: any SQLDatabase, _ scope: CaseScope, from: Int64, to: Int64) async throws -> IndicatorTotals {
        guard from < to else { return IndicatorTotals() }
        let q = sql.select().columns(FactsRow.columns.map { SQLIdentifier($0) }).from("cases")
            .where("reported_at", .greaterThanOrEqual, from).where("reported_at", .lessThan, to)
            .where("state", .notEqual, CaseState.merged.rawValue)
        return try await CaseStore.restrict(q, to: scope).all().reduce(into: IndicatorTotals()) {
            $0 += IndicatorTotals(try FactsRow(columns: $1).facts)
        }
    }
}

/// The columns of a case the indicators count, read without the rest of the row: a street's month is
/// hundreds of cases, a district's year hundreds of thousands.
struct FactsRow: ColumnDecodable {
    static let columns = [
        "state", "accepted_at", "rejected_at", "dispatched_at", "responded_at", "handled_at", "closed_at", "due_at",
        "reworked", "overdue", "rating",
    ]
    var facts: CaseFacts

    init(columns r: any SQLRow) throws {
        let state = CaseState(rawValue: try r.decode(column: "state", as: String.self)) ?? .reported
        let dueAt: Int64? = try r.optional("due_at")
        let respondedAt: Int64? = try r.optional("responded_at")
        let handledAt: Int64? = try r.optional("handled_at")
        let dispatchedAt: Int64? = try r.optional("dispatched_at")
        let closedAt: Int64? = try r.optional("closed_at")
        let rating: String? = try r.optional("rating")
        facts = CaseFacts(
            state: state, accepted: try !r.decodeNil(column: "accepted_at"), rejected: try !r.decodeNil(column: "rejected_at"),
            dispatched: dispatchedAt != nil, respondedOnTime: respondedAt.map { r in dueAt.map { r <= $0 } ?? true } ?? false,
            handledAt: handledAt.map(StoredTime.date), dispatchedAt: dispatchedAt.map(StoredTime.date),
            closedAt: closedAt.map(StoredTime.date),
            dueAt: dueAt.map(StoredTime.date), reworked: try r.decode(column: "reworked", as: Bool.self),
            overdue: try r.decode(column: "overdue", as: Bool.self) && state.isOpen,
            rating: rating.flatMap(Satisfaction.init(rawValue:)))
    }
}
