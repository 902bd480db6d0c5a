import Foundation
import GridHubCore
import SQLKit

/// Windows missed and made up (漏巡、补签): the sweep flags each worker's window that passed without a
/// counted patrol; the worker may ask for a make-up with a reason, which their community decides.
public struct PatrolSlots: Sendable {
    let database: any Database
    let calendar: WorkingCalendar

    public init(database: any Database, calendar: WorkingCalendar) {
        self.database = database
        self.calendar = calendar
    }

    /// What one sweep did.
    public struct SweepResult: Sendable, Hashable, CustomStringConvertible {
        public var closed = 0
        public var missed = 0
        public var purgedFixes = 0
        public var isEmpty: Bool { closed == 0 && missed == 0 && purgedFixes == 0 }
        public var description: String { "closed \(closed), missed \(missed), purged fixes \(purgedFixes)" }
    }

    /// How long after a window ends the sweep waits before calling it missed (uploads from phones that
    /// were offline arrive late).
    public static let grace: TimeInterval = 15 * 60
    /// A running patrol with no fix for this long is closed at its last fix: 20 minutes for a tracker,
    /// two hours for the phone page (which may be buffering offline).
    static let idle: [String: TimeInterval] = ["tracker": 20 * 60, "app": 2 * 3600]

    /// Closes idle patrols, flags missed windows of today and yesterday, deletes raw fixes past retention.
    public static func sweep(_ sql: any SQLDatabase, now: Date, directory: GridDirectory, calendar: WorkingCalendar)
        async throws -> SweepResult
    {
        var result = SweepResult()
        result.closed = try await closeIdle(sql, now: now, directory: directory)
        for streetID in directory.current.streets.keys.sorted() {
            result.missed += try await flagMissed(sql, streetID: streetID, now: now, calendar: calendar)
        }
        result.purgedFixes = try await PatrolStore.purgeRawFixes(sql, now: now)
        return result
    }

    static func closeIdle(_ sql: any SQLDatabase, now: Date, directory: GridDirectory) async throws -> Int {
        var closed = 0
        let rows = try await PatrolStore.select(sql).where(SQLColumn.dotted("p.ended_at"), .is, SQLLiteral.null).rows(
            PatrolRow.self)
        for row in rows {
            let last = row.lastFixAt ?? row.startedAt
            guard StoredTime.millis(now) - last > Int64((idle[row.source] ?? 7200) * 1000) else { continue }
            try await sql.update("patrols").set("ended_at", to: last).where("id", .equal, row.id)
                .where("ended_at", .is, SQLLiteral.null).run()
            let measured = try await PatrolStore.measure(sql, row.id, filter: TrackFilter(), directory: directory, now: now)
            try await PatrolStore.announce(sql, PatrolEvent.finished, row, counted: measured.counted, at: now)
            closed += 1
        }
        return closed
    }

    /// Grid workers of the street, with their community and when their account began.
    static func workers(_ sql: any SQLDatabase, streetID: Int64) async throws -> [(
        id: Int64, name: String, community: Int64, since: Int64
    )] {
        try await sql.select().columns("id", "display_name", "community_id", "created_at").from("accounts")
            .where("role", .equal, Role.gridWorker.rawValue).where("street_id", .equal, streetID)
            .where("disabled", .equal, false).orderBy("id").all().compactMap { r in
                guard let community = try r.optional("community_id", as: Int64.self) else { return nil }
                return (
                    try r.decode(column: "id", as: Int64.self), try r.decode(column: "display_name", as: String.self), community,
                    try r.decode(column: "created_at", as: Int64.self)
                )
            }
    }

    static func flagMissed(_ sql: any SQLDatabase, streetID: Int64, now: Date, calendar: WorkingCalendar) async throws -> Int {
        try await flagMissed(
            sql, streetID: streetID, days: [PatrolDay.key(now.addingTimeInterval(-86_400)), PatrolDay.key(now)], now: now,
            calendar: calendar)
    }

    /// Flags every worker's window of `days` that ended (with grace) before `now` without a counted patrol.
    public static func flagMissed(
        _ sql: any SQLDatabase, streetID: Int64, days: [String], now: Date, calendar: WorkingCalendar
    ) async throws -> Int {
        let counted = try await countedSlots(sql, streetID: streetID, days: days)
        let recorded = try await recordedSlots(sql, streetID: streetID, days: days)
        var plans = [Int64: PatrolPlan]()
        var flagged = 0
        for worker in try await workers(sql, streetID: streetID) {
            let plan: PatrolPlan
            if let known = plans[worker.community] {
                plan = known
            } else {
                plan = try await PatrolPlans.effective(sql, streetID: streetID, communityID: worker.community)
                plans[worker.community] = plan
            }
            let due = PatrolAssessment.due(
                days: days, plan: plan, isWorkingDay: calendar.isWorkingDay, now: now.addingTimeInterval(-grace))
            for slot in due.sorted() {
                guard let window = plan.range(of: slot), StoredTime.millis(window.lowerBound) >= worker.since,
                    !counted.contains(Key(worker.id, slot)), !recorded.contains(Key(worker.id, slot))
                else { continue }
                try await sql.insert(into: "patrol_slots")
                    .columns("account_id", "street_id", "community_id", "day", "window_index", "state", "flagged_at")
                    .values(
                        SQLBind(worker.id), SQLBind(streetID), SQLBind(worker.community), SQLBind(slot.day), SQLBind(slot.window),
                        SQLBind("missed"), SQLBind(StoredTime.millis(now))
                    ).ignoringConflicts(with: ["account_id", "day", "window_index"]).run()
                let facts = PatrolFacts(accountID: worker.id, workerName: worker.name, communityID: worker.community, slot: slot)
                _ = try await EventLog.append(
                    sql,
                    try DomainEvent(
                        kind: PatrolEvent.missed, streetID: streetID, subject: Subject("worker", worker.id), actorAccountID: nil,
                        at: now, facts: facts))
                flagged += 1
            }
        }
        return flagged
    }

    struct Key: Hashable {
        var account: Int64
        var slot: PatrolSlot
        init(_ account: Int64, _ slot: PatrolSlot) {
            self.account = account
            self.slot = slot
        }
    }

    static func countedSlots(_ sql: any SQLDatabase, streetID: Int64, days: [String]) async throws -> Set<Key> {
        Set(
            try await sql.select().columns("account_id", "slot_day", "slot_window").from("patrols")
                .where("street_id", .equal, streetID).where("counted", .equal, true).where("slot_day", .in, days).all().map {
                    Key(
                        try $0.decode(column: "account_id", as: Int64.self),
                        PatrolSlot(
                            day: try $0.decode(column: "slot_day", as: String.self),
                            window: try $0.decode(column: "slot_window", as: Int.self)))
                })
    }

    static func recordedSlots(_ sql: any SQLDatabase, streetID: Int64, days: [String]) async throws -> Set<Key> {
        Set(
            try await sql.select().columns("account_id", "day", "window_index").from("patrol_slots")
                .where("street_id", .equal, streetID).where("day", .in, days).all().map {
                    Key(
                        try $0.decode(column: "account_id", as: Int64.self),
                        PatrolSlot(
                            day: try $0.decode(column: "day", as: String.self),
                            window: try $0.decode(column: "window_index", as: Int.self)))
                })
    }
}
