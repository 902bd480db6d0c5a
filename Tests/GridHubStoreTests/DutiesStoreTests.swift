import Foundation
import GridHubCore
import GridHubTestSupport
import SQLKit
import Testing

@testable import GridHubDemo
@testable import GridHubStore

@Suite("Roles mean what they say, in the store")
struct DutiesStoreTests {
    typealias W = WorkflowStoreTests

    @Test("the one who handled a case does not check it, unless the street allows it; staff never rate", arguments: Engine.all)
    func secondPairOfEyes(engine: Engine) async throws {
        try await W.withWorld(engine) { w async throws in
            let id = try await w.report("E0404", by: "jumin05", at: W.t0)
            _ = try await w.act(.verify, id, by: "wgy01", at: 10)
            _ = try await w.act(.accept, id, by: "zhihui", at: 20)
            _ = try await w.act(.dispatch, id, by: "zhihui", at: 30, note: "社区自办", target: "community")
            _ = try await w.act(.start, id, by: "wgy01", at: 40)
            _ = try await w.act(.handle, id, by: "wgy01", at: 50, note: "已处理", photo: true)
            await W.expectError("own_work") { _ = try await w.act(.check, id, by: "wgy01", at: 60) }
            let checked = try await w.act(.check, id, by: "sq01", at: 70)
            #expect(checked.state == .checking)
            _ = try await w.act(.close, id, by: "sq01", at: 80)
            await W.expectError("staff_cannot_rate") {
                _ = try await w.work.rate(
                    caseID: id, .satisfied, comment: nil, by: try await w.who("wgy01"), now: W.at(minutes: 90))
            }

            // A street that allows it lets the handler check.
            try await w.f.database.write { sql in
                try await sql.update("streets").set("handler_may_check", to: true).run()
            }
            let again = try await w.report("E0404", by: "jumin06", at: W.at(minutes: 100))
            _ = try await w.act(.verify, again, by: "wgy01", at: 110)
            _ = try await w.act(.accept, again, by: "zhihui", at: 120)
            _ = try await w.act(.dispatch, again, by: "zhihui", at: 130, note: "社区自办", target: "community")
            _ = try await w.act(.start, again, by: "wgy01", at: 140)
            _ = try await w.act(.handle, again, by: "wgy01", at: 150, note: "已处理", photo: true)
            #expect(try await w.act(.check, again, by: "wgy01", at: 160).state == .checking)
        }
    }

    @Test(
        "a grid worker who files, fixes on the spot and would rate 满意 himself is refused the rating", arguments: [Engine.sqlite])
    func noSelfRating(engine: Engine) async throws {
        try await W.withWorld(engine) { w async throws in
            let id = try await w.report("E0101", by: "wgy01", at: W.t0)
            let fixed = try await w.act(.selfHandle, id, by: "wgy01", at: 5, note: "已清理", photo: true)
            #expect(fixed.state == .selfHandled)
            await W.expectError("staff_cannot_rate") {
                _ = try await w.work.rate(
                    caseID: id, .satisfied, comment: nil, by: try await w.who("wgy01"), now: W.at(minutes: 10))
            }
            let stored = try await CaseStore(database: w.f.database).timeline(caseID: id).map(\.kind)
            #expect(!stored.contains(.rated))
        }
    }

    @Test("the leader files nothing, on any channel", arguments: [Engine.sqlite])
    func leaderFilesNothing(engine: Engine) async throws {
        try await W.withWorld(engine) { w async throws in
            for channel in ["hotline", "web", "patrol"] {
                await W.expectError("read_only_role") {
                    let grid = try #require(w.directory.current.gridsByCode["220104001001001"])
                    let p = DemoStreet.interiorPoint(of: grid.boundary, u: 0.5, v: 0.5)
                    _ = try await w.desk.file(
                        ReportDraft(lat: p.lat, lon: p.lon, classCode: "E0101", channel: channel), photos: [],
                        by: try await w.who("lingdao"), idempotencyKey: nil, now: W.t0)
                }
            }
        }
    }
}
