import Foundation
import GridHubCore
import GridHubStore
import HummingbirdBcrypt
import Logging
import SQLKit

/// `gridhub demo --scale N`: a city's year of cases for scale and load tests — generated streets
/// beside the demo street (up to 10,000 grids, each street with its staff and catalogue), then N cases
/// with their reporters and whole timelines (``CaseStory``), written in batches of multi-row inserts.
public struct ScaleSeeder: Sendable {
    let database: any Database
    let calendar: WorkingCalendar

    public init(database: any Database, calendar: WorkingCalendar = .standard) {
        self.database = database
        self.calendar = calendar
    }

    public struct Summary: Sendable {
        public var streets = 0
        public var grids = 0
        public var cases = 0
        public var events = 0
        /// Writing the generated streets' organisation and staff (once per city).
        public var streetSeconds = 0.0
        /// Writing the cases, their indicator totals included.
        public var seconds = 0.0
        /// Building the indicator totals of the whole city (part of `seconds`).
        public var indicatorSeconds = 0.0
        public var casesPerSecond: Double { seconds > 0 ? Double(cases) / seconds : 0 }
    }

    /// Cases per transaction: one commit (one fsync) per batch.
    static let batch = 10_000
    /// From this many cases on, PostgreSQL builds the case tables' secondary indexes after the rows.
    static let indexesAsideFrom = 200_000
    static let caseTables = ["cases", "case_reporters", "case_events", "case_summons"]

    /// Adds the generated streets still missing, then `cases` cases over the year before `now`.
    public func seed(cases: Int, streets: Int? = nil, seed: UInt64 = 7, now: Date = Date(), logger: Logger)
        async throws -> Summary
    {
        var started = Date()
        try await addStreets(streets ?? ScaleCity.streetCount(forCases: cases), now: now)
        let streetSeconds = Date().timeIntervalSince(started)
        started = Date()
        let cast = try await ScaleCast.load(database)
        if database.flavor == .sqlite {
            // While a year is written, index pages stay in memory (this connection only).
            try await database.write { sql in try await sql.raw("PRAGMA cache_size=-1048576").run() }
        }
        var summary = Summary(streets: cast.streets.count, grids: cast.grids.count, streetSeconds: streetSeconds)
        // PostgreSQL: a large city's secondary indexes are built after its rows, not row by row —
        // and built again if writing fails, so the database is never left without them.
        let postgres = cases >= Self.indexesAsideFrom ? database as? PostgreSQLDatabase : nil
        let setAside = try await postgres?.setAsideIndexes(of: Self.caseTables) ?? []
        do {
            summary.events = try await writeCases(cases, cast: cast, seed: seed, now: now, logger: logger)
        } catch {
            try? await postgres?.restoreIndexes(setAside)
            throw error
        }
        try await postgres?.restoreIndexes(setAside)
        try await database.write { sql in try await sql.resumeIDs(of: "cases") }
        let indicatorsStarted = Date()
        try await IndicatorSubscriber.rebuild(database)  // the cases were written without events
        summary.indicatorSeconds = Date().timeIntervalSince(indicatorsStarted)
        try await database.refreshStatistics()
        summary.cases = cases
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// Writes `cases` cases spread over the year before `now`; returns how many timeline events they have.
    private func writeCases(_ cases: Int, cast: ScaleCast, seed: UInt64, now: Date, logger: Logger) async throws -> Int {
        var counters = try await trackingCounters()
        var rng = SeededRandom(seed: seed)
        var days = DayNames()
        var events = 0
        let span = 365 * 86_400.0
        let start = now.addingTimeInterval(-span)
        let firstID = try await nextCaseID()
        // The next batch is built while the last one is written: Swift and the database each keep a core busy.
        var writing: Task<Void, any Error>?
        var next = 0
        while next < cases {
            let count = min(Self.batch, cases - next)
            var batch = ScaleBatch(
                cast: cast, calendar: calendar, now: now, firstID: firstID + Int64(next), format: bulkFormat)
            for i in next..<(next + count) {
                let reportedAt = start.addingTimeInterval((Double(i) + rng.unit()) * span / Double(cases))
                batch.add(reportedAt: reportedAt, counters: &counters, days: &days, rng: &rng)
            }
            events += batch.events
            try await writing?.value
            writing = Task { [batch, self] in try await write(batch) }
            next += count
            logger.debug("scale batch built", metadata: ["cases": "\(next)"])
        }
        try await writing?.value
        return events
    }

    /// COPY on PostgreSQL (a city of 10,000,000 cases is written that way), literal inserts on SQLite.
    var bulkFormat: BulkRows.Format { database is PostgreSQLDatabase ? .copy : .inserts }

    /// One batch, one transaction.
    func write(_ batch: ScaleBatch) async throws {
        if let postgres = database as? PostgreSQLDatabase {
            try await postgres.writeBulk { sql, copy in try await batch.write(sql, copy: copy) }
        } else {
            try await database.write { sql in try await batch.write(sql, copy: nil) }
        }
    }

    /// Writes the streets 1…count that are not there yet, with one bcrypt hash for all their staff.
    func addStreets(_ count: Int, now: Date) async throws {
        let template = DemoStreet(today: now)
        let hash = Bcrypt.hash(DemoStreet.demoPassword, cost: 10)
        try await database.write { sql in
            let existing = Set(
                try await sql.select().column("code").from("streets").all().map { try $0.decode(column: "code", as: String.self) }
            )
            for k in 1...max(1, count) {
                let plan = ScaleCity.street(k, template: template)
                guard !existing.contains(plan.street.code) else { continue }
                _ = try await StreetWriter.write(
                    street: plan.street, communities: plan.communities, grids: plan.grids, buildings: [],
                    accounts: ScaleCity.accounts(of: plan), passwordHash: hash, created: now, sql)
            }
        }
    }

    func nextCaseID() async throws -> Int64 {
        try await database.read { sql in try await ScaleBatch.highestCaseID(sql) + 1 }
    }

    /// The last tracking number used per street and day, so generated numbers continue them.
    func trackingCounters() async throws -> [String: Int] {
        try await database.read { sql in
            var counters = [String: Int]()
            for row in try await sql.select().columns("street_id", "day", "last_value").from("tracking_counters").all() {
                let key =
                    "\(try row.decode(column: "street_id", as: Int64.self))/\(try row.decode(column: "day", as: String.self))"
                counters[key] = try row.decode(column: "last_value", as: Int.self)
            }
            return counters
        }
    }
}
