import Foundation
import GridHubCore
import GridHubStore
import GridHubTestSupport
import SQLKit
import Testing

@Suite("The elderly canteen in the store")
struct CanteenStoreTests {
    /// 2026-11-30 08:00 in Shanghai: before the 09:30 cut-off of the day's lunch.
    static let morning = CivilDate(year: 2026, month: 11, day: 30)!.start.addingTimeInterval(8 * 3600)
    static let day = CivilDate(year: 2026, month: 11, day: 30)!

    struct Diners {
        let w: RegistryStoreTests.World
        let canteen: CanteenStore
        /// 80+ in a1 room 1101; 低保 and 65 in a1 room 201; 40 and in no group in a1 room 301; 70 in a2 room 101.
        let aged: Int64, poor: Int64, young: Int64, east: Int64
    }

    static func diners(_ f: StoreFixture) async throws -> Diners {
        let w = try await RegistryStoreTests.world(f)
        let staff = try w.principal("staff-a")
        func person(_ name: String, born: String, tags: [String], building: Int, room: String) async throws -> Int64 {
            let b = w.buildings[building]
            let home = try await w.registry.addHousehold(
                buildingID: b.id, unitID: b.units[0], room: room, kind: .registered, partyMember: false, by: staff, now: morning)
            let record = try ResidentRecord(
                name: name, gender: nil, birthDate: born, idNumber: nil, phone: nil, relation: "户主", movedIn: nil, movedOut: nil,
                tags: tags, focusReason: nil, today: day)
            return try await w.registry.addResident(householdID: home.id, record, reason: nil, by: staff, now: morning).id
        }
        return Diners(
            w: w, canteen: CanteenStore(registry: w.registry),
            aged: try await person("高奶奶", born: "1940-02-01", tags: ["独居老人"], building: 0, room: "1101"),
            poor: try await person("贫大爷", born: "1961-05-01", tags: ["低保户"], building: 0, room: "201"),
            young: try await person("年轻人", born: "1986-05-01", tags: [], building: 0, room: "301"),
            east: try await person("东大爷", born: "1956-05-01", tags: [], building: 1, room: "101"))
    }

    @Test(
        "prices follow the groups; an order after the cut-off, twice, or for someone the canteen does not serve is refused",
        arguments: Engine.all)
    func orders(engine: Engine) async throws {
        try await StoreFixture.with(engine) { f in
            let d = try await Self.diners(f)
            let worker = try d.w.principal("worker-a1")
            let aged = try await d.canteen.order(
                residentID: d.aged, day: Self.day, meal: .lunch, delivery: true, by: worker, now: Self.morning)
            #expect(aged.priceFen == 600 && aged.standardFen == 1500 && aged.state == "ordered" && aged.name == "高奶奶")
            let poor = try await d.canteen.order(
                residentID: d.poor, day: Self.day, meal: .lunch, delivery: false, by: worker, now: Self.morning)
            #expect(poor.priceFen == 300)
            await #expect(throws: GridHubError.self) {
                _ = try await d.canteen.order(
                    residentID: d.young, day: Self.day, meal: .lunch, delivery: false, by: worker, now: Self.morning)
            }
            await #expect(throws: GridHubError.self) {
                _ = try await d.canteen.order(
                    residentID: d.aged, day: Self.day, meal: .lunch, delivery: true, by: worker, now: Self.morning)
            }
            let late = Self.morning.addingTimeInterval(2 * 3600)  // 10:00
            await #expect(throws: GridHubError(.conflict, "orders_closed", "Orders for 2026-11-30 午餐 closed at 09:30 (下单已截止).")) {
                _ = try await d.canteen.order(
                    residentID: d.east, day: Self.day, meal: .lunch, delivery: true, by: try d.w.principal("worker-a2"), now: late
                )
            }
            // Outside one's scope the resident does not exist; a resident orders only for their own record.
            await #expect(throws: GridHubError.notFound("resident")) {
                _ = try await d.canteen.order(
                    residentID: d.east, day: Self.day, meal: .lunch, delivery: true, by: worker, now: Self.morning)
            }
            let resident = try d.w.principal("resident")
            await #expect(throws: GridHubError.notFound("resident")) {
                _ = try await d.canteen.order(
                    residentID: d.east, day: Self.day, meal: .lunch, delivery: true, by: resident, now: Self.morning)
            }
            try await d.w.registry.link(residentID: d.east, accountID: resident.accountID, by: try d.w.principal("staff-a"))
            let own = try await d.canteen.order(
                residentID: d.east, day: Self.day, meal: .lunch, delivery: true, by: resident, now: Self.morning)
            #expect(own.priceFen == 1000)
            let cancelled = try await d.canteen.cancel(own.id, by: resident, now: Self.morning)
            #expect(cancelled.state == "cancelled")
            let again = try await d.canteen.order(
                residentID: d.east, day: Self.day, meal: .lunch, delivery: true, by: resident, now: Self.morning)
            #expect(again.id == own.id && again.state == "ordered")
        }
    }

    @Test(
        "the delivery list is in walking order; a delivery unconfirmed by noon is flagged; the counts and statement add up",
        arguments: Engine.all)
    func deliveries(engine: Engine) async throws {
        try await StoreFixture.with(engine) { f in
            let d = try await Self.diners(f)
            let staff = try d.w.principal("staff-a")
            for (id, delivery) in [(d.aged, true), (d.poor, true), (d.east, true)] {
                _ = try await d.canteen.order(
                    residentID: id, day: Self.day, meal: .lunch, delivery: delivery, by: staff, now: Self.morning)
            }
            // The canteen stands by grid a2's building, east of a1's: a2 first, then a1 floor by floor.
            let east = SmallWorld.centre(of: .a2)
            var settings = CanteenSettings.standard
            (settings.lat, settings.lon) = (east.lat, east.lon + 0.0005)
            try await d.canteen.setSettings(settings, communityID: d.w.small.grid(.a1).communityID, by: staff)
            let list = try await d.canteen.deliveries(
                communityID: d.w.small.grid(.a1).communityID, day: Self.day, meal: .lunch, by: staff)
            #expect(list.stops.map(\.residentID) == [d.east, d.poor, d.aged])
            #expect(list.metres > 400 && list.metres < 700)
            await #expect(throws: GridHubError.forbidden) {
                _ = try await d.canteen.deliveries(
                    communityID: d.w.small.grid(.a1).communityID, day: Self.day, meal: .lunch, by: try d.w.principal("worker-a1"))
            }

            let noon = Self.morning.addingTimeInterval(3.5 * 3600)
            let first = list.stops[0]
            _ = try await d.canteen.confirm(first.id, how: "resident", note: nil, photos: [], by: staff, now: noon)
            await #expect(throws: GridHubError.self) {
                _ = try await d.canteen.confirm(list.stops[1].id, how: "photo", note: nil, photos: [], by: staff, now: noon)
            }
            let swept = try await f.database.write { sql in
                try await CanteenStore.sweep(sql, now: Self.morning.addingTimeInterval(4 * 3600 + 60))
            }
            #expect(swept == 2)
            let notices = try await f.database.read { sql in
                try await sql.select().column("kind").from("domain_events").where("kind", .equal, "canteen.delivery_missed").all()
                    .count
            }
            #expect(notices == 2)
            let counts = try await d.canteen.counts(communityID: d.w.small.grid(.a1).communityID, day: Self.day, by: staff)
            #expect(counts.count == 1 && counts[0].ordered == 3 && counts[0].delivered == 1 && counts[0].missed == 2)
            #expect(counts[0].paidFen == 1000 && counts[0].subsidyFen == 500)
            let statement = try await d.canteen.statement(residentID: d.east, month: "2026-11", by: staff)
            #expect(statement.meals == 1 && statement.paidFen == 1000 && statement.subsidyFen == 500)
            #expect(statement.paidFen == statement.lines.reduce(0) { $0 + $1.priceFen })
            let missed = try await d.canteen.statement(residentID: d.aged, month: "2026-11", by: staff)
            #expect(missed.meals == 0 && missed.paidFen == 0 && missed.lines.first?.state == "missed")
        }
    }
}
