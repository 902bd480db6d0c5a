import Foundation
import GridHubCore
import GridHubStore
import SQLKit

/// One transaction's worth of generated cases: their rows, reporters, timelines, whistle summons and
/// tracking counters, in bulk (``BulkRows``: multi-row inserts on SQLite, COPY on PostgreSQL).
struct ScaleBatch: Sendable {
    let cast: ScaleCast
    let calendar: WorkingCalendar
    let now: Date
    /// The id the first case of this batch takes; the batch checks it is still free when it writes.
    let firstID: Int64
    private(set) var events = 0
    private var nextID: Int64
    private var cases: BulkRows
    private var reporters: BulkRows
    private var timeline: BulkRows
    private var summons: BulkRows
    private var counters: BulkRows

    /// The last number used per street and day in this batch.
    private var counted: [String: (street: Int64, day: String, last: Int)] = [:]

    static let items = Dictionary(uniqueKeysWithValues: StandardCatalog.items.map { ($0.code, $0) })

    init(cast: ScaleCast, calendar: WorkingCalendar, now: Date, firstID: Int64, format: BulkRows.Format) {
        self.cast = cast
        self.calendar = calendar
        self.now = now
        self.firstID = firstID
        cases = BulkRows(
            table: "cases",
            columns: [
                "id", "street_id", "community_id", "grid_id", "tracking_no", "state", "class_code", "description", "lat",
                "lon", "channel", "reporter_count", "department_id", "reported_at", "updated_at", "lead_kind", "whistle",
                "due_at", "overdue", "escalated", "accepted_at", "rejected_at", "dispatched_at", "responded_at", "handled_at",
                "closed_at", "reworked", "rating", "rated_at",
            ], format: format)
        reporters = BulkRows(
            table: "case_reporters",
            columns: ["case_id", "reporter_key", "account_id", "device_id", "channel", "description", "reported_at"],
            format: format)
        timeline = BulkRows(
            table: "case_events",
            columns: [
                "case_id", "at", "kind", "actor_account_id", "actor_role", "actor_label", "from_state", "to_state", "note",
                "photos", "detail",
            ], format: format)
        summons = BulkRows(
            table: "case_summons",
            columns: ["case_id", "department_id", "summoned_at", "report_in_due", "reported_in_at", "late", "done_at"],
            format: format)
        // Counters continue existing ones (ON CONFLICT), which COPY cannot: a few hundred rows, inserted.
        counters = BulkRows(table: "tracking_counters", columns: ["street_id", "day", "last_value"], format: .inserts)
        self.nextID = firstID
    }

    /// Who reported: a rider's phone, a resident, the grid worker on patrol or the hotline.
    private struct Reporter {
        var person: ScaleCast.Person?
        var device: String?
        var channel: ReportChannel
        var key: String { person.map { "account:\($0.id)" } ?? "device:\(device ?? "")" }
        var label: String { person?.label ?? "外卖骑手 · \(device ?? "")" }
    }

    private func reporter(grid: Grid, _ rng: inout SeededRandom) -> Reporter {
        let roll = rng.unit()
        let residents = cast.residents[grid.streetID] ?? []
        if roll < 0.3, !residents.isEmpty {
            return Reporter(person: residents[Int(rng.next() % UInt64(residents.count))], channel: .web)
        }
        if roll < 0.55, let worker = cast.gridWorker[grid.id] { return Reporter(person: worker, channel: .patrol) }
        if roll < 0.65, let centre = cast.centre[grid.streetID] { return Reporter(person: centre, channel: .hotline) }
        return Reporter(device: "rider-\(10_000 + rng.next() % 50_000)", channel: .miniProgram)
    }

    mutating func add(reportedAt: Date, counters tracking: inout [String: Int], days: inout DayNames, rng: inout SeededRandom) {
        let grid = cast.grids[Int(rng.next() % UInt64(cast.grids.count))]
        guard let street = cast.streets[grid.streetID] else { return }
        let problem = DemoStreet.pickClass(&rng)
        guard let item = Self.items[problem.code] else { return }
        let who = reporter(grid: grid, &rng)
        let story = CaseStory.tell(
            item: item, reportedAt: reportedAt, now: now, calendar: calendar, reporterRates: who.person != nil, rng: &rng)
        let location = DemoStreet.interiorPoint(of: grid.boundary, u: rng.unit(), v: rng.unit())
        let description = "\(grid.name)：\(problem.what)。"
        let day = days.name(of: reportedAt)
        let counterKey = "\(street.id)/\(day)"
        let sequence = (tracking[counterKey] ?? 0) + 1
        tracking[counterKey] = sequence
        counted[counterKey] = (street.id, day, sequence)
        let id = nextID
        nextID += 1
        let departmentID = story.department.flatMap { cast.departmentIDs[street.id]?[$0] }
        cases.add([
            .int(id), .int(street.id), .int(grid.communityID), .int(grid.id),
            .text(TrackingNumber(prefix: street.trackingPrefix, day: day, sequence: sequence).value),
            .text(story.state.rawValue), .text(item.code), .text(description), .real(location.lat), .real(location.lon),
            .text(who.channel.rawValue), .int(1), .int(departmentID), .int(millis(reportedAt)), .int(millis(story.updatedAt)),
            .text(story.lead?.rawValue), .bool(story.lead == .street), .int(millis(story.dueAt)), .bool(story.overdue),
            .bool(story.escalated),
            .int(millis(story.acceptedAt)), .int(millis(story.rejectedAt)), .int(millis(story.dispatchedAt)),
            .int(millis(story.respondedAt)), .int(millis(story.handledAt)), .int(millis(story.closedAt)),
            .bool(story.reworked), .text(story.rating?.rawValue), .int(millis(story.ratedAt)),
        ])
        reporters.add([
            .int(id), .text(who.key), .int(who.person?.id), .text(who.device), .text(who.channel.rawValue),
            .text(description), .int(millis(reportedAt)),
        ])
        for step in story.steps {
            let actor = step.actor == .reporter ? who.person : cast.person(step.actor, grid: grid)
            let label = step.actor == .reporter ? who.label : actor?.label ?? "系统"
            timeline.add([
                .int(id), .int(millis(step.at)), .text(step.kind.rawValue), .int(actor?.id), .text(actor?.role.rawValue),
                .text(label), .text(step.from?.rawValue), .text(step.to?.rawValue),
                .text(step.kind == .reported ? description : step.note), .text(""), .text(step.detail),
            ])
        }
        events += story.steps.count
        for part in story.summons {
            guard let department = cast.departmentIDs[street.id]?[part.code], let summoned = story.dispatchedAt else { continue }
            summons.add([
                .int(id), .int(department), .int(millis(summoned)),
                .int(millis(summoned.addingTimeInterval(Double(WhistleRules.defaultReportInMinutes) * 60))),
                .int(millis(part.reportedInAt)), .bool(part.late), .int(millis(part.doneAt)),
            ])
        }
    }

    /// Writes the batch in the caller's transaction (`copy`: its COPY channel on PostgreSQL).
    func write(_ sql: any SQLDatabase, copy: PostgresBulkCopy?) async throws {
        guard try await Self.highestCaseID(sql) < firstID else {
            throw GridHubError(
                .conflict, "cases_added_meanwhile",
                "Cases were added while generating; run the generator with the server stopped."
            )
        }
        var batch = self
        for (_, c) in counted.sorted(by: { $0.key < $1.key }) {
            batch.counters.add([.int(c.street), .text(c.day), .int(Int64(c.last))])
        }
        try await batch.cases.run(on: sql, copy: copy)
        try await batch.reporters.run(on: sql, copy: copy)
        try await batch.timeline.run(on: sql, copy: copy)
        try await batch.summons.run(on: sql, copy: copy)
        try await batch.counters.run(
            on: sql, copy: nil, suffix: " ON CONFLICT (street_id, day) DO UPDATE SET last_value = excluded.last_value")
    }

    /// The largest case id so far (0 when there are none): generated ids follow it.
    static func highestCaseID(_ sql: any SQLDatabase) async throws -> Int64 {
        try await sql.select().column(SQLFunction("MAX", args: SQLColumn("id")), as: "id").from("cases").first()?
            .decode(column: "id", as: Int64?.self) ?? 0
    }

    private func millis(_ date: Date?) -> Int64? { date.map(StoredTime.millis) }
    private func millis(_ date: Date) -> Int64 { StoredTime.millis(date) }
}

/// Tracking-number days (yyyyMMdd in Beijing time) by day number, each worked out once.
struct DayNames {
    private var names: [Int: String] = [:]

    mutating func name(of date: Date) -> String {
        let day = Int(((date.timeIntervalSince1970 + 8 * 3_600) / 86_400).rounded(.down))
        if let name = names[day] { return name }
        let name = TrackingNumber.day(of: date)
        names[day] = name
        return name
    }
}
