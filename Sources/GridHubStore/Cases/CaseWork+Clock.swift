import Foundation
import GridHubCore
import SQLKit

extension CaseWork {
    /// 延期申请: the handling party asks for more time; the clock pauses until the command centre decides.
    public func requestExtension(caseID: Int64, hours: Int, reason: String?, by p: Principal, now: Date = Date()) async throws
        -> CaseSummary
    {
        try ExtensionRules.checkRequest(hours: hours, reason: reason)
        return try await database.write { sql in
            let row = try await Self.load(sql, caseID, in: p.caseScope)
            let summoned = row.whistle ? (try? await Self.summonsOf(sql, caseID, p)) != nil : false
            try ExtensionRules.checkMayAsk(
                state: row.caseState, hasDueTime: row.dueAt != nil, paused: row.pausedAt != nil,
                byHandlingParty: row.isHandled(by: p) || summoned)
            try await sql.update("cases").set("paused_at", to: StoredTime.millis(now)).set("extension_hours", to: hours)
                .set("updated_at", to: StoredTime.millis(now)).where("id", .equal, caseID).run()
            try await Self.append(
                sql, caseID: caseID, kind: .extensionRequested, by: p, from: nil, to: nil, note: reason, detail: "hours=\(hours)",
                now: now)
            return try await Self.summary(sql, caseID)
        }
    }

    /// The command centre approves (the due time moves by the time left plus the extension) or
    /// refuses (the clock runs on with the time that was left) a pending extension.
    public func decideExtension(caseID: Int64, approve: Bool, by p: Principal, now: Date = Date()) async throws -> CaseSummary {
        try p.require(.caseApproveExtension)
        return try await database.write { sql in
            let row = try await Self.load(sql, caseID, in: p.caseScope)
            try p.require(.caseApproveExtension, on: row.place)
            guard let paused = row.pausedAt.map(StoredTime.date), let due = row.dueAt.map(StoredTime.date) else {
                throw GridHubError(.conflict, "no_extension_pending", "No extension is waiting for a decision on this case.")
            }
            let newDue = ExtensionRules.newDue(
                due: due, pausedAt: paused, now: now, extensionHours: row.extensionHours ?? 0, approve: approve,
                urgent: try await Self.item(sql, row)?.timeLimit.isUrgent ?? false, calendar: calendar)
            try await sql.update("cases").set("paused_at", to: SQLLiteral.null).set("extension_hours", to: SQLLiteral.null)
                .set("due_at", to: StoredTime.millis(newDue)).set("overdue", to: false).set(
                    "updated_at", to: StoredTime.millis(now)
                )
                .where("id", .equal, caseID).run()
            try await Self.append(
                sql, caseID: caseID, kind: .extensionApproved, by: p, from: nil, to: nil, note: approve ? "同意延期" : "不同意延期",
                detail: "approved=\(approve); due=\(ISO8601DateFormatter().string(from: newDue))", now: now)
            return try await Self.summary(sql, caseID)
        }
    }

    /// What one sweep did.
    public struct SweepResult: Sendable, Equatable, CustomStringConvertible {
        public var overdue = 0
        public var escalated = 0
        public var lateReportIns = 0

        public init() {}
        public var isEmpty: Bool { self == SweepResult() }
        public var description: String { "overdue=\(overdue) escalated=\(escalated) late_report_ins=\(lateReportIns)" }
    }

    /// The periodic check (督办): open cases past their due time are flagged overdue (their party hears of
    /// it through ``CaseNotices``); past a second limit (as long again) they are escalated to the leaders;
    /// summoned departments that missed the report-in deadline are marked late. Each fires once per case.
    public func sweep(now: Date = Date()) async throws -> SweepResult {
        try await database.write { sql in try await Self.sweep(sql, now: now) }
    }

    /// The sweep inside a transaction the caller holds (the job queue claims its turn in the same one).
    public static func sweep(_ sql: any SQLDatabase, now: Date) async throws -> SweepResult {
        var result = SweepResult()
        let nowMillis = StoredTime.millis(now)
        let open = CaseState.openStates.map(\.rawValue)
        let due = try await sql.select().columns("*").from("cases").where("state", .in, open)
            .where("due_at", .lessThan, nowMillis).where("paused_at", .is, SQLLiteral.null)
            .where { $0.where("overdue", .equal, false).orWhere("escalated", .equal, false) }  // done ones are skipped
            .rows(CaseRow.self)
        var entries: [(caseID: Int64, kind: TimelineEventKind, note: String)] = []  // written last (``EventLog/append``)
        for row in due {
            guard let id = row.id, let dueAt = row.dueAt else { continue }
            if !row.overdue {
                try await sql.update("cases").set("overdue", to: true).where("id", .equal, id).run()
                entries.append((id, .overdue, "已超期，督办"))
                result.overdue += 1
            }
            let secondLimit = StoredTime.millis(
                Supervision.escalationTime(due: StoredTime.date(dueAt), dispatched: row.dispatchedAt.map(StoredTime.date)))
            if !row.escalated, nowMillis > secondLimit {
                try await sql.update("cases").set("escalated", to: true).where("id", .equal, id).run()
                entries.append((id, .escalated, "超期未办，提级督办"))
                result.escalated += 1
            }
        }
        let late = try await sql.select().columns("case_id", "department_id").from("case_summons")
            .where("reported_in_at", .is, SQLLiteral.null).where("late", .equal, false)
            .where("report_in_due", .lessThan, nowMillis).all()
        for r in late {
            try await sql.update("case_summons").set("late", to: true)
                .where("case_id", .equal, try r.decode(column: "case_id", as: Int64.self))
                .where("department_id", .equal, try r.decode(column: "department_id", as: Int64.self)).run()
            result.lateReportIns += 1
        }
        for e in entries {
            try await Self.append(sql, caseID: e.caseID, kind: e.kind, by: nil, from: nil, to: nil, note: e.note, now: now)
        }
        return result
    }

    /// The reporter rates the result after closing, once (满意 / 基本满意 / 不满意).
    public func rate(caseID: Int64, _ satisfaction: Satisfaction, comment: String?, by p: Principal, now: Date = Date())
        async throws
        -> CaseSummary
    {
        try await database.write { sql in try await rate(sql, caseID: caseID, satisfaction, comment: comment, by: p, now: now) }
    }

    package func rate(
        _ sql: any SQLDatabase, caseID: Int64, _ satisfaction: Satisfaction, comment: String?, by p: Principal, now: Date
    )
        async throws -> CaseSummary
    {
        try CaseDuties.checkMayRate(p)
        let row = try await Self.load(sql, caseID, in: .reportedBy(p.accountID))
        guard row.caseState == .closed || row.caseState == .selfHandled else {
            throw GridHubError(.conflict, "not_closed", "A case is rated after it is closed.")
        }
        guard row.rating == nil else { throw GridHubError(.conflict, "already_rated", "You have already rated this case.") }
        try await sql.update("cases").set("rating", to: satisfaction.rawValue).set("rated_at", to: StoredTime.millis(now))
            .where("id", .equal, caseID).run()
        try await Self.append(
            sql, caseID: caseID, kind: .rated, by: p, from: nil, to: nil, note: comment,
            detail: "rating=\(satisfaction.rawValue)",
            now: now)
        return try await Self.summary(sql, caseID)
    }

    /// The catalogue's dispatch suggestion for a case, with the due time it would get now.
    public func suggestion(caseID: Int64, by p: Principal, now: Date = Date()) async throws -> DispatchSuggestion? {
        try await database.read { sql in
            let row = try await Self.load(sql, caseID, in: p.caseScope, locking: false)
            return try await Self.item(sql, row).map { DispatchSuggestion(item: $0, now: now, calendar: calendar) }
        }
    }
}
