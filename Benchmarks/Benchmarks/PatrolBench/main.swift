// Patrols against a real SQLite file (WAL, synchronous=FULL), release build: `scripts/bench-patrols`.
// Each timing is printed with a baseline measured in the same run, as a Markdown table.
import BenchKit
import Foundation
import GridHubCore
import GridHubDemo
import GridHubStore
import Logging
import SQLKit

/// Walks round a point at 1.2 m/s, a fix every 10 s.
enum Walks {
    static func loop(_ centre: Coordinate, start: Date, count: Int, radius: Double = 20) -> [Fix] {
        let plane = LocalPlane(origin: centre)
        return (0..<count).map { i in
            let angle = Double(i) * 12 / radius
            return Fix(
                at: start.addingTimeInterval(Double(i) * 10),
                coordinate: plane.unproject(.init(x: radius * cos(angle), y: radius * sin(angle))), accuracy: 6)
        }
    }
}

/// The baseline of ingest: the same rows as bare INSERTs, 500 a statement, one transaction a batch.
enum BareInsert {
    static func run(_ database: any Database, _ fixes: [Fix], accountID: Int64, patrolID: Int64, shift: Int64) async throws {
        try await database.write { sql in
            let insert = sql.insert(into: "patrol_fixes").columns(
                "account_id", "at", "patrol_id", "device_id", "lat", "lon", "accuracy", "speed", "heading", "altitude", "battery",
                "received_at")
            for f in fixes {
                insert.values(
                    SQLBind(accountID), SQLBind(StoredTime.millis(f.at) + shift), SQLBind(patrolID), SQLBind("bare"),
                    SQLBind(f.coordinate.lat), SQLBind(f.coordinate.lon), SQLBind(f.accuracy), SQLBind(f.speed),
                    SQLBind(f.heading), SQLBind(f.altitude), SQLBind(f.battery), SQLBind(StoredTime.millis(Date())))
            }
            try await insert.run()
        }
    }
}

var logger = Logger(label: "bench")
logger.logLevel = .warning
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridhub-bench-patrols-\(UUID().uuidString)")
defer { try? FileManager.default.removeItem(at: folder) }
let database = try await DatabaseOpener.open(url: nil, dataDirectory: folder, logger: logger)
let photos = PhotoStore(root: folder.appendingPathComponent("photos"))
// "Today" is the last day of November 2026 at 20:00 Shanghai: the demo's month of patrols is November's.
let today = Date(timeIntervalSince1970: 1_796_040_000)
let seedStart = ContinuousClock.now
let summary = try await DemoSeeder(database: database, photos: photos).seedIfEmpty(today: today, logger: logger)
let seedTime = ContinuousClock.now - seedStart
let directory = try await GridDirectory.load(OrgStore(database: database))
let accounts = AccountStore(database: database)
func principal(_ username: String) async throws -> Principal {
    guard let account = try await accounts.credentials(username: username)?.account else {
        fatalError("no account \(username)")
    }
    return account.principal
}
let store = PatrolStore(database: database, directory: directory)
var rows = [String]()

// 1. Fix ingest: batches of 500, each to a different worker's running patrol, three rounds over 48
// workers (patrols grow to 1,500 fixes, every batch re-filters and re-measures its whole track).
// Baseline: the same batches as bare INSERTs in one transaction each (no filtering, no measuring).
var found = [Principal]()
for n in 1...48 { found.append(try await principal(String(format: "wgy%02d", n))) }
let workers = found
let start = today.addingTimeInterval(3_600)  // 21:00, after the demo's day
var patrolIDs = [Int64]()
for w in workers {
    if let running = try await store.list(for: w, worker: w.username, day: nil, limit: 1).first, running.running {
        _ = try await store.end(running.id, by: w, at: nil, now: start)
    }
    patrolIDs.append(try await store.start(by: w, gridCode: nil, now: start).id)
}
func batch(_ round: Int, _ w: Int) -> [Fix] {
    let centre = directory.current.grids[workers[w].gridIDs[0]]?.boundary.centroid ?? Coordinate(lat: 43.88, lon: 125.33)
    return Walks.loop(centre, start: start.addingTimeInterval(Double(round) * 5_000), count: 500)
}
let rounds = 3
let ingest = try await times(1) {
    for round in 0..<rounds {
        for (i, w) in workers.enumerated() {
            _ = try await store.record(
                batch(round, i), to: patrolIDs[i], by: w, device: "bench", now: start.addingTimeInterval(20_000))
        }
    }
}[0]
let fixes = Double(rounds * workers.count * 500)
let bare = try await times(1) {
    for round in 0..<rounds {
        for i in workers.indices {
            try await BareInsert.run(
                database, batch(round, i), accountID: workers[i].accountID, patrolID: patrolIDs[i], shift: 10_000_000_000)
        }
    }
}[0]
let rate = fixes / (ingest / 1000)
rows.append(
    "| fix ingest, \(Int(fixes)) fixes in batches of 500 (`PatrolStore.record`: insert, re-filter, re-measure) | "
        + "\(Int(rate)) fixes/s | \(ms(ingest / Double(rounds * workers.count))) ms a batch; bare INSERTs \(ms(bare / Double(rounds * workers.count))) ms (×\(String(format: "%.1f", ingest / bare))) | ≥ 20,000 fixes/s | \(rate >= 20_000 ? "met" : "**missed**") |"
)

// 2. A day's track of one worker: two patrols of three hours at one fix per 10 s, measured again and
// returned (the list of the day plus both tracks). Baseline: one patrol read (`GET /patrols/{id}`).
let walker = workers[0]
guard let grid = directory.current.grids[walker.gridIDs[0]] else { fatalError("wgy01 has no grid") }
let centre = grid.boundary.centroid
let day = "2026-11-29"  // a Sunday: the demo walked nothing that day, so these two are the day's patrols
guard let midnight = PatrolDay.start(day) else { fatalError("no day \(day)") }
var dayIDs = [Int64]()
for startHour in [8.5, 14.0] {
    let begin = midnight.addingTimeInterval(startHour * 3_600)
    dayIDs.append(
        try await database.write { sql in
            try await PatrolStore.recordWalk(
                sql, accountID: walker.accountID, grid: grid, source: "app", device: "bench",
                fixes: Walks.loop(centre, start: begin, count: 1_081, radius: 150), now: today)
        })
}
let one = try await times(50) { _ = try await store.patrol(dayIDs[0], for: walker) }
let dayTrack = try await times(30) {
    _ = try await store.list(for: walker, worker: walker.username, day: day, limit: 10)
    for id in dayIDs {
        _ = try await store.record([], to: id, by: walker, device: "bench", now: today)  // re-filters and re-measures
        _ = try await store.track(id, for: walker, now: today)
    }
}
rows.append(
    "| a day's track: 2 patrols × 3 h at 10 s (2,162 fixes), measured again and returned | \(ms(median(dayTrack))) ms | p99 \(ms(p99(dayTrack))) ms; one patrol read \(ms(median(one))) ms (×\(String(format: "%.0f", median(dayTrack) / median(one)))) | ≤ 50 ms | \(median(dayTrack) <= 50 ? "met" : "**missed**") |"
)

// 3. The month's assessment of the street: 48 workers, the demo's month of patrols.
let centreStaff = try await principal("zhihui")
let assessments = PatrolAssessments(database: database, calendar: .standard)
let month = try await times(30) {
    _ = try await assessments.month("2026-11", level: .street, id: nil, for: centreStaff, now: today)
}
let table = try await assessments.month("2026-11", level: .street, id: nil, for: centreStaff, now: today)
rows.append(
    "| the month's assessment of a street (\(table.count) workers, \(summary?.patrols ?? 0) patrols) | \(ms(median(month))) ms | p99 \(ms(p99(month))) ms; one patrol read \(ms(median(one))) ms (×\(String(format: "%.0f", median(month) / median(one)))) | ≤ 200 ms | \(median(month) <= 200 ? "met" : "**missed**") |"
)

print("Demo street with a month of patrols seeded in \(seedTime) (\(summary?.description ?? "")).")
print()
print("| measure | result | detail (baseline in the same run) | target | |")
print("| --- | ---: | --- | --- | --- |")
for row in rows { print(row) }
