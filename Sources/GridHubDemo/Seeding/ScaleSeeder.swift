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
        /// Writing the cases.
        public var seconds = 0.0
        public var casesPerSecond: Double { seconds > 0 ? Double(cases) / seconds : 0 }
    }

    /// Cases per transaction: one commit (one fsync) per batch.
    static let batch = 10_000

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
        var counters = try await trackingCounters()
        var summary = Summary(streets: cast.streets.count, grids: cast.grids.count, streetSeconds: streetSeconds)
        var rng = SeededRandom(seed: seed)
        var days = DayNames()
        let span = 365 * 86_400.0
        let start = now.addingTimeInterval(-span)
        let firstID = try await nextCaseID()
        // The next batch is built while the last one is written: Swift and SQLite each keep a core busy.
        var writing: Task<Void, any Error>?
        var next = 0
        while next < cases {
            let count = min(Self.batch, cases - next)
            var batch = ScaleBatch(cast: cast, calendar: calendar, now: now, firstID: firstID + Int64(next))
            for i in next..<(next + count) {
                let reportedAt = start.addingTimeInterval((Double(i) + rng.unit()) * span / Double(cases))
                batch.add(reportedAt: reportedAt, counters: &counters, days: &days, rng: &rng)
            }
            summary.events += batch.events
            try await writing?.value
            writing = Task { [batch, database] in try await database.write { sql in try await batch.write(sql) } }
            next += count
            logger.debug("scale batch built", metadata: ["cases": "\(next)"])
        }
        try await writing?.value
        try await database.write { sql in try await sql.resumeIDs(of: "cases") }
        try await IndicatorSubscriber.rebuild(database)  // the cases were written without events
        try await database.refreshStatistics()
        summary.cases = cases
        summary.seconds = Date().timeIntervalSince(started)
        return summary
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
