import Foundation
import GridHubCore
import SQLKit

/// The write path of the case workflow: every move loads and locks its case, asks ``CaseMove`` for the
/// plan, and writes the case row, its timeline entry and domain event, and its photos in one transaction. Moves on one
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
        let plan = try CaseMove.plan(
            command.request, on: try await Self.atHand(sql, row, for: command), by: principal, now: now, calendar: calendar)
        if let target = plan.mergeInto { try await Self.moveReporters(sql, from: row, to: target, by: principal, now: now) }
        try await Self.write(sql, plan, to: row, now: now)
        let eventID = try await Self.append(
            sql, caseID: caseID, kind: TimelineEventKind(command.action), by: principal, from: row.caseState,
            to: plan.transition.to, note: command.note, photos: command.photos.map(\.sha256), detail: plan.detail, now: now)
        try await Attachments.attach(sql, command.photos, to: .case(caseID), entry: eventID, now: now)
        return try await Self.summary(sql, caseID)
    }

    /// The case as the rules need it: the row, and what only some moves look up.
    static func atHand(_ sql: any SQLDatabase, _ row: CaseRow, for command: CaseCommand) async throws -> CaseAtHand {
        var c = CaseAtHand(
            id: row.id ?? 0, state: row.caseState, place: row.place, lead: row.leadKind.flatMap(LeadKind.init(rawValue:)),
            whistle: row.whistle, respondedAt: row.respondedAt.map(StoredTime.date), closedAt: row.closedAt.map(StoredTime.date),
            item: try await item(sql, row))
        switch command.action {
        case .check:
            c.handlers = try await handlers(sql, row)
            c.handlerMayCheck = try await handlerMayCheck(sql, row)
        case .merge:
            if let target = command.mergeInto {
                c.mergeTargetIsOpen = try await sql.select().column("state").from("cases").where("id", .equal, target)
                    .where("street_id", .equal, row.streetId).first()
                    .map { CaseState(rawValue: try $0.decode(column: "state", as: String.self))?.isOpen == true }
            }
        case .verify, .accept, .reject, .dispatch, .whistle, .start, .handle, .return, .close, .rework, .selfHandle, .reopen:
            break
        }
        return c
    }

    /// Writes a plan: the case's state and fields, and a whistle's summons (department codes become ids).
    static func write(_ sql: any SQLDatabase, _ plan: CasePlan, to row: CaseRow, now: Date) async throws {
        if let caseID = row.id, !plan.summons.isEmpty {
            try await sql.delete(from: "case_summons").where("case_id", .equal, caseID).run()
            for code in plan.summons {
                let department = try await Self.department(sql, streetID: row.streetId, code: code)
                try await sql.insert(into: "case_summons").columns(
                    "case_id", "department_id", "summoned_at", "report_in_due", "late"
                )
                .values(
                    SQLBind(caseID), SQLBind(department), SQLBind(StoredTime.millis(now)),
                    SQLBind(StoredTime.millis(plan.reportInDue ?? now)), SQLBind(false)
                ).run()
            }
        }
        try await write(sql, state: plan.transition.to, fields: plan.fields, to: row, now: now)
    }

    /// Writes a case's new state and the fields a move sets, if it is still in the state it was read in.
    static func write(_ sql: any SQLDatabase, state: CaseState, fields: [CaseField], to row: CaseRow, now: Date) async throws {
        func millis(_ d: Date?) -> (any SQLExpression) { d.map { SQLBind(StoredTime.millis($0)) } ?? SQLLiteral.null }
        var update = sql.update("cases").set("state", to: state.rawValue).set("updated_at", to: StoredTime.millis(now))
        for field in fields {
            switch field {
            case .acceptedAt(let d): update = update.set("accepted_at", to: millis(d))
            case .rejectedAt(let d): update = update.set("rejected_at", to: millis(d))
            case .dispatchedAt(let d): update = update.set("dispatched_at", to: millis(d))
            case .respondedAt(let d): update = update.set("responded_at", to: millis(d))
            case .handledAt(let d): update = update.set("handled_at", to: millis(d))
            case .closedAt(let d): update = update.set("closed_at", to: millis(d))
            case .dueAt(let d): update = update.set("due_at", to: millis(d))
            case .lead(let kind, let code):
                let department = try await code.asyncMap { try await Self.department(sql, streetID: row.streetId, code: $0) }
                update = update.set("lead_kind", to: kind.rawValue).set(
                    "department_id", to: department.map { SQLBind($0) } ?? SQLLiteral.null)
            case .whistle(let on): update = update.set("whistle", to: on)
            case .clockReset:
                update = update.set("overdue", to: false).set("escalated", to: false).set("paused_at", to: SQLLiteral.null)
            case .reworked: update = update.set("reworked", to: true)
            case .mergedInto(let id): update = update.set("merged_into", to: id)
            case .rating(let r): update = update.set("rating", to: r.map { SQLBind($0.rawValue) } ?? SQLLiteral.null)
            }
        }
        try await update.where("id", .equal, row.id ?? 0).where("state", .equal, row.state).run()
    }

    static func item(_ sql: any SQLDatabase, _ row: CaseRow) async throws -> CatalogItem? {
        guard let code = row.classCode else { return nil }
        return try await CatalogStore.item(sql, streetID: row.streetId, code: code)
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
        guard
            let street = try await sql.select().column("handler_may_check").from("streets").where("id", .equal, row.streetId)
                .first()
        else { throw GridHubError.notFound("street") }
        return try street.decode(column: "handler_may_check", as: Bool.self)
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
        let name = try await AccountStore.displayName(sql, id: p.accountID)
        return "\(name ?? p.username)（\(p.role.chineseName)）"
    }

    static func summary(_ sql: any SQLDatabase, _ id: Int64) async throws -> CaseSummary {
        guard
            let row = try await sql.select().columns("*").column(CaseStore.attachedPhotos).from("cases").where("id", .equal, id)
                .first()
        else { throw GridHubError.notFound("case") }
        return try CaseRow(columns: row).summary(photos: Attachments.photos(attachedTo: row))
    }
}
