import Foundation
import GridHubCore
import GridHubTestSupport
import SQLKit
import Testing

@testable import GridHubDemo
@testable import GridHubStore

@Suite("部门考核: the month's evaluation of the departments")
struct EvaluationStoreTests {
    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text + "+08:00")! }

    /// A scripted October and November for 排水 (PS) and the enforcement team (ZF), through the real workflow.
    @Test("a scripted month, field by field, ranked, with the change from last month", arguments: Engine.all)
    func scriptedMonth(engine: Engine) async throws {
        try await StoreFixture.withSmallWorld(engine) { f, world, desk, work in
            func who(_ name: String) throws -> Principal { try #require(world.principal(name)) }
            let photo = try f.photos.save(DemoPhoto.bytes)
            func report(_ grid: SmallWorld.GridName, at time: String) async throws -> Int64 {
                let p = SmallWorld.centre(of: grid)
                let answer = try await desk.file(
                    ReportDraft(lat: p.lat, lon: p.lon, classCode: "E0404", description: "下水外溢"), photos: [],
                    by: try who("resident"), idempotencyKey: nil, now: Self.at(time))
                return try APIJSON.decoder().decode(ReportReceipt.self, from: answer.body).caseID
            }
            func run(_ id: Int64, _ steps: [(CaseAction, String, String)]) async throws {
                for (action, name, time) in steps {
                    _ = try await work.perform(
                        CaseCommand(
                            action: action, note: action == .rework ? "未修好" : nil, photos: action == .handle ? [photo] : [],
                            target: action == .dispatch ? "PS" : nil),
                        on: id, by: try who(name), now: Self.at(time))
                }
            }
            // October: one case, all on time, 满意.
            let october = try await report(.a1, at: "2026-10-12T09:00:00")
            try await run(
                october,
                [
                    (.verify, "worker-a1", "2026-10-12T09:10:00"), (.accept, "worker-a1", "2026-10-12T09:20:00"),
                    (.dispatch, "centre", "2026-10-12T09:30:00"), (.start, "dept-ps", "2026-10-12T09:40:00"),
                    (.handle, "dept-ps", "2026-10-12T10:00:00"), (.check, "worker-a1", "2026-10-12T10:10:00"),
                    (.close, "worker-a1", "2026-10-12T10:20:00"),
                ])
            try await work.rate(
                caseID: october, .satisfied, comment: nil, by: try who("resident"), now: Self.at("2026-10-12T12:00:00"))
            // November: one on time but reworked once (满意); one started two days late (不满意).
            let quick = try await report(.a1, at: "2026-11-02T09:00:00")
            try await run(
                quick,
                [
                    (.verify, "worker-a1", "2026-11-02T09:10:00"), (.accept, "worker-a1", "2026-11-02T09:20:00"),
                    (.dispatch, "centre", "2026-11-02T09:30:00"), (.start, "dept-ps", "2026-11-02T09:40:00"),
                    (.handle, "dept-ps", "2026-11-02T10:00:00"), (.check, "worker-a1", "2026-11-02T10:10:00"),
                    (.rework, "worker-a1", "2026-11-02T10:15:00"), (.dispatch, "centre", "2026-11-02T10:20:00"),
                    (.start, "dept-ps", "2026-11-02T10:25:00"), (.handle, "dept-ps", "2026-11-02T10:40:00"),
                    (.check, "worker-a1", "2026-11-02T10:50:00"), (.close, "worker-a1", "2026-11-02T11:00:00"),
                ])
            try await work.rate(
                caseID: quick, .satisfied, comment: nil, by: try who("resident"), now: Self.at("2026-11-02T12:00:00"))
            let slow = try await report(.a2, at: "2026-11-02T09:00:00")
            try await run(
                slow,
                [
                    (.verify, "worker-a2", "2026-11-02T09:10:00"), (.accept, "worker-a2", "2026-11-02T09:20:00"),
                    (.dispatch, "centre", "2026-11-02T09:30:00"), (.start, "dept-ps", "2026-11-04T09:00:00"),
                    (.handle, "dept-ps", "2026-11-04T10:00:00"), (.check, "worker-a2", "2026-11-04T10:30:00"),
                    (.close, "worker-a2", "2026-11-04T11:00:00"),
                ])
            try await work.rate(
                caseID: slow, .dissatisfied, comment: nil, by: try who("resident"), now: Self.at("2026-11-04T12:00:00"))
            // A whistle: 排水 reports in within the half hour, the enforcement team an hour late; the centre scores both.
            let p = SmallWorld.centre(of: .b1)
            let whistled = try APIJSON.decoder().decode(
                ReportReceipt.self,
                from: try await desk.file(
                    ReportDraft(lat: p.lat, lon: p.lon, classCode: "E0404", description: "下水外溢，多部门"), photos: [],
                    by: try who("resident"), idempotencyKey: nil, now: Self.at("2026-11-10T09:00:00")
                ).body
            ).caseID
            _ = try await work.perform(
                CaseCommand(action: .verify), on: whistled, by: try who("worker-b1"), now: Self.at("2026-11-10T09:03:00"))
            _ = try await work.perform(
                CaseCommand(action: .accept), on: whistled, by: try who("centre"), now: Self.at("2026-11-10T09:05:00"))
            _ = try await work.perform(
                CaseCommand(action: .whistle, departments: ["PS", "ZF"], reportInMinutes: 30), on: whistled,
                by: try who("centre"),
                now: Self.at("2026-11-10T09:10:00"))
            _ = try await work.reportIn(caseID: whistled, by: try who("dept-ps"), now: Self.at("2026-11-10T09:20:00"))
            _ = try await work.reportIn(caseID: whistled, by: try who("dept-zf"), now: Self.at("2026-11-10T10:10:00"))
            _ = try await work.partDone(
                caseID: whistled, by: try who("dept-ps"), note: "已疏通", photos: [], now: Self.at("2026-11-10T10:30:00"))
            _ = try await work.partDone(
                caseID: whistled, by: try who("dept-zf"), note: "已处罚", photos: [], now: Self.at("2026-11-10T10:40:00"))
            _ = try await work.perform(
                CaseCommand(action: .check), on: whistled, by: try who("worker-b1"), now: Self.at("2026-11-10T11:00:00"))
            _ = try await work.perform(
                CaseCommand(action: .close), on: whistled, by: try who("worker-b1"), now: Self.at("2026-11-10T11:10:00"))
            try await work.ratePart(
                caseID: whistled, departmentCode: "PS", score: 5, by: try who("centre"), now: Self.at("2026-11-10T12:00:00"))
            try await work.ratePart(
                caseID: whistled, departmentCode: "ZF", score: 3, by: try who("centre"), now: Self.at("2026-11-10T12:00:00"))

            let store = EvaluationStore(database: f.database)
            let table = try await store.month(try #require(CivilMonth(text: "2026-11")), by: try who("centre"))
            let ps = try #require(table.first { $0.code == "PS" })
            #expect(ps.rank == 1 && ps.received == 2 && ps.respondedOnTime == 1 && ps.responseRate == 0.5)
            #expect(ps.closed == 2 && ps.closedOnTime == 1 && ps.onTimeRate == 0.5 && ps.reworkRate == 0.5)
            #expect(ps.rated == 2 && ps.satisfactionRate == 0.5)
            #expect(ps.whistles == 1 && ps.reportedInOnTime == 1 && ps.reportInRate == 1 && ps.partScore == 5)
            // 100 × (0.15×0.5 + 0.3×0.5 + 0.1×(1−0.5) + 0.25×0.5 + 0.1×1 + 0.1×5/5) = 60; October was 80.
            #expect(abs((ps.composite ?? 0) - 60) < 1e-9 && abs((ps.previousComposite ?? 0) - 80) < 1e-9)
            #expect(abs((ps.trend ?? 0) + 20) < 1e-9)
            let zf = try #require(table.first { $0.code == "ZF" })
            #expect(zf.rank == 2 && zf.received == 0 && zf.whistles == 1 && zf.reportedInOnTime == 0 && zf.partScore == 3)
            #expect(abs((zf.composite ?? 0) - 6) < 1e-9 && zf.previousComposite == nil && zf.trend == nil)
            #expect(table.dropFirst(2).allSatisfy { $0.composite == nil })  // nothing to rate: last
            let csv = DepartmentScore.csv(table)
            #expect(csv.contains("1,PS,") && csv.contains(",5.00,60.0,80.0,-20.0"))
            // Only the centre and leaders; a department does not rate itself.
            await WorkflowStoreTests.expectError("forbidden") {
                _ = try await store.month(try #require(CivilMonth(text: "2026-11")), by: try who("dept-ps"))
            }
        }
    }
}
