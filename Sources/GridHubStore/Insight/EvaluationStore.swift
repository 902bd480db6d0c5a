import Foundation
import GridHubCore
import SQLKit

/// The street's monthly evaluation of the departments stationed with it and the law-enforcement team
/// (部门考核): the cases dispatched to each in the month, and its parts in the month's whistles.
public struct EvaluationStore: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    /// The month's table, ranked, with last month's composite beside it. The command centre and leaders.
    public func month(_ month: CivilMonth, weights: EvaluationWeights = .standard, by principal: Principal) async throws
        -> [DepartmentScore]
    {
        guard let street = principal.streetID else { throw GridHubError.forbidden }
        try principal.require(.indicatorsRead, on: Place(streetID: street))
        return try await database.read { sql in
            let departments = try await sql.select().columns("id", "code", "name").from("departments")
                .where("street_id", .equal, street).orderBy("code").all().map {
                    (
                        id: try $0.decode(column: "id", as: Int64.self), code: try $0.decode(column: "code", as: String.self),
                        name: try $0.decode(column: "name", as: String.self)
                    )
                }
            func scores(_ m: CivilMonth) async throws -> [DepartmentScore] {
                let (cases, summons) = try await Self.facts(sql, street: street, from: m.start, to: m.next.start)
                return departments.map {
                    DepartmentScore(
                        departmentID: $0.id, code: $0.code, name: $0.name, cases: cases[$0.id] ?? [],
                        summons: summons[$0.id] ?? [],
                        weights: weights)
                }
            }
            return DepartmentScore.ranked(try await scores(month), previous: try await scores(month.previous))
        }
    }

    /// Cases dispatched to each department in [from, to), and its summons to whistles blown then.
    static func facts(_ sql: any SQLDatabase, street: Int64, from: Date, to: Date) async throws
        -> (cases: [Int64: [CaseFacts]], summons: [Int64: [SummonsFact]])
    {
        var cases: [Int64: [CaseFacts]] = [:]
        for row in try await sql.select().columns((["department_id"] + FactsRow.columns).map { SQLIdentifier($0) })
            .from("cases").where("street_id", .equal, street).where("department_id", .isNot, SQLLiteral.null)
            .where("state", .notEqual, CaseState.merged.rawValue)
            .where("dispatched_at", .greaterThanOrEqual, StoredTime.millis(from))
            .where("dispatched_at", .lessThan, StoredTime.millis(to)).all()
        {
            cases[try row.decode(column: "department_id", as: Int64.self), default: []].append(try FactsRow(columns: row).facts)
        }
        var summons: [Int64: [SummonsFact]] = [:]
        for row in try await sql.select()
            .qualifiedColumns("s.department_id", "s.report_in_due", "s.reported_in_at", "s.score")
            .from(SQLAlias(SQLIdentifier("case_summons"), as: SQLIdentifier("s")))
            .join(
                SQLAlias(SQLIdentifier("cases"), as: SQLIdentifier("c")), on: SQLColumn("id", table: "c"), .equal,
                SQLColumn("case_id", table: "s")
            )
            .where(SQLColumn("street_id", table: "c"), .equal, SQLBind(street))
            .where(SQLColumn("summoned_at", table: "s"), .greaterThanOrEqual, SQLBind(StoredTime.millis(from)))
            .where(SQLColumn("summoned_at", table: "s"), .lessThan, SQLBind(StoredTime.millis(to))).all()
        {
            let due = try row.decode(column: "report_in_due", as: Int64.self)
            let reportedIn: Int64? = try row.optional("reported_in_at")
            summons[try row.decode(column: "department_id", as: Int64.self), default: []].append(
                SummonsFact(
                    reportedInOnTime: reportedIn.map { $0 <= due } ?? false, reportedIn: reportedIn != nil,
                    score: try row.optional("score", as: Int.self)))
        }
        return (cases, summons)
    }
}
