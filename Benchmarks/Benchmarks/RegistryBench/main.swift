// The resident registry against a real SQLite file (WAL, synchronous=FULL), release build:
// `scripts/bench-registry`. Each timing is printed with a baseline measured in the same run.
import BenchKit
import Foundation
import GridHubCore
import GridHubDemo
import GridHubStore
import Logging
import SQLKit

var logger = Logger(label: "bench")
logger.logLevel = .warning
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridhub-bench-registry-\(UUID().uuidString)")
defer { try? FileManager.default.removeItem(at: folder) }
let database = try await DatabaseOpener.open(url: nil, dataDirectory: folder, logger: logger)
let photos = PhotoStore(root: folder.appendingPathComponent("photos"))
let today = Date(timeIntervalSince1970: 1_796_040_000)
_ = try await DemoSeeder(database: database, photos: photos).seedIfEmpty(today: today, patrols: false, logger: logger)
let vault = try await PersonalDataVault.open(database, master: try MasterKey(bytes: Array(repeating: 9, count: 32)))
let directory = try await GridDirectory.load(OrgStore(database: database))
let registry = RegistryStore(database: database, vault: vault, directory: directory)
let accounts = AccountStore(database: database)
func principal(_ username: String) async throws -> Principal {
    guard let account = try await accounts.credentials(username: username)?.account else { fatalError("no account \(username)") }
    return account.principal
}
var rows = [String]()

func need<T>(_ value: T?, _ what: String) -> T {
    guard let value else { fatalError("the benchmark's world has no \(what)") }
    return value
}

// 1. A district's million residents, written straight into the tables (sealed and indexed as the store
// does) across the street's 924 units: the world the searches run in. Not itself a measure.
let units = try await database.read { sql in
    try await sql.select().column(SQLColumn("id", table: "u"), as: "unit").column(SQLColumn("id", table: "b"), as: "building")
        .column(SQLColumn("grid_id", table: "b"))
        .from(SQLAlias(SQLIdentifier("units"), as: SQLIdentifier("u")))
        .join(
            SQLAlias(SQLIdentifier("buildings"), as: SQLIdentifier("b")), on: SQLColumn("building_id", table: "u"), .equal,
            SQLColumn("id", table: "b")
        )
        .orderBy(SQLColumn("id", table: "u")).all().map {
            (
                unit: try $0.decode(column: "unit", as: Int64.self), building: try $0.decode(column: "building", as: Int64.self),
                grid: try $0.decode(column: "grid_id", as: Int64.self)
            )
        }
}
let tagCycle: [[ResidentTag]] = [[.livingAlone], [.disabled], [.lowIncome], [.emptyNest], [.entitled], [.focus]]
let total = Int(ProcessInfo.processInfo.environment["GRIDHUB_BENCH_RESIDENTS"] ?? "") ?? 1_000_000
let fillStart = ContinuousClock.now
var n = 0
var household: Int64 = 0
/// The next 2,000 households' rows: households, residents, their groups.
@MainActor func batch() throws -> (homes: [[any SQLExpression]], people: [[any SQLExpression]], tags: [[any SQLExpression]]) {
    var homes: [[any SQLExpression]] = []
    var people: [[any SQLExpression]] = []
    var tags: [[any SQLExpression]] = []
    for _ in 0..<2_000 where n < total {
        household += 1
        let u = units[Int(household) % units.count]
        guard let grid = directory.current.grids[u.grid] else { continue }
        let now = StoredTime.millis(today)
        homes.append([
            SQLBind(household), SQLBind(grid.streetID), SQLBind(grid.communityID), SQLBind(grid.id), SQLBind(u.building),
            SQLBind(u.unit), SQLBind("x\(household)"), SQLBind("registered"), SQLBind(false), SQLBind(1), SQLBind(now),
            SQLBind(now),
        ])
        for _ in 0..<(1 + Int(household % 4)) where n < total {
            n += 1
            let born = CivilDate(today.addingTimeInterval(-Double(n / 1000 % 30_000 + 3_650) * 86_400))
            let id =
                IDNumber.completing(String(format: "220105%04d%02d%02d%03d", born.year, born.month, born.day, n % 1000)) ?? ""
            let phone = String(format: "139%08d", n)
            let tagged = n % 40 == 0 ? tagCycle[(n / 40) % tagCycle.count] : []
            people.append([
                SQLBind(Int64(n)), SQLBind(grid.streetID), SQLBind(grid.communityID), SQLBind(grid.id), SQLBind(u.building),
                SQLBind(u.unit), SQLBind(household), SQLBind(DemoStreet.personName(n)), SQLBind(born.description),
                SQLBind(try vault.seal(id, field: "id_number")), SQLBind(vault.index(id, field: "id_number")),
                SQLBind(try vault.seal(phone, field: "phone")), SQLBind(vault.index(phone, field: "phone")), SQLBind("户主"),
                SQLBind(tagged.map(\.rawValue).joined(separator: ",")), SQLBind(tagged.contains(.focus) ? "定期探视" : nil),
                SQLBind(1), SQLBind(now), SQLBind(now),
            ])
            for tag in tagged {
                tags.append([
                    SQLBind(grid.communityID), SQLBind(tag.rawValue), SQLBind(DemoStreet.personName(n)), SQLBind(Int64(n)),
                ])
            }
        }
    }
    return (homes, people, tags)
}

while n < total {
    let (homes, people, tags) = try batch()
    try await database.write { sql in
        for chunk in stride(from: 0, to: homes.count, by: 400) {
            try await sql.insert(into: "households").columns(
                "id", "street_id", "community_id", "grid_id", "building_id", "unit_id", "room", "kind", "party_member", "version",
                "created_at", "updated_at"
            ).rows(Array(homes[chunk..<min(chunk + 400, homes.count)])).run()
        }
        for chunk in stride(from: 0, to: people.count, by: 400) {
            try await sql.insert(into: "residents").columns(
                "id", "street_id", "community_id", "grid_id", "building_id", "unit_id", "household_id", "name", "birth_date",
                "id_sealed", "id_index", "phone_sealed", "phone_index", "relation", "tags", "focus_reason", "version",
                "created_at", "updated_at"
            ).rows(Array(people[chunk..<min(chunk + 400, people.count)])).run()
        }
        if !tags.isEmpty {
            try await sql.insert(into: "resident_tags").columns("community_id", "tag", "name", "resident_id").rows(tags).run()
        }
    }
}
try await database.refreshStatistics()
let fillTime = milliseconds(ContinuousClock.now - fillStart) / 1000

// 2. Search within a community (~170,000 residents each here; a district's communities hold far fewer):
// by a name's first character, by two, and by group — 50 a page, each listed read audited as users get it.
let staff = try await principal("sq01")
let community = need(staff.communityID, "community of sq01")
let surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"]
let window = try PageWindow(limit: nil, offset: nil)
let bare = try await times(300) {
    _ = try await database.read { sql in
        try await sql.select().column("id").from("residents").where("community_id", .equal, community).limit(50).all()
    }
}
var k = 0
let byName = try await times(300) {
    k += 1
    _ = try await registry.search(
        .init(namePrefix: surnames[k % surnames.count], communityID: community, window: window), by: staff, address: nil)
}
let byTwo = try await times(300) {
    k += 1
    let name = DemoStreet.personName(k * 37)
    _ = try await registry.search(
        .init(namePrefix: String(name.prefix(2)), communityID: community, window: window), by: staff, address: nil)
}
let byTag = try await times(300) {
    k += 1
    _ = try await registry.search(
        .init(tag: tagCycle[k % tagCycle.count][0], communityID: community, window: window), by: staff, address: nil)
}
let inCommunity = try await database.read { sql in
    try await sql.select().column("id").from("residents").where("community_id", .equal, community).all().count
}
let worst = max(p99(byName), p99(byTwo), p99(byTag))
rows.append(
    "| search in a community of \(inCommunity) among \(n) residents: name's first character / first two / group, 50 a page, audited | \(ms(p99(byName))) / \(ms(p99(byTwo))) / \(ms(p99(byTag))) ms p99 | medians \(ms(median(byName))) / \(ms(median(byTwo))) / \(ms(median(byTag))) ms; a bare 50-row read \(ms(median(bare))) ms | ≤ 20 ms p99 | \(worst <= 20 ? "met" : "**missed**") |"
)

// 3. A 10,000-line register imported (all checked, all-or-nothing, sealed, versioned) against the same
// rows as bare multi-row INSERTs.
let street = DemoStreet(seed: 2_023, today: today)
let register = DemoRegister(street, today: CivilDate(today), seed: 77)
let big = register.sheets.max { $0.value.count < $1.value.count }
// The community's own sheet, topped up to 10,000 lines with its people again in rooms of another
// staircase (another ID number each), as a large community's register would be.
var lines = (big?.value ?? "").split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
let people = lines.dropFirst()
var extra = 0
while lines.count < 10_001, let line = people.dropFirst(extra % people.count).first {
    extra += 1
    var f = CSV.rows(line)[0]
    f[2] = "b" + f[2]
    f[5] = IDNumber.completing("220199" + String(f[5].dropFirst(6).prefix(11))) ?? ""
    lines.append(f.map(CSV.field).joined(separator: ","))
}
let csv = lines.joined(separator: "\n") + "\n"
let bigStaff = try await principal(String(format: "sq%02d", (big?.key ?? 0) + 1))
let sheetStart = ContinuousClock.now
let sheet = try RegisterSheet(bytes: Array(csv.utf8), today: CivilDate(today))
let parsed = milliseconds(ContinuousClock.now - sheetStart)
let importStart = ContinuousClock.now
let report = try await registry.importRegister(
    sheet, communityID: need(bigStaff.communityID, "community"), partial: false, by: bigStaff, address: nil, now: today)
let imported = milliseconds(ContinuousClock.now - importStart) + parsed
let bareStart = ContinuousClock.now
try await database.write { sql in
    for chunk in stride(from: 0, to: sheet.lines.count, by: 400) {
        let rows = sheet.lines[chunk..<min(chunk + 400, sheet.lines.count)].enumerated().map { i, l -> [any SQLExpression] in
            [
                SQLBind(Int64(5_000_000 + chunk + i)), SQLBind(staff.streetID ?? 1), SQLBind(community), SQLBind(units[0].grid),
                SQLBind(units[0].building),
                SQLBind(units[0].unit), SQLBind(Int64(1)), SQLBind(l.resident.name), SQLBind("户主"), SQLBind(""), SQLBind(1),
                SQLBind(Int64(0)), SQLBind(Int64(0)),
            ]
        }
        try await sql.insert(into: "residents").columns(
            "id", "street_id", "community_id", "grid_id", "building_id", "unit_id", "household_id", "name", "relation", "tags",
            "version",
            "created_at", "updated_at"
        ).rows(rows).run()
    }
}
let bareImport = milliseconds(ContinuousClock.now - bareStart)
rows.append(
    "| import of a \(report.lines)-line register (\(report.written) residents, \(report.households) households; checked, sealed, versioned) | \(ms(imported / 1000)) s | parsing \(ms(parsed)) ms; the same rows as bare INSERTs \(ms(bareImport)) ms (×\(String(format: "%.1f", imported / bareImport))) | ≤ 5 s | \(imported <= 5000 ? "met" : "**missed**") |"
)

// 4. What sealing costs a household page: 200 households of three, with ID numbers and phones, against
// 200 alike without — the same rows, queries and audit, only the opening of sealed values differs.
let worker = try await principal("sq01")
var sealedHomes: [Int64] = [], plainHomes: [Int64] = []
let firstUnit = need(units.first { directory.current.grids[$0.grid]?.communityID == community }, "unit")
for h in 0..<400 {
    let home = try await registry.addHousehold(
        buildingID: firstUnit.building, unitID: firstUnit.unit, room: "p\(h)", kind: .registered, partyMember: false, by: worker,
        now: today)
    for p in 0..<3 {
        let sealed = h % 2 == 0
        let id = IDNumber.completing(String(format: "22010619%02d0101%03d", 40 + p * 10, h)) ?? ""
        let record = try ResidentRecord(
            name: DemoStreet.personName(h * 3 + p), gender: nil, birthDate: sealed ? nil : "1970-01-01",
            idNumber: sealed ? id : nil,
            phone: sealed ? String(format: "1370000%04d", h * 3 + p) : nil, relation: "户主", movedIn: nil, movedOut: nil, tags: [],
            focusReason: nil, today: CivilDate(today))
        _ = try await registry.addResident(householdID: home.id, record, reason: nil, by: worker, now: today)
    }
    if h % 2 == 0 { sealedHomes.append(home.id) } else { plainHomes.append(home.id) }
}
// Alternately, so both see the same machine.
var sealedPage: [Double] = [], plainPage: [Double] = []
for i in 0..<800 {
    let sealed = i % 2 == 0
    let home = sealed ? sealedHomes[(i / 2) % sealedHomes.count] : plainHomes[(i / 2) % plainHomes.count]
    let start = ContinuousClock.now
    _ = try await registry.household(home, by: worker, address: nil)
    let took = milliseconds(ContinuousClock.now - start)
    if sealed { sealedPage.append(took) } else { plainPage.append(took) }
}
sealedPage.sort()
plainPage.sort()
let sealedMedian = median(sealedPage), plainMedian = median(plainPage)
let overhead = (sealedMedian - plainMedian) / plainMedian
rows.append(
    "| a household page of 3 residents: ID numbers and phones sealed vs none | \(ms(sealedMedian)) ms | none \(ms(plainMedian)) ms: sealing adds \(String(format: "%.1f", overhead * 100)) % (p99 \(ms(p99(sealedPage))) vs \(ms(p99(plainPage))) ms) | ≤ +10 % | \(overhead <= 0.10 ? "met" : "**missed**") |"
)

print("A district's \(n) residents (sealed, indexed) written in \(String(format: "%.0f", fillTime)) s beside the demo street.")
print()
print("| measure | result | detail (baseline in the same run) | target | |")
print("| --- | ---: | --- | --- | --- |")
for row in rows { print(row) }
