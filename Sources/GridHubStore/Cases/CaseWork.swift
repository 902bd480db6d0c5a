import Foundation
import GridHubCore
import SQLKit

/// The write path of the case workflow: every move checks the rules in ``CaseWorkflow`` and writes
/// the case row, its timeline entry and domain event, and its photos in one transaction. Moves on one
/// case are serialised by the database's single writer, so of two people acting at once exactly one
/// wins and the other gets 409.
public struct CaseWork: Sendable {
    let database: any Database
    let calendar: WorkingCalendar

    public init(database: any Database, calendar: WorkingCalendar = .standard) {
        self.database = database
        self.calendar = calendar
    }

    /// Performs a move and returns the case as it now stands.
    public func perform(_ command: CaseCommand, on caseID: Int64, by principal: Principal, now: Date = Date()) async throws
        -> CaseSummary
    {
        try await database.write { sql in try await perform(sql, command, on: caseID, by: principal, now: now) }
    }

    /// The same move inside a transaction the caller holds (the demo seeder replays history this way).
    package func perform(_ sql: any SQLDatabase, _ command: CaseCommand, on caseID: Int64, by principal: Principal, now: Date)
        async throws
        -> CaseSummary
    {
        let row = try await Self.load(sql, caseID, in: principal.caseScope)
        let t = try CaseWorkflow.next(after: command.action, from: row.caseState, by: principal, at: row.place)
        if t.needsReason && command.note == nil {
            throw GridHubError(.unprocessable, "missing_note", "Say why (note): \(command.action.rawValue) needs a reason.")
        }
        if t.needsPhoto && command.photos.isEmpty {
            throw GridHubError(.unprocessable, "missing_photo", "Add at least one photo of the result.")
        }
        var change = Change(state: t.to, now: now)
        try await prepare(sql, command, row: row, by: principal, change: &change)
        try await Self.apply(sql, change, to: row)
        let eventID = try await Self.append(
            sql, caseID: caseID, kind: TimelineEventKind(command.action), by: principal, from: row.caseState, to: t.to,
            note: command.note, photos: command.photos.map(\.sha256), detail: change.detail, now: now)
        try await Attachments.attach(sql, command.photos, to: .case(caseID), entry: eventID, now: now)
        return try await Self.summary(sql, caseID)
    }

    /// The column changes one move makes.
    struct Change {
        var state: CaseState
        var now: Date
        var columns: [String: any SQLExpression] = [:]
        var detail: String?

        init(state: CaseState, now: Date) {
            self.state = state
            self.now = now
        }

        mutating func set(_ column: String, _ value: (any Encodable & Sendable)?) {
            columns[column] = value.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null
        }
    }

    /// The action-specific rules and column changes.
    func prepare(_ sql: any SQLDatabase, _ c: CaseCommand, row: CaseRow, by p: Principal, change: inout Change) async throws {
        let now = StoredTime.millis(change.now)
        switch c.action {
        case .verify:
            break
        case .check:
            try CaseDuties.checkMayCheck(
                checker: p.accountID, handledBy: try await Self.handlers(sql, row), streetAllows: try await Self.handlerMayCheck(sql, row))
        case .accept:
            change.set("accepted_at", now)
        case .reject:
            change.set("rejected_at", now)
        case .dispatch:
            try await prepareDispatch(sql, c, row: row, change: &change)
        case .whistle:
            try await prepareWhistle(sql, c, row: row, change: &change)
        case .start, .handle, .return:
            guard !row.whistle else {
                throw GridHubError(
                    .conflict, "whistle_case", "A whistle case moves on as the summoned departments report in and finish.")
            }
            guard
                row.isHandled(by: p)
            else { throw GridHubError(.forbidden, "not_handling_party", "This case was not sent to you.") }
            if c.action == .start, row.respondedAt == nil { change.set("responded_at", now) }
            if c.action == .handle { change.set("handled_at", now) }
        case .close:
            change.set("closed_at", now)
        case .rework:
            change.set("reworked", true)
        case .merge:
            guard let target = c.mergeInto, target != row.id else {
                throw GridHubError(.unprocessable, "invalid_merge_into", "Name the case this one duplicates (merge_into).")
            }
            let other = try await sql.select().columns("*").from("cases").where("id", .equal, target)
                .where("street_id", .equal, row.streetId).row(CaseRow.self)
            guard let other, other.caseState.isOpen else {
                throw GridHubError(.unprocessable, "invalid_merge_target", "Case \(target) is not an open case of this street.")
            }
            try await Self.moveReporters(sql, from: row, to: target, by: p, now: change.now)
            change.set("merged_into", target)
            change.detail = "merged_into=\(target)"
        case .selfHandle:
            guard try await item(sql, row)?.selfHandleAllowed == true else {
                throw GridHubError(.unprocessable, "self_handle_not_allowed", "This class cannot be fixed on the spot (自行处置).")
            }
            change.set("handled_at", now)
            change.set("closed_at", now)
        case .reopen:
            try ReopenRules.check(closedAt: row.closedAt.map(StoredTime.date), now: change.now)
            change.set("reworked", true)
            change.set("closed_at", nil)
            change.set("rating", nil)
        }
    }

    func item(_ sql: any SQLDatabase, _ row: CaseRow) async throws -> CatalogItem? {
        guard let code = row.classCode else { return nil }
        return try await CatalogStore.item(sql, streetID: row.streetId, code: code)
    }

    /// 派遣: to the department the catalogue names, or to the community for street-led items; another
    /// target needs a reason. The due time starts now.
    func prepareDispatch(_ sql: any SQLDatabase, _ c: CaseCommand, row: CaseRow, change: inout Change) async throws {
        let item = try await item(sql, row)
        let suggestion = item.map { DispatchSuggestion(item: $0, now: change.now, calendar: calendar) }
        let suggested = suggestion.map { $0.leadDepartment ?? "community" }
        guard let target = c.target ?? suggested else {
            throw GridHubError(
                .unprocessable, "missing_target",
                "This case has no class: say where it goes (target: a department code or community).")
        }
        if suggested != nil, CaseWorkflow.overrideNeedsReason(suggested: suggested, chosen: target), c.note == nil {
            throw GridHubError(
                .unprocessable, "missing_note", "Sending it elsewhere than the catalogue says (\(suggested ?? "")) needs a reason.")
        }
        let limit = item?.timeLimit ?? TimeLimit(3, .workingDays)
        if target == "community" {
            change.set("lead_kind", LeadKind.community.rawValue)
            change.set("department_id", nil)
        } else {
            let department = try await Self.department(sql, streetID: row.streetId, code: target)
            change.set("lead_kind", LeadKind.department.rawValue)
            change.set("department_id", department)
        }
        change.set("whistle", false)
        change.set("dispatched_at", StoredTime.millis(change.now))
        change.set("due_at", StoredTime.millis(calendar.due(from: change.now, limit: limit)))
        change.set("overdue", false)
        change.set("escalated", false)
        change.set("paused_at", nil)
        change.detail = "target=\(target)"
    }

    /// 吹哨: summon several departments, each to report in within the deadline.
    func prepareWhistle(_ sql: any SQLDatabase, _ c: CaseCommand, row: CaseRow, change: inout Change) async throws {
        let item = try await item(sql, row)
        let codes = c.departments.isEmpty ? (item?.responsibility == .whistle ? item?.assisting ?? [] : []) : c.departments
        try WhistleRules.validateSummons(codes)
        let minutes = c.reportInMinutes ?? WhistleRules.defaultReportInMinutes
        try WhistleRules.validateReportInMinutes(minutes)
        guard let caseID = row.id else { return }
        try await sql.delete(from: "case_summons").where("case_id", .equal, caseID).run()
        let now = StoredTime.millis(change.now)
        for code in codes {
            let department = try await Self.department(sql, streetID: row.streetId, code: code)
            try await sql.insert(into: "case_summons").columns("case_id", "department_id", "summoned_at", "report_in_due", "late")
                .values(
                    SQLBind(caseID), SQLBind(department), SQLBind(now), SQLBind(now + Int64(minutes) * 60_000), SQLBind(false)
                )
                .run()
        }
        let limit = item?.timeLimit ?? TimeLimit(3, .workingDays)
        change.set("lead_kind", LeadKind.street.rawValue)
        change.set("department_id", nil)
        change.set("whistle", true)
        change.set("dispatched_at", now)
        change.set("due_at", StoredTime.millis(calendar.due(from: change.now, limit: limit)))
        change.set("overdue", false)
        change.set("escalated", false)
        change.detail = "departments=\(codes.joined(separator: ",")); report_in_minutes=\(minutes)"
    }

    // MARK: Shared steps

    /// The case as the principal may see it, locked (`FOR UPDATE`) until the transaction ends: two
    /// moves on one case, from any instance, run one after the other, and the second sees the first.
    static func load(_ sql: any SQLDatabase, _ id: Int64, in scope: CaseScope, locking: Bool = true) async throws -> CaseRow {
        var select = CaseStore.restrict(sql.select().columns("*").from("cases").where("id", .equal, id), to: scope)
        if locking { select = select.for(.update) }
        guard let row = try await select.row(CaseRow.self)
        else { throw GridHubError.notFound("case") }
        return row
    }

    /// Everyone who handled the case (``CaseDuties/handlingKinds``).
    static func handlers(_ sql: any SQLDatabase, _ row: CaseRow) async throws -> Set<Int64> {
        let rows = try await sql.select().column("actor_account_id").from("case_events").where("case_id", .equal, row.id ?? 0)
            .where("kind", .in, CaseDuties.handlingKinds.map(\.rawValue)).all()
        return Set(try rows.compactMap { try $0.decode(column: "actor_account_id", as: Int64?.self) })
    }

    /// The street's setting that lets a handler check their own work.
    static func handlerMayCheck(_ sql: any SQLDatabase, _ row: CaseRow) async throws -> Bool {
        guard let street = try await sql.select().column("handler_may_check").from("streets").where("id", .equal, row.streetId).first()
        else { throw GridHubError.notFound("street") }
        return try street.decode(column: "handler_may_check", as: Bool.self)
    }

    static func apply(_ sql: any SQLDatabase, _ change: Change, to row: CaseRow) async throws {
        var update = sql.update("cases").set("state", to: change.state.rawValue).set("updated_at", to: StoredTime.millis(change.now))
        for (column, value) in change.columns.sorted(by: { $0.key < $1.key }) {
            update = update.set(SQLIdentifier(column), to: value)
        }
        try await update.where("id", .equal, row.id ?? 0).where("state", .equal, row.state).run()
    }

    /// Merging keeps every reporter: they join the surviving case, are counted there and hear of it.
    static func moveReporters(_ sql: any SQLDatabase, from row: CaseRow, to target: Int64, by p: Principal, now: Date)
        async throws
    {
        let reporters = try await sql.select().columns("*").from("case_reporters").where("case_id", .equal, row.id ?? 0)
            .rows(CaseReporterRow.self)
        for var r in reporters {
            r.caseId = target
            try await sql.insertRow(into: "case_reporters", r)
        }
        try await sql.update("cases")
            .set("reporter_count", to: SQLBinaryExpression(SQLColumn("reporter_count"), .add, SQLBind(reporters.count)))
            .set("updated_at", to: StoredTime.millis(now)).where("id", .equal, target).run()
        try await append(
            sql, caseID: target, kind: .reporterJoined, by: p, from: nil, to: nil, note: "合并工单 \(row.trackingNo) 的上报人",
            detail: "merged_from=\(row.id ?? 0)", now: now)
    }

    static func department(_ sql: any SQLDatabase, streetID: Int64, code: String) async throws -> Int64 {
        guard
            let id = try await sql.select().column("id").from("departments").where("street_id", .equal, streetID)
                .where("code", .equal, code).first()?.decode(column: "id", as: Int64.self)
        else { throw GridHubError(.unprocessable, "unknown_department", "There is no department '\(code)' in this street.") }
        return id
    }

    @discardableResult
    static func append(
        _ sql: any SQLDatabase, caseID: Int64, kind: TimelineEventKind, by p: Principal?, from: CaseState?, to: CaseState?,
        note: String?, photos: [String] = [], detail: String? = nil, now: Date
    ) async throws -> Int64 {
        let label = try await p.asyncMap { try await actorLabel(sql, $0) } ?? "系统"
        return try await CaseTimeline.append(
            sql,
            CaseEventRow(
                caseId: caseID, at: StoredTime.millis(now), kind: kind.rawValue, actorAccountId: p?.accountID,
                actorRole: p?.role.rawValue, actorLabel: label, fromState: from?.rawValue, toState: to?.rawValue, note: note,
                photos: photos.joined(separator: ","), detail: detail))
    }

    static func actorLabel(_ sql: any SQLDatabase, _ p: Principal) async throws -> String {
        let name = try await sql.select().column("display_name").from("accounts").where("id", .equal, p.accountID).first()?
            .decode(column: "display_name", as: String.self)
        return "\(name ?? p.username)（\(p.role.chineseName)）"
    }

    static func summary(_ sql: any SQLDatabase, _ id: Int64) async throws -> CaseSummary {
        guard let row = try await sql.select().columns("*").from("cases").where("id", .equal, id).row(CaseRow.self) else {
            throw GridHubError.notFound("case")
        }
        return row.summary(photos: try await CaseStore.photos(sql, caseIDs: [id])[id] ?? [])
    }
}
