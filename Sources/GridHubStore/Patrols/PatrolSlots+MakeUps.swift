import Foundation
import GridHubCore
import SQLKit

extension PatrolSlots {
    /// A worker asks for a make-up (补签) of a window that is due and not counted: once per window.
    public func requestMakeUp(_ slot: PatrolSlot, reason: String, by principal: Principal, now: Date = Date())
        async throws -> PatrolSlotRecord
    {
        try principal.require(.patrolWalk)
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...200).contains(reason.count) else {
            throw GridHubError(.unprocessable, "invalid_reason", "Give a reason of 2–200 characters.")
        }
        guard let streetID = principal.streetID, let communityID = principal.communityID else {
            throw GridHubError(.unprocessable, "no_community", "Your account belongs to no community.")
        }
        let calendar = calendar
        let id = try await database.write { sql in
            try await Self.request(
                sql, slot, reason: reason, by: principal, streetID: streetID, communityID: communityID,
                calendar: calendar, now: now)
        }
        return try await record(id)
    }

    /// The request, in the caller's transaction.
    public static func request(
        _ sql: any SQLDatabase, _ slot: PatrolSlot, reason: String, by principal: Principal, streetID: Int64, communityID: Int64,
        calendar: WorkingCalendar, now: Date
    ) async throws -> Int64 {
        let plan = try await PatrolPlans.effective(sql, streetID: streetID, communityID: communityID)
        let due = PatrolAssessment.due(days: [slot.day], plan: plan, isWorkingDay: calendar.isWorkingDay, now: now)
        guard due.contains(slot) else {
            throw GridHubError(
                .unprocessable, "not_due", "Window \(slot.window + 1) of \(slot.day) is not a patrol that has come due.")
        }
        if try await countedSlots(sql, streetID: streetID, days: [slot.day]).contains(Key(principal.accountID, slot)) {
            throw GridHubError(.conflict, "already_counted", "That window already has a counted patrol.")
        }
        let existing = try await sql.select().columns("id", "state").from("patrol_slots")
            .where("account_id", .equal, principal.accountID).where("day", .equal, slot.day)
            .where("window_index", .equal, slot.window).for(.update).first()
        let at = StoredTime.millis(now)
        let id: Int64
        if let existing {
            guard try existing.decode(column: "state", as: String.self) == "missed" else {
                throw GridHubError(.conflict, "already_requested", "A make-up for that window was already asked for.")
            }
            id = try existing.decode(column: "id", as: Int64.self)
            try await sql.update("patrol_slots").set("state", to: "requested").set("reason", to: reason)
                .set("requested_at", to: at).where("id", .equal, id).run()
        } else {
            id = try await sql.insertReturningID(
                into: "patrol_slots",
                SlotRow(
                    accountId: principal.accountID, streetId: streetID, communityId: communityID, day: slot.day,
                    windowIndex: slot.window, state: "requested", reason: reason, requestedAt: at))
        }
        try await Self.announce(sql, PatrolEvent.makeUpRequested, id, approved: nil, actor: principal.accountID, now: now)
        return id
    }

    /// The worker's community decides a request: approve (the window counts) or refuse.
    public func decide(_ id: Int64, approve: Bool, note: String?, by principal: Principal, now: Date = Date())
        async throws -> PatrolSlotRecord
    {
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (note?.count ?? 0) <= 200 else { throw GridHubError.invalid("note", "A note is at most 200 characters.") }
        try await database.write { sql in try await Self.decide(sql, id, approve: approve, note: note, by: principal, now: now) }
        return try await record(id)
    }

    /// The decision, in the caller's transaction.
    public static func decide(
        _ sql: any SQLDatabase, _ id: Int64, approve: Bool, note: String?, by principal: Principal, now: Date
    )
        async throws
    {
        guard
            let row = try await sql.select().columns("street_id", "community_id", "state").from("patrol_slots")
                .where("id", .equal, id).for(.update).first(),
            principal.can(
                .patrolApprove,
                on: Place(
                    streetID: try row.decode(column: "street_id", as: Int64.self),
                    communityID: try row.decode(column: "community_id", as: Int64.self)))
        else { throw GridHubError.notFound("make-up request \(id) in your community") }
        guard try row.decode(column: "state", as: String.self) == "requested" else {
            throw GridHubError(.conflict, "not_requested", "Make-up \(id) is not waiting for a decision.")
        }
        try await sql.update("patrol_slots").set("state", to: approve ? "approved" : "refused")
            .set("decided_at", to: StoredTime.millis(now)).set("decided_by", to: principal.accountID)
            .set("decision_note", to: note?.isEmpty == false ? note : nil).where("id", .equal, id).run()
        try await Self.announce(sql, PatrolEvent.makeUpDecided, id, approved: approve, actor: principal.accountID, now: now)
    }

    /// Missed windows and make-ups the reader may see: their own, their community's, their street's.
    public func list(for principal: Principal, state: String?, month: String?) async throws -> [PatrolSlotRecord] {
        if let state, !["missed", "requested", "approved", "refused"].contains(state) {
            throw GridHubError.invalid("state", "Use missed, requested, approved or refused.")
        }
        if let month, PatrolDay.month(month) == nil { throw GridHubError.invalid("month", "'month' is like 2026-11.") }
        return try await database.read { sql in
            let q = Self.select(sql)
            let units = principal.units(for: .patrolRead)
            q.where { w in
                w.orWhere(SQLColumn.dotted("s.account_id"), .equal, SQLBind(principal.accountID))
                for unit in units {
                    switch unit {
                    case .street(let id): w.orWhere(SQLColumn.dotted("s.street_id"), .equal, SQLBind(id))
                    case .community(let id): w.orWhere(SQLColumn.dotted("s.community_id"), .equal, SQLBind(id))
                    case .grid, .department: break
                    }
                }
                return w
            }
            if let state { q.where(SQLColumn.dotted("s.state"), .equal, SQLBind(state)) }
            if let month { q.where(SQLColumn.dotted("s.day"), .like, SQLBind("\(month)-%")) }
            return try await q.orderBy(SQLColumn.dotted("s.day"), SQLDirection.descending).orderBy(
                SQLColumn.dotted("s.window_index")
            ).limit(500).all().map(Self.record)
        }
    }

    func record(_ id: Int64) async throws -> PatrolSlotRecord {
        try await database.read { sql in
            guard let row = try await Self.select(sql).where(SQLColumn.dotted("s.id"), .equal, SQLBind(id)).first() else {
                throw GridHubError.notFound("make-up \(id)")
            }
            return try Self.record(row)
        }
    }

    static func select(_ sql: any SQLDatabase) -> SQLSelectBuilder {
        sql.select().columns(
            [
                "s.id", "s.account_id", "s.community_id", "s.day", "s.window_index", "s.state", "s.reason", "s.decision_note",
                "a.username", "a.display_name",
            ].map(SQLColumn.dotted)
        ).from(SQLAlias(SQLIdentifier("patrol_slots"), as: "s"))
            .join(
                SQLAlias(SQLIdentifier("accounts"), as: "a"), on: SQLColumn.dotted("a.id"), .equal,
                SQLColumn.dotted("s.account_id"))
    }

    static func record(_ r: any SQLRow) throws -> PatrolSlotRecord {
        PatrolSlotRecord(
            id: try r.decode(column: "id", as: Int64.self), accountID: try r.decode(column: "account_id", as: Int64.self),
            worker: try r.decode(column: "username", as: String.self),
            workerName: try r.decode(column: "display_name", as: String.self),
            communityID: try r.decode(column: "community_id", as: Int64.self), day: try r.decode(column: "day", as: String.self),
            window: try r.decode(column: "window_index", as: Int.self), state: try r.decode(column: "state", as: String.self),
            reason: try r.optional("reason"), decisionNote: try r.optional("decision_note"))
    }

    static func announce(_ sql: any SQLDatabase, _ kind: EventKind, _ id: Int64, approved: Bool?, actor: Int64, now: Date)
        async throws
    {
        guard
            let row = try await select(sql).column(SQLColumn.dotted("s.street_id")).where(
                SQLColumn.dotted("s.id"), .equal, SQLBind(id)
            ).first()
        else { return }
        let r = try record(row)
        let facts = PatrolFacts(
            accountID: r.accountID, workerName: r.workerName, communityID: r.communityID,
            slot: PatrolSlot(day: r.day, window: r.window), approved: approved, reason: r.reason)
        _ = try await EventLog.append(
            sql,
            try DomainEvent(
                kind: kind, streetID: try row.decode(column: "street_id", as: Int64.self), subject: Subject("makeup", id),
                actorAccountID: actor, at: now, facts: facts))
    }

    struct SlotRow: Encodable, Sendable {
        var id: Int64? = nil
        var accountId: Int64
        var streetId: Int64
        var communityId: Int64
        var day: String
        var windowIndex: Int
        var state: String
        var reason: String?
        var requestedAt: Int64
    }
}
