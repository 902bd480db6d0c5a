// The points shop against a real SQLite file (WAL, synchronous=FULL), release build:
// `scripts/bench-points`. Each timing is printed with a baseline measured in the same run.
import BenchKit
import Foundation
import GridHubCore
import GridHubDemo
import GridHubStore
import Logging
import SQLKit

var logger = Logger(label: "bench")
logger.logLevel = .warning
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridhub-bench-points-\(UUID().uuidString)")
defer { try? FileManager.default.removeItem(at: folder) }
let database = try await DatabaseOpener.open(url: nil, dataDirectory: folder, logger: logger)
let photos = PhotoStore(root: folder.appendingPathComponent("photos"))
let today = Date(timeIntervalSince1970: 1_796_040_000)
_ = try await DemoSeeder(database: database, photos: photos).seedIfEmpty(today: today, patrols: false, logger: logger)
let directory = try await GridDirectory.load(OrgStore(database: database))
let accounts = AccountStore(database: database)
func principal(_ username: String) async throws -> Principal {
    guard let account = try await accounts.credentials(username: username)?.account else { fatalError("no account \(username)") }
    return account.principal
}
let points = PointsStore(database: database)
let shop = ShopStore(database: database, directory: directory)
let centre = try await principal("zhihui")
let staff = try await principal("sq01")
let community = staff.communityID ?? 0
let total = Int(ProcessInfo.processInfo.environment["GRIDHUB_BENCH_REDEMPTIONS"] ?? "") ?? 20_000
let residents = try await (1...30).asyncMap { try await principal(String(format: "jumin%02d", $0)) }
_ = try await points.adjust(holder: "budget", amount: 1_000_000, reason: "bench", by: centre, now: today)
for r in residents {
    _ = try await points.adjust(
        holder: PointsHolder.account(r.accountID).key, amount: 10_000, reason: "bench", by: centre, now: today)
}
let item = try await shop.create(
    ShopItemInput(name: "香皂", price: 10, stock: 1_000_000), communityID: community, by: staff, now: today)
try await database.write { sql in try await sql.raw("CREATE TABLE bench_rows (id INTEGER PRIMARY KEY, v TEXT)").run() }

/// `count` operations, `concurrency` in flight at once (as many requests would be): operations a second.
func rate(_ count: Int, concurrency: Int, _ op: @escaping @Sendable (Int) async throws -> Void) async throws -> Double {
    let start = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        var next = 0
        while next < min(concurrency, count) {
            let i = next
            group.addTask { try await op(i) }
            next += 1
        }
        while try await group.next() != nil, next < count {
            let i = next
            group.addTask { try await op(i) }
            next += 1
        }
        try await group.waitForAll()
    }
    return Double(count) / (milliseconds(ContinuousClock.now - start) / 1_000)
}

var rows = [String]()
let codes = CodeBox()
// The baseline: the same number of one-row writes through the same writer (group commit, fsync).
let bare = try await rate(total, concurrency: 256) { i in
    try await database.write { sql in try await sql.raw("INSERT INTO bench_rows (v) VALUES (\(bind: "r\(i)"))").run() }
}
// What one statement costs the writer: writes of 1, 4 and 8 one-row updates (the ceiling's measure).
var probe: [String] = []
for n in [1, 4, 8] {
    let r = try await rate(total, concurrency: 256) { i in
        try await database.write { sql in
            for _ in 0..<n { try await sql.raw("UPDATE bench_rows SET v = v WHERE id = \(bind: i % 100 + 1)").run() }
        }
    }
    probe.append("\(n): \(Int(r)) /s")
}
let redeem = try await rate(total, concurrency: 256) { i in
    let r = try await shop.redeem(itemID: item.id, quantity: 1, by: residents[i % residents.count], now: today)
    await codes.add(r.code)
}
rows.append(
    "| redemptions (stock reserved, points held, code issued, answer read back) | \(Int(redeem)) /s | bare one-row writes \(Int(bare)) /s: ×\(String(format: "%.1f", bare / redeem)) | ≥ 2,000 /s | \(redeem >= 2_000 ? "met" : "**missed**") |"
)
let all = await codes.all
let fulfil = try await rate(all.count, concurrency: 256) { i in
    _ = try await shop.fulfil(code: all[i], by: staff, now: today.addingTimeInterval(60))
}
rows.append(
    "| writes of 1, 4, 8 one-row statements (the writer's cost a statement) | \(probe.joined(separator: " · ")) | — | — | |")
rows.append(
    "| fulfils at the counter (hold posted) | \(Int(fulfil)) /s | bare one-row writes \(Int(bare)) /s: ×\(String(format: "%.1f", bare / fulfil)) | — | |"
)
let month = try await points.month(CivilMonth(today), by: centre)
guard month.balanced, month.fulfilled == Int64(total) * 10 else { fatalError("the books do not balance after the run") }
let statement = try await times(200) { _ = try await points.summary(by: residents[0], now: today) }.sorted()
rows.append(
    "| a resident's points page (balance and latest 50 lines, \(total / residents.count * 2) entries) | \(ms(median(statement))) ms | p99 \(ms(p99(statement))) ms | — | |"
)

print("\(total) redemptions by 30 residents, 256 at a time, then every code fulfilled; the books balance after.")
print()
print("| measure | result | detail (baseline in the same run) | target | |")
print("| --- | ---: | --- | --- | --- |")
for row in rows { print(row) }

actor CodeBox {
    var all: [String] = []
    func add(_ code: String) { all.append(code) }
}

extension ClosedRange where Bound == Int {
    func asyncMap<T>(_ body: (Int) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for i in self { out.append(try await body(i)) }
        return out
    }
}
