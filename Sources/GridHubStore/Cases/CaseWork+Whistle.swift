import Foundation
import GridHubCore
import SQLKit

/// A summoned department's part in a whistle case.
public struct Summons: Sendable, Hashable, Codable {
    public var departmentID: Int64
    public var departmentCode: String
    public var departmentName: String
    public var summonedAt: Date
    public var reportInDue: Date
    public var reportedInAt: Date?
    public var late: Bool
    public var doneAt: Date?
    public var score: Int?
}

extension CaseWork {
    /// 报到: a summoned department says it is on the case. Late report-ins are recorded as late.
    /// The first report-in starts the case (dispatched → in progress).
    public func reportIn(caseID: Int64, by p: Principal, now: Date = Date()) async throws -> CaseSummary {
        try await database.write { sql in try await reportIn(sql, caseID: caseID, by: p, now: now) }
    }

    package func reportIn(_ sql: any SQLDatabase, caseID: Int64, by p: Principal, now: Date) async throws -> CaseSummary {
        let (row, summons) = try await Self.summonsOf(sql, caseID, p)
        let plan = try WhistleRules.reportIn(
            state: row.caseState, reportedInAt: summons.reportedInAt, due: summons.reportInDue, now: now)
        try await sql.update("case_summons").set("reported_in_at", to: StoredTime.millis(now)).set("late", to: plan.late)
            .where("case_id", .equal, caseID).where("department_id", .equal, summons.departmentID).run()
        if let to = plan.to { try await Self.write(sql, state: to, fields: plan.fields, to: row, now: now) }
        try await Self.append(
            sql, caseID: caseID, kind: .reportedIn, by: p, from: plan.to == nil ? nil : row.caseState, to: plan.to,
            note: plan.late ? "迟到报到" : "按时报到", detail: "department=\(summons.departmentCode); late=\(plan.late)", now: now)
        return try await Self.summary(sql, caseID)
    }

    /// A summoned department's part is done; when the last part is done the case is handled.
    public func partDone(caseID: Int64, by p: Principal, note: String?, photos: [StoredPhoto], now: Date = Date()) async throws
        -> CaseSummary
    {
        try await database.write { sql in try await partDone(sql, caseID: caseID, by: p, note: note, photos: photos, now: now) }
    }

    package func partDone(_ sql: any SQLDatabase, caseID: Int64, by p: Principal, note: String?, photos: [StoredPhoto], now: Date)
        async throws -> CaseSummary
    {
        let (row, summons) = try await Self.summonsOf(sql, caseID, p)
        let others = try await sql.select().column("department_id").from("case_summons").where("case_id", .equal, caseID)
            .where("done_at", .is, SQLLiteral.null).where("department_id", .notEqual, summons.departmentID).all().count
        let plan = try WhistleRules.partDone(
            state: row.caseState, reportedIn: summons.reportedInAt != nil, done: summons.doneAt != nil, othersPending: others,
            now: now)
        try await sql.update("case_summons").set("done_at", to: StoredTime.millis(now))
            .where("case_id", .equal, caseID).where("department_id", .equal, summons.departmentID).run()
        if let to = plan.to { try await Self.write(sql, state: to, fields: plan.fields, to: row, now: now) }
        let eventID = try await Self.append(
            sql, caseID: caseID, kind: .partDone, by: p, from: plan.to == nil ? nil : row.caseState, to: plan.to, note: note,
            photos: photos.map(\.sha256), detail: "department=\(summons.departmentCode)", now: now)
        try await Attachments.attach(sql, photos, to: .case(caseID), entry: eventID, now: now)
        return try await Self.summary(sql, caseID)
    }

    /// After closing, the street rates a summoned department's part, 1 to 5 (街道评价部门).
    public func ratePart(caseID: Int64, departmentCode: String, score: Int, by p: Principal, now: Date = Date()) async throws {
        try p.require(.caseRatePart)
        guard (1...5).contains(score) else { throw GridHubError.invalid("score", "A score is 1 to 5.") }
        try await database.write { sql in
            let row = try await Self.load(sql, caseID, in: p.caseScope)
            try p.require(.caseRatePart, on: row.place)
            guard row.caseState == .closed else {
                throw GridHubError(.conflict, "not_closed", "Parts are rated after the case is closed.")
            }
            let department = try await Self.department(sql, streetID: row.streetId, code: departmentCode)
            let existing = try await sql.select().column("score").from("case_summons").where("case_id", .equal, caseID)
                .where("department_id", .equal, department).first()
            guard let existing else { throw GridHubError.notFound("summons of \(departmentCode) on this case") }
            guard try existing.decode(column: "score", as: Int?.self) == nil else {
                throw GridHubError(.conflict, "already_rated", "This department's part has already been rated.")
            }
            try await sql.update("case_summons").set("score", to: score).where("case_id", .equal, caseID)
                .where("department_id", .equal, department).run()
            try await Self.append(
                sql, caseID: caseID, kind: .partRated, by: p, from: nil, to: nil, note: nil,
                detail: "department=\(departmentCode); score=\(score)", now: now)
        }
    }

    /// The summons of a case, for its page.
    public func summons(caseID: Int64) async throws -> [Summons] {
        try await database.read { sql in try await Self.summonsList(sql, caseID) }
    }

    static func summonsList(_ sql: any SQLDatabase, _ caseID: Int64) async throws -> [Summons] {
        let rows = try await sql.select().columns(SQLColumn("*", table: "case_summons"))
            .column(SQLColumn("code", table: "departments")).column(SQLColumn("name", table: "departments"))
            .from("case_summons")
            .join(
                "departments", on: SQLColumn("department_id", table: "case_summons"), .equal,
                SQLColumn("id", table: "departments")
            )
            .where(SQLColumn("case_id", table: "case_summons"), .equal, SQLBind(caseID)).orderBy(
                SQLColumn("code", table: "departments")
            ).all()
        return try rows.map { r in
            Summons(
                departmentID: try r.decode(column: "department_id", as: Int64.self),
                departmentCode: try r.decode(column: "code", as: String.self),
                departmentName: try r.decode(column: "name", as: String.self),
                summonedAt: StoredTime.date(try r.decode(column: "summoned_at", as: Int64.self)),
                reportInDue: StoredTime.date(try r.decode(column: "report_in_due", as: Int64.self)),
                reportedInAt: try r.decode(column: "reported_in_at", as: Int64?.self).map(StoredTime.date),
                late: try r.decode(column: "late", as: Bool.self),
                doneAt: try r.decode(column: "done_at", as: Int64?.self).map(StoredTime.date),
                score: try r.decode(column: "score", as: Int?.self))
        }
    }

    /// The case and this department's summons on it; 404 when the case is not visible, 403 when not summoned.
    static func summonsOf(_ sql: any SQLDatabase, _ caseID: Int64, _ p: Principal) async throws -> (CaseRow, Summons) {
        let departments = p.units(for: .caseReportIn).compactMap(\.departmentID)
        guard !departments.isEmpty else { throw GridHubError.forbidden }
        let row = try await load(sql, caseID, in: p.caseScope)
        guard row.whistle,
            let summons = try await summonsList(sql, caseID).first(where: { departments.contains($0.departmentID) })
        else {
            throw GridHubError(.forbidden, "not_summoned", "Your department was not summoned to this case.")
        }
        return (row, summons)
    }
}

extension CaseWork {
    /// Whether this person may make `action` on the case now (nil: report a whistle part done), checked
    /// before anything of the request is stored; the move itself checks again under the row lock.
    public func authorise(_ action: CaseAction?, caseID: Int64, by p: Principal) async throws {
        try await database.read { sql in
            guard let action else {
                _ = try await Self.summonsOf(sql, caseID, p)
                return
            }
            let row = try await Self.load(sql, caseID, in: p.caseScope, locking: false)
            _ = try CaseWorkflow.next(after: action, from: row.caseState, by: p, at: row.place)
        }
    }
}
