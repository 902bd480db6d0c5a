import Foundation
import GridHubCore
import GridHubTestSupport
import SQLKit
import Testing

@testable import GridHubDemo
@testable import GridHubStore

@Suite("The scale generator (gridhub demo --scale)")
struct ScaleSeederTests {
    @Test(
        "a city's cases are written with timelines and continuing tracking numbers, and live on in the real workflow",
        arguments: Engine.all)
    func generate(engine: Engine) async throws {
        try await StoreFixture.with(engine, demo: true) { f async throws in
            let demoCases = try await f.count("cases")
            let seeder = ScaleSeeder(database: f.database)
            let summary = try await seeder.seed(cases: 3_000, streets: 2, now: StoreFixture.today, logger: StoreFixture.logger)
            #expect(summary.streets == 3 && summary.grids == 144 && summary.cases == 3_000)
            #expect(try await f.count("cases") == demoCases + 3_000)
            #expect(try await f.count("case_reporters") >= demoCases + 3_000)
            #expect(summary.events >= 3 * 3_000, "a year of cases is mostly closed: several events each")
            #expect(try await f.count("streets") == 3)
            #expect(try await f.count("accounts") > 3 * 100, "each generated street has its staff")

            // Every case has its first event; every event decodes.
            let cases = CaseStore(database: f.database)
            let page = try await cases.cases(
                in: .street(2),
                {
                    var q = CaseQuery(); q.limit = 200; return q
                }())
            #expect(page.total > 500)
            let timelines = try await cases.timelines(caseIDs: page.items.map(\.id))
            for c in page.items {
                let events = try #require(timelines[c.id])
                #expect(events.first?.kind == .reported)
                #expect(events.compactMap(\.toState).last ?? .reported == c.state)
            }

            // The day's counter continues after the generated numbers: a new report takes the next one.
            let street = try #require(try await OrgStore(database: f.database).street(id: 2))
            let grid = try #require(try await OrgStore(database: f.database).grids(streetID: 2).first)
            let receipt = try await f.database.write { sql in
                try await ReportIntake.record(
                    sql,
                    ReportSubmission(
                        location: grid.boundary.centroid, classCode: nil, text: "又一个问题", description: "", address: nil,
                        channel: .web, reporter: .device(id: "after-scale", phone: nil)),
                    at: Placement(street: street, grid: grid, item: nil), photos: [], actorLabel: "t", now: StoreFixture.today)
            }
            #expect(receipt.trackingNumber.hasPrefix("S002-"))

            // A generated case waiting for its department moves on through the live workflow.
            let waiting = try await f.database.read { sql in
                try await sql.select().columns("id", "department_id").from("cases").where("street_id", .equal, 1)
                    .where("state", .equal, CaseState.dispatched.rawValue).where("lead_kind", .equal, "department")
                    .where("id", .greaterThan, demoCases).limit(1).first()
            }
            if let waiting {
                let department = try waiting.decode(column: "department_id", as: Int64.self)
                let code = try #require(
                    try await f.database.read { sql in
                        try await sql.select().column("code").from("departments").where("id", .equal, department).first()?
                            .decode(column: "code", as: String.self)
                    })
                let handler = try #require(
                    try await AccountStore(database: f.database).credentials(username: "bm-\(code.lowercased())")
                ).account.principal
                let moved = try await CaseWork(database: f.database).perform(
                    CaseCommand(action: .start), on: try waiting.decode(column: "id", as: Int64.self), by: handler,
                    now: StoreFixture.today)
                #expect(moved.state == .inProgress)
            }

            // The street's indicators count the generated year.
            let indicators = try await IndicatorStore(database: f.database).indicators(
                level: .street, id: 2, from: StoreFixture.today.addingTimeInterval(-365 * 86_400), to: StoreFixture.today)
            #expect(indicators.reports > 500)

            // A second run adds cases, not streets.
            let again = try await seeder.seed(cases: 500, streets: 2, now: StoreFixture.today, logger: StoreFixture.logger)
            #expect(again.streets == 3)
            #expect(try await f.count("cases") == demoCases + 3_501)
        }
    }
}
