import Foundation
import GridHubCore
import SQLKit

/// The month's assessment of grid workers (网格员考核): a street's, a community's or one worker's.
public struct PatrolAssessments: Sendable {
    let database: any Database
    let calendar: WorkingCalendar

    public init(database: any Database, calendar: WorkingCalendar) {
        self.database = database
        self.calendar = calendar
    }

    public enum Level: String, Sendable, CaseIterable {
        case street, community, worker
    }

    /// The rows, worst first. `id` names the street, the community or the worker (account id); the
    /// reader's own street, community or self when absent. 404 for what lies outside their scope.
    public func month(_ month: String, level: Level, id: Int64?, for principal: Principal, now: Date = Date())
        async throws -> [AssessmentRow]
    {
        guard let days = PatrolDay.month(month), let first = days.first.flatMap(PatrolDay.start),
            let last = days.last.flatMap(PatrolDay.start)
        else { throw GridHubError.invalid("month", "'month' is a month like 2026-11.") }
        let range = (StoredTime.millis(first), StoredTime.millis(last.addingTimeInterval(86_400)))
        let calendar = calendar
        return try await database.read { sql in
            let workers = try await Self.workers(sql, level: level, id: id, principal: principal)
            guard !workers.isEmpty else { return [] }
            let ids = workers.map(\.id)
            let patrols = try await Self.patrols(sql, accounts: ids, range: range)
            let reports = try await Self.patrolReports(sql, accounts: ids, range: range)
            let makeUps = try await Self.approvedMakeUps(sql, accounts: ids, days: days)
            let selfHandled = try await Self.selfHandled(sql, accounts: ids, range: range)
            var plans = [Int64: PatrolPlan]()
            var rows = [AssessmentRow]()
            for w in workers {
                if plans[w.community] == nil {
                    plans[w.community] = try await PatrolPlans.effective(sql, streetID: w.street, communityID: w.community)
                }
                let plan = plans[w.community] ?? .standard
                let started = StoredTime.date(w.since)
                let due = PatrolAssessment.due(days: days, plan: plan, isWorkingDay: calendar.isWorkingDay, now: now)
                    .filter { plan.range(of: $0).map { $0.lowerBound >= started } ?? false }
                let records = (patrols[w.id] ?? []).map { p in
                    var record = p.record
                    record.reports = (reports[w.id] ?? []).filter { $0 >= p.start && $0 <= p.end }.count
                    return record
                }
                rows.append(
                    PatrolAssessment.row(
                        accountID: w.id, username: w.username, name: w.name, communityID: w.community,
                        workingDays: PatrolAssessment.workingDays(days, isWorkingDay: calendar.isWorkingDay).count,
                        due: due, patrols: records, approvedMakeUps: makeUps[w.id] ?? [], casesSelfHandled: selfHandled[w.id] ?? 0
                    ))
            }
            return PatrolAssessment.worstFirst(rows)
        }
    }

    struct Worker {
        var id: Int64
        var username: String
        var name: String
        var street: Int64
        var community: Int64
        var since: Int64
    }

    static func workers(_ sql: any SQLDatabase, level: Level, id: Int64?, principal: Principal) async throws -> [Worker] {
        let q = sql.select().columns("id", "username", "display_name", "street_id", "community_id", "created_at").from("accounts")
            .where("role", .equal, Role.gridWorker.rawValue).where("disabled", .equal, false)
            .where("community_id", .isNot, SQLLiteral.null).where("street_id", .isNot, SQLLiteral.null)
        switch level {
        case .street:
            guard let street = id ?? principal.streetID, principal.can(.patrolRead, on: Place(streetID: street)) else {
                throw GridHubError.notFound("street in your scope")
            }
            q.where("street_id", .equal, street)
        case .community:
            guard let community = id ?? principal.communityID, let street = principal.streetID,
                principal.can(.patrolRead, on: Place(streetID: street, communityID: community))
            else { throw GridHubError.notFound("community in your scope") }
            q.where("community_id", .equal, community)
        case .worker:
            q.where("id", .equal, id ?? principal.accountID)
        }
        let workers = try await q.orderBy("username").all().map { r in
            Worker(
                id: try r.decode(column: "id", as: Int64.self), username: try r.decode(column: "username", as: String.self),
                name: try r.decode(column: "display_name", as: String.self),
                street: try r.decode(column: "street_id", as: Int64.self),
                community: try r.decode(column: "community_id", as: Int64.self),
                since: try r.decode(column: "created_at", as: Int64.self))
        }
        if level == .worker {
            return workers.filter {
                $0.id == principal.accountID
                    || principal.can(.patrolRead, on: Place(streetID: $0.street, communityID: $0.community))
            }
        }
        return workers
    }

    struct Walked {
        var start: Int64
        var end: Int64
        var record: PatrolRecord
    }

    static func patrols(_ sql: any SQLDatabase, accounts: [Int64], range: (Int64, Int64)) async throws -> [Int64: [Walked]] {
        let rows = try await sql.select().columns(
            "account_id", "started_at", "ended_at", "last_fix_at", "duration_s", "distance_m", "coverage", "check_ins",
            "slot_day",
            "slot_window", "counted"
        ).from("patrols").where("account_id", .in, accounts).where("started_at", .greaterThanOrEqual, range.0)
            .where("started_at", .lessThan, range.1).all()
        var out = [Int64: [Walked]]()
        for r in rows {
            let counted = try r.decode(column: "counted", as: Bool.self)
            let slot: PatrolSlot? =
                counted
                ? try r.optional("slot_day", as: String.self).flatMap { d in
                    try r.optional("slot_window", as: Int.self).map { PatrolSlot(day: d, window: $0) }
                } : nil
            let start = try r.decode(column: "started_at", as: Int64.self)
            let end = try r.optional("ended_at", as: Int64.self) ?? r.optional("last_fix_at", as: Int64.self) ?? start
            out[try r.decode(column: "account_id", as: Int64.self), default: []].append(
                Walked(
                    start: start, end: end,
                    record: PatrolRecord(
                        slot: slot, durationS: try r.decode(column: "duration_s", as: Double.self),
                        distanceM: try r.decode(column: "distance_m", as: Double.self), coverage: try r.optional("coverage"),
                        checkIns: try r.decode(column: "check_ins", as: Int.self), reports: 0)))
        }
        return out
    }

    static func patrolReports(_ sql: any SQLDatabase, accounts: [Int64], range: (Int64, Int64)) async throws -> [Int64: [Int64]] {
        var out = [Int64: [Int64]]()
        for r in try await sql.select().columns("account_id", "reported_at").from("case_reporters")
            .where("account_id", .in, accounts).where("channel", .equal, ReportChannel.patrol.rawValue)
            .where("reported_at", .greaterThanOrEqual, range.0).where("reported_at", .lessThan, range.1).all()
        {
            out[try r.decode(column: "account_id", as: Int64.self), default: []].append(
                try r.decode(column: "reported_at", as: Int64.self))
        }
        return out
    }

    static func approvedMakeUps(_ sql: any SQLDatabase, accounts: [Int64], days: [String]) async throws -> [Int64: Set<
        PatrolSlot
    >] {
        var out = [Int64: Set<PatrolSlot>]()
        for r in try await sql.select().columns("account_id", "day", "window_index").from("patrol_slots")
            .where("account_id", .in, accounts).where("state", .equal, "approved").where("day", .in, days).all()
        {
            out[try r.decode(column: "account_id", as: Int64.self), default: []].insert(
                PatrolSlot(
                    day: try r.decode(column: "day", as: String.self), window: try r.decode(column: "window_index", as: Int.self))
            )
        }
        return out
    }

    static func selfHandled(_ sql: any SQLDatabase, accounts: [Int64], range: (Int64, Int64)) async throws -> [Int64: Int] {
        var out = [Int64: Int]()
        for r in try await sql.select().column("actor_account_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("case_events").where("kind", .equal, CaseAction.selfHandle.rawValue).where("actor_account_id", .in, accounts)
            .where("at", .greaterThanOrEqual, range.0).where("at", .lessThan, range.1).groupBy("actor_account_id").all()
        {
            out[try r.decode(column: "actor_account_id", as: Int64.self)] = try r.decode(column: "n", as: Int.self)
        }
        return out
    }
}
