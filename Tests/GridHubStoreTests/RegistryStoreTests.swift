import Foundation
import GridHubCore
import GridHubStore
import GridHubTestSupport
import SQLKit
import Testing

@Suite("The resident registry in the store")
struct RegistryStoreTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let today = CivilDate(now)
    static let idNumber = People.idNumber(born: "19420315", sequence: 41, male: false)
    static let phone = "13912345678"

    struct World {
        let small: SmallWorld
        let registry: RegistryStore
        let vault: PersonalDataVault
        /// The buildings of grids a1, a2 and b1, each with units 1 and 2.
        let buildings: [(id: Int64, units: [Int64])]

        func principal(_ name: String) throws -> Principal { try #require(small.principal(name)) }
    }

    static func world(_ f: StoreFixture) async throws -> World {
        let small = try await SmallWorld.write(f.database, now: now)
        let directory = try await GridDirectory.load(OrgStore(database: f.database))
        let vault = try await PersonalDataVault.open(f.database, master: try MasterKey(bytes: Array(repeating: 7, count: 32)))
        let buildings = try await f.database.read { sql in
            var out: [(Int64, [Int64])] = []
            for grid in small.written.grids {
                let b = try await sql.select().column("id").from("buildings").where("grid_id", .equal, grid.id).all()[0]
                    .decode(column: "id", as: Int64.self)
                let units = try await sql.select().column("id").from("units").where("building_id", .equal, b).orderBy("id").all()
                    .map { try $0.decode(column: "id", as: Int64.self) }
                out.append((b, units))
            }
            return out
        }
        return World(
            small: small, registry: RegistryStore(database: f.database, vault: vault, directory: directory), vault: vault,
            buildings: buildings)
    }

    static func elder(_ name: String = "王秀英", id: String? = idNumber, phone: String? = phone, tags: [String] = ["独居老人"])
        throws -> ResidentRecord
    {
        try ResidentRecord(
            name: name, gender: nil, birthDate: id == nil ? "1950-01-01" : nil, idNumber: id, phone: phone, relation: "户主",
            movedIn: nil, movedOut: nil, tags: tags, focusReason: nil, today: today)
    }

    /// A household in unit 1 of grid a1's building with one elderly woman living alone.
    static func household(_ w: World) async throws -> (HouseholdView, ResidentView) {
        let staff = try w.principal("staff-a")
        let home = try await w.registry.addHousehold(
            buildingID: w.buildings[0].id, unitID: w.buildings[0].units[0], room: "301", kind: .registered, partyMember: true,
            by: staff, now: now)
        let person = try await w.registry.addResident(householdID: home.id, try elder(), reason: "入户登记", by: staff, now: now)
        return (home, person)
    }

    @Test("ID numbers and phones are only ciphertext at rest, in every table and in an export", arguments: Engine.all)
    func sealedAtRest(engine: Engine) async throws {
        try await StoreFixture.with(engine) { f in
            let w = try await Self.world(f)
            let (_, person) = try await Self.household(w)
            #expect(person.idNumber == IDNumber.mask(Self.idNumber) && person.phone == "139****5678")
            _ = try await w.registry.updateResident(
                person.id, try Self.elder(phone: "13700001111"), expectedVersion: 1, reason: "换号", by: try w.principal("staff-a"),
                now: Self.now)
            let secrets = [Self.idNumber, Self.phone, "13700001111", String(Self.idNumber.prefix(14))]
            for table in ["residents", "registry_versions", "audit", "domain_events", "households", "data_keys"] {
                let text = try await f.database.read { sql in
                    try await sql.select().columns("*").from(table).all().map { "\($0)" }.joined(separator: "\n")
                }
                for secret in secrets { #expect(!text.contains(secret), "\(table) holds \(secret)") }
            }
            if engine == .sqlite {
                for file in ["gridhub.sqlite", "gridhub.sqlite-wal"] {
                    let bytes = (try? Data(contentsOf: f.folder.appendingPathComponent(file))) ?? Data()
                    for secret in secrets { #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file) holds \(secret)") }
                }
            }
            let export = f.folder.appendingPathComponent("export")
            _ = try await DataTransfer.export(f.database, photos: f.photos, to: export)
            let files =
                FileManager.default.enumerator(at: export, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
            #expect(files.contains { $0.lastPathComponent == "residents.jsonl" })
            for file in files {
                let bytes = (try? Data(contentsOf: file)) ?? Data()
                for secret in secrets {
                    #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file.lastPathComponent) holds \(secret)")
                }
            }
            // The vault finds the person by exact number without reading the sealed values.
            let found = try await w.registry.search(
                .init(idNumber: try IDNumber(Self.idNumber, today: Self.today), window: try PageWindow(limit: nil, offset: nil)),
                by: try w.principal("staff-a"), address: nil, now: Self.now)
            #expect(found.map(\.id) == [person.id] && found[0].phone == "137****1111")
        }
    }

    @Test("a reveal needs the capability and a reason, and is audited; every read is audited", arguments: Engine.all)
    func revealAndReads(engine: Engine) async throws {
        try await StoreFixture.with(engine) { f in
            let w = try await Self.world(f)
            let (home, person) = try await Self.household(w)
            let worker = try w.principal("worker-a1")
            _ = try await w.registry.household(home.id, by: worker, address: "10.0.0.7", now: Self.now)
            await #expect(throws: GridHubError.forbidden) {
                _ = try await w.registry.reveal(person.id, field: "id_number", reason: "核对低保", by: worker, address: nil)
            }
            await #expect(throws: GridHubError.self) {
                _ = try await w.registry.reveal(
                    person.id, field: "id_number", reason: "x", by: try w.principal("staff-a"), address: nil)
            }
            await #expect(throws: GridHubError.notFound("resident")) {
                _ = try await w.registry.reveal(
                    person.id, field: "id_number", reason: "核对低保", by: try w.principal("staff-b"), address: nil)
            }
            let value = try await w.registry.reveal(
                person.id, field: "id_number", reason: "核对低保申请", by: try w.principal("staff-a"), address: "10.0.0.8",
                now: Self.now)
            #expect(value == Self.idNumber)
            let reads = try await w.registry.reads(person.id, by: try w.principal("staff-a"), address: nil, now: Self.now)
            #expect(reads.map(\.actor) == ["staff-a", "worker-a1"])
            #expect(reads[0].action == "resident.reveal" && reads[0].reason == "id_number: 核对低保申请")
            #expect(reads[1].action == "resident.read" && reads[1].address == "10.0.0.7")
        }
    }

    @Test("heads see and change only their building or unit; others get 404", arguments: Engine.all)
    func heads(engine: Engine) async throws {
        try await StoreFixture.with(engine) { f in
            let w = try await Self.world(f)
            let (home, person) = try await Self.household(w)
            let staff = try w.principal("staff-a")
            let other = try await w.registry.addHousehold(
                buildingID: w.buildings[0].id, unitID: w.buildings[0].units[1], room: "101", kind: .floating, partyMember: false,
                by: staff, now: Self.now)
            let elsewhere = try await w.registry.addHousehold(
                buildingID: w.buildings[1].id, unitID: w.buildings[1].units[0], room: "101", kind: .registered,
                partyMember: false,
                by: staff, now: Self.now)
            let unitHead = try w.principal("unit-head")
            let buildingHead = try w.principal("building-head")
            // Before a post, a head sees nothing.
            await #expect(throws: GridHubError.notFound("household")) {
                _ = try await w.registry.household(home.id, by: unitHead, address: nil)
            }
            _ = try await w.registry.post(
                accountID: unitHead.accountID, role: .unitHead, buildingID: w.buildings[0].id, unitID: w.buildings[0].units[0],
                by: staff)
            _ = try await w.registry.post(
                accountID: buildingHead.accountID, role: .buildingHead, buildingID: w.buildings[0].id, unitID: nil, by: staff)
            await #expect(throws: GridHubError.self) {
                _ = try await w.registry.post(
                    accountID: unitHead.accountID, role: .unitHead, buildingID: w.buildings[2].id,
                    unitID: w.buildings[2].units[0],
                    by: staff)
            }
            #expect(try await w.registry.household(home.id, by: unitHead, address: nil).residents?.count == 1)
            await #expect(throws: GridHubError.notFound("household")) {
                _ = try await w.registry.household(other.id, by: unitHead, address: nil)
            }
            #expect(try await w.registry.household(other.id, by: buildingHead, address: nil).id == other.id)
            await #expect(throws: GridHubError.notFound("household")) {
                _ = try await w.registry.household(elsewhere.id, by: buildingHead, address: nil)
            }
            let changed = try await w.registry.updateResident(
                person.id, try Self.elder(tags: ["独居老人", "残疾人"]), expectedVersion: 1, reason: "走访核实", by: unitHead)
            #expect(changed.version == 2 && changed.tags.contains(.disabled))
            await #expect(throws: GridHubError.self) {
                _ = try await w.registry.updateResident(
                    person.id, try Self.elder(), expectedVersion: 1, reason: nil, by: unitHead)
            }
            let history = try await w.registry.history(person.id, by: staff, address: nil)
            #expect(history.map(\.version) == [2, 1] && history[0].fields == ["tags"] && history[0].actor == "unit-head")
            #expect(history[1].record?.idNumber == IDNumber.mask(Self.idNumber))
            let listed = try await w.registry.search(
                .init(namePrefix: "王", window: try PageWindow(limit: nil, offset: nil)), by: buildingHead, address: nil)
            #expect(listed.map(\.id) == [person.id])
            #expect(
                try await w.registry.search(
                    .init(tag: .disabled, window: try PageWindow(limit: nil, offset: nil)), by: try w.principal("worker-a2"),
                    address: nil
                ).isEmpty)
        }
    }

    @Test("an import with one bad check digit writes nothing and names the line; partial writes the rest", arguments: Engine.all)
    func importAllOrNothing(engine: Engine) async throws {
        try await StoreFixture.with(engine) { f in
            let w = try await Self.world(f)
            var bad = Array(People.idNumber(born: "19700101", sequence: 3))
            bad[17] = bad[17] == "1" ? "2" : "1"
            let text = """
                楼号,单元,房号,姓名,性别,身份证号,联系电话,与户主关系,户籍类型,标签
                1号楼,1单元,101,张三,男,\(People.idNumber(born: "19400101", sequence: 1)),13812345678,户主,户籍,独居老人
                1,1,101,张小三,,\(People.idNumber(born: "19700101", sequence: 2)),,子,户籍,
                1号楼,2单元,201,李四,,\(String(bad)),,户主,流动,
                9号楼,1单元,101,赵六,,,,户主,户籍,
                """
            let sheet = try RegisterSheet(bytes: Array(text.utf8), today: Self.today)
            let community = w.small.grid(.a1).communityID
            let staff = try w.principal("staff-a")
            let refused = try await w.registry.importRegister(
                sheet, communityID: community, partial: false, by: staff, address: nil)
            #expect(refused.written == 0 && refused.problems.map(\.line) == [4, 5])
            #expect(refused.problems.map(\.code) == ["invalid_id_number", "unknown_building"])
            let count = try await f.database.read { sql in try await sql.select().column("id").from("residents").all().count }
            #expect(count == 0)
            await #expect(throws: GridHubError.forbidden) {
                _ = try await w.registry.importRegister(
                    sheet, communityID: community, partial: true, by: try w.principal("worker-a1"), address: nil)
            }
            let partial = try await w.registry.importRegister(
                sheet, communityID: community, partial: true, by: staff, address: nil)
            #expect(partial.written == 2 && partial.households == 1 && partial.problems.count == 2)
            let again = try await w.registry.importRegister(sheet, communityID: community, partial: true, by: staff, address: nil)
            #expect(again.written == 0 && again.problems.filter { $0.code == "id_number_registered" }.count == 2)
            let csv = try await w.registry.exportRegister(communityID: community, revealReason: nil, by: staff, address: nil)
            #expect(
                csv.contains("张三") && csv.contains("220104********")
                    && !csv.contains(People.idNumber(born: "19400101", sequence: 1)))
            let clear = try await w.registry.exportRegister(
                communityID: community, revealReason: "民政局年审", by: staff, address: nil)
            #expect(clear.contains(People.idNumber(born: "19400101", sequence: 1)))
        }
    }

    @Test(
        "the sweep flags an overdue visit once; a visit moves the next one on; a key rotation re-seals everything",
        arguments: Engine.all)
    func visitsAndRotation(engine: Engine) async throws {
        try await StoreFixture.with(engine) { f in
            let w = try await Self.world(f)
            let (_, person) = try await Self.household(w)
            #expect(person.visitDueAt == Self.now.addingTimeInterval(7 * 86_400))
            let later = Self.now.addingTimeInterval(8 * 86_400)
            let first = try await f.database.write { sql in try await Visits.sweep(sql, now: later) }
            let second = try await f.database.write { sql in try await Visits.sweep(sql, now: later) }
            #expect(first == 1 && second == 0)
            let events = try await f.database.read { sql in
                try await sql.select().column("kind").from("domain_events").where("kind", .equal, "visit.overdue").all().count
            }
            #expect(events == 1)
            let visits = Visits(registry: w.registry)
            let worker = try w.principal("worker-a1")
            let due = try await visits.due(within: 0, by: worker, address: nil, now: later)
            #expect(due.map(\.id) == [person.id])
            #expect(try await visits.due(within: 0, by: try w.principal("worker-a2"), address: nil, now: later).isEmpty)
            let visit = try await visits.record(
                .init(residentID: person.id, at: later, condition: .urgent, notes: "独居，行动不便", needs: "需要助餐"), photos: [],
                by: worker, now: later)
            #expect(visit.condition == .urgent && visit.visitor == "网格员A1")
            #expect(try await visits.due(within: 0, by: worker, address: nil, now: later).isEmpty)
            await #expect(throws: GridHubError.notFound("resident")) {
                _ = try await visits.record(
                    .init(residentID: person.id, at: later, condition: .good, notes: "x", needs: nil), photos: [],
                    by: try w.principal("worker-b1"), now: later)
            }

            let (key, resealed) = try await w.vault.rotate(f.database)
            #expect(key == "seal-2" && resealed >= 2)
            let stale = try await f.database.read { sql in
                try await sql.select().column("id").from("residents").where("id_sealed", .notLike, "seal-2:%").all().count
            }
            #expect(stale == 0)
            let value = try await w.registry.reveal(
                person.id, field: "phone", reason: "联系家属", by: try w.principal("staff-a"), address: nil)
            #expect(value == Self.phone)
            #expect(try await w.registry.history(person.id, by: try w.principal("staff-a"), address: nil).count == 1)
        }
    }
}
