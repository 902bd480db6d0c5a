import Foundation
import GridHubCore
import GridHubTestSupport
import SQLKit
import Testing

@testable import GridHubDemo
@testable import GridHubStore

@Suite("The case workflow in the store")
struct WorkflowStoreTests {
    /// Monday 1 March 2027, 09:00 in Changchun: a plain working day after the demo's history.
    static let t0 = ISO8601DateFormatter().date(from: "2027-03-01T09:00:00+08:00")!

    static func at(minutes: Double) -> Date { t0.addingTimeInterval(minutes * 60) }

    struct World {
        let f: StoreFixture
        let desk: ReportDesk
        let work: CaseWork
        let directory: GridDirectory

        func who(_ username: String) async throws -> Principal {
            try #require(try await AccountStore(database: f.database).credentials(username: username)).account.principal
        }

        /// Files a report at the centre (plus an offset) of the first grid and returns the case id.
        func report(_ code: String, by username: String, north metres: Double = 0, at date: Date) async throws -> Int64 {
            let grid = try #require(directory.current.gridsByCode["220104001001001"])
            let p = DemoStreet.interiorPoint(of: grid.boundary, u: 0.5, v: 0.5)
            let answer = try await desk.file(
                ReportDraft(lat: p.lat + metres / 111_320, lon: p.lon, classCode: code, description: "测试"), photos: [],
                by: try await who(username), idempotencyKey: nil, now: date)
            return try APIJSON.decoder().decode(ReportReceipt.self, from: answer.body).caseID
        }

        func act(
            _ action: CaseAction, _ id: Int64, by username: String, at minutes: Double, note: String? = nil,
            photo: Bool = false, target: String? = nil
        ) async throws -> CaseSummary {
            let photos = photo ? [try f.photos.save(DemoPhoto.bytes)] : []
            return try await work.perform(
                CaseCommand(action: action, note: note, photos: photos, target: target), on: id, by: try await who(username),
                now: WorkflowStoreTests.at(minutes: minutes))
        }
    }

    static func withWorld(_ engine: Engine, _ body: (World) async throws -> Void) async throws {
        try await StoreFixture.with(engine, demo: true) { f async throws in
            let directory = try await GridDirectory.load(OrgStore(database: f.database))
            try await body(
                World(
                    f: f, desk: ReportDesk(database: f.database, directory: directory, photos: f.photos),
                    work: CaseWork(database: f.database), directory: directory))
        }
    }

    static func expectError(_ code: String, _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("expected \(code)")
        } catch let e as GridHubError {
            #expect(e.code == code)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test(
        "a sewage overflow goes verify → accept → dispatch to 排水 → handle with photo → check → close → rated",
        arguments: Engine.all)
    func drainage(engine: Engine) async throws {
        try await Self.withWorld(engine) { w async throws in
            let id = try await w.report("E0404", by: "jumin05", at: Self.t0)
            _ = try await w.act(.verify, id, by: "wgy01", at: 10)
            _ = try await w.act(.accept, id, by: "zhihui", at: 20)
            let suggestion = try #require(
                try await w.work.suggestion(caseID: id, by: try await w.who("zhihui"), now: Self.at(minutes: 30)))
            #expect(suggestion.leadDepartment == "PS" && suggestion.timeLimit == TimeLimit(4, .hours))
            let dispatched = try await w.act(.dispatch, id, by: "zhihui", at: 30)
            #expect(dispatched.state == .dispatched && dispatched.leadKind == "department")
            #expect(dispatched.dueAt == Self.at(minutes: 30 + 240))
            // Only 排水 may work on it; 城建 cannot even see it.
            await Self.expectError("not_found") { _ = try await w.act(.start, id, by: "bm-cj", at: 35) }
            _ = try await w.act(.start, id, by: "bm-ps", at: 40)
            await Self.expectError("missing_photo") { _ = try await w.act(.handle, id, by: "bm-ps", at: 41) }
            _ = try await w.act(.handle, id, by: "bm-ps", at: 120, note: "已疏通", photo: true)
            _ = try await w.act(.check, id, by: "wgy01", at: 180)
            let closed = try await w.act(.close, id, by: "wgy01", at: 190)
            #expect(closed.state == .closed && closed.photos.count == 1)
            let resident = try await w.who("jumin05")
            _ = try await w.work.rate(caseID: id, .satisfied, comment: "很快", by: resident, now: Self.at(minutes: 200))
            await Self.expectError("already_rated") {
                _ = try await w.work.rate(caseID: id, .dissatisfied, comment: nil, by: resident, now: Self.at(minutes: 210))
            }
            let kinds = try await CaseStore(database: w.f.database).timeline(caseID: id).map(\.kind)
            #expect(kinds == [.reported, .verify, .accept, .dispatch, .start, .handle, .check, .close, .rated])
            let notes = try await NotificationStore(database: w.f.database).list(
                for: resident, deviceID: nil, limit: 50, offset: 0
            )
            .filter { $0.caseID == id }.map(\.kind)
            #expect(notes == ["close", "handle", "dispatch", "accept"])
            // Reopening is for 7 days after closing.
            await Self.expectError("reopen_window_passed") {
                _ = try await w.work.perform(
                    CaseCommand(action: .reopen, note: "又堵了"), on: id, by: resident, now: Self.at(minutes: 8 * 1_440))
            }
            let reopened = try await w.work.perform(
                CaseCommand(action: .reopen, note: "又堵了"), on: id, by: resident, now: Self.at(minutes: 2 * 1_440))
            #expect(reopened.state == .rework && reopened.rating == nil)
        }
    }

    @Test(
        "a whistle summons three departments; one reports in late; the case is handled when all parts are done",
        arguments: Engine.all)
    func whistle(engine: Engine) async throws {
        try await Self.withWorld(engine) { w async throws in
            let id = try await w.report("E0506", by: "jumin06", north: 30, at: Self.at(minutes: 60))
            _ = try await w.act(.verify, id, by: "wgy01", at: 70)
            _ = try await w.act(.accept, id, by: "zhihui", at: 80)
            let whistled = try await w.act(.whistle, id, by: "zhihui", at: 90)
            #expect(whistled.whistle && whistled.leadKind == "street" && whistled.state == .dispatched)
            let summons = try await w.work.summons(caseID: id)
            #expect(summons.map(\.departmentCode) == ["JJ", "PCS", "ZF"])
            #expect(summons.allSatisfy { $0.reportInDue == Self.at(minutes: 120) })
            let jj = try await w.who("bm-jj")
            let zf = try await w.who("bm-zf")
            let pcs = try await w.who("bm-pcs")
            #expect(try await w.work.reportIn(caseID: id, by: jj, now: Self.at(minutes: 100)).state == .inProgress)
            _ = try await w.work.reportIn(caseID: id, by: pcs, now: Self.at(minutes: 110))
            _ = try await w.work.reportIn(caseID: id, by: zf, now: Self.at(minutes: 135))
            await Self.expectError("already_reported_in") {
                _ = try await w.work.reportIn(caseID: id, by: zf, now: Self.at(minutes: 136))
            }
            await Self.expectError("not_found") {  // a department not summoned cannot see the case at all
                _ = try await w.work.reportIn(caseID: id, by: try await w.who("bm-ps"), now: Self.at(minutes: 136))
            }
            await Self.expectError("whistle_case") { _ = try await w.act(.handle, id, by: "bm-jj", at: 140, photo: true) }
            await Self.expectError("illegal_transition") { _ = try await w.act(.check, id, by: "wgy01", at: 141) }
            _ = try await w.work.partDone(caseID: id, by: jj, note: "已拖移", photos: [], now: Self.at(minutes: 200))
            _ = try await w.work.partDone(caseID: id, by: pcs, note: nil, photos: [], now: Self.at(minutes: 210))
            #expect(try await CaseStore(database: w.f.database).find(id: id, in: .street(1))?.state == .inProgress)
            let handled = try await w.work.partDone(caseID: id, by: zf, note: "已处罚", photos: [], now: Self.at(minutes: 220))
            #expect(handled.state == .handled)
            let late = try await w.work.summons(caseID: id).filter(\.late).map(\.departmentCode)
            #expect(late == ["ZF"])
            _ = try await w.act(.check, id, by: "wgy01", at: 240)
            _ = try await w.act(.close, id, by: "wgy01", at: 250)
            let centre = try await w.who("zhihui")
            try await w.work.ratePart(caseID: id, departmentCode: "ZF", score: 3, by: centre, now: Self.at(minutes: 260))
            await Self.expectError("already_rated") {
                try await w.work.ratePart(caseID: id, departmentCode: "ZF", score: 5, by: centre, now: Self.at(minutes: 261))
            }
            #expect(try await w.work.summons(caseID: id).first { $0.departmentCode == "ZF" }?.score == 3)

            // The indicators of that day show exactly these facts.
            let day = (Self.t0, Self.at(minutes: 1_440))
            let zfID = try #require(zf.departmentID)
            let dept = try await IndicatorStore(database: w.f.database).indicators(
                level: .department, id: zfID, from: day.0, to: day.1)
            #expect(dept.reports == 1 && dept.closed == 1 && dept.onTimeClosingRate == 1 && dept.responseRate == 1)
            let grid = try await IndicatorStore(database: w.f.database).indicators(
                level: .grid, id: try #require(try await w.who("wgy01").gridIDs.first), from: day.0, to: day.1)
            #expect(grid.reports == 1 && grid.accepted == 1 && grid.closed == 1 && grid.reworkRate == 0 && grid.rated == 0)
        }
    }

    @Test("two people acting on the same case at once: exactly one wins, the timeline holds one event", arguments: Engine.all)
    func race(engine: Engine) async throws {
        try await Self.withWorld(engine) { w async throws in
            let id = try await w.report("C0113", by: "jumin07", at: Self.t0)
            _ = try await w.act(.verify, id, by: "wgy01", at: 5)
            let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                for user in ["zhihui", "sq01", "wgy01", "zhihui"] {
                    group.addTask {
                        do {
                            _ = try await w.act(.accept, id, by: user, at: 10)
                            return true
                        } catch let e as GridHubError where e.kind == .conflict {
                            return false
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 1)
            let accepts = try await CaseStore(database: w.f.database).timeline(caseID: id).filter { $0.kind == .accept }
            #expect(accepts.count == 1)
        }
    }

    @Test(
        "past the due time a case is flagged overdue once, its department is supervised, then the leaders", arguments: Engine.all)
    func supervision(engine: Engine) async throws {
        try await Self.withWorld(engine) { w async throws in
            _ = try await w.work.sweep(now: Self.t0)  // the demo's own stragglers are flagged first
            let id = try await w.report("C0101", by: "jumin08", north: -30, at: Self.t0)
            _ = try await w.act(.verify, id, by: "wgy01", at: 5)
            _ = try await w.act(.accept, id, by: "zhihui", at: 10)
            let dispatched = try await w.act(.dispatch, id, by: "zhihui", at: 20)
            #expect(dispatched.dueAt == Self.at(minutes: 140))
            #expect(try await w.work.sweep(now: Self.at(minutes: 100)).overdue == 0)
            #expect(try await w.work.sweep(now: Self.at(minutes: 150)).overdue == 1)
            #expect(try await CaseStore(database: w.f.database).find(id: id, in: .street(1))?.overdue == true)
            #expect(try await w.work.sweep(now: Self.at(minutes: 160)).overdue == 0)
            let gs = try await w.who("bm-gs")
            let supervision = try await NotificationStore(database: w.f.database).list(
                for: gs, deviceID: nil, limit: 20, offset: 0)
            #expect(supervision.contains { $0.caseID == id && $0.kind == "supervision" })
            #expect(try await w.work.sweep(now: Self.at(minutes: 270)).escalated == 1)
            let leader = try await w.who("lingdao")
            let escalations = try await NotificationStore(database: w.f.database).list(
                for: leader, deviceID: nil, limit: 20, offset: 0)
            #expect(escalations.contains { $0.caseID == id && $0.kind == "escalation" })
            let kinds = try await CaseStore(database: w.f.database).timeline(caseID: id).map(\.kind)
            #expect(kinds.filter { $0 == .overdue }.count == 1 && kinds.filter { $0 == .escalated }.count == 1)
        }
    }

    @Test("an extension pauses the clock; approval moves the due time by what was left plus the extension", arguments: Engine.all)
    func extensionPausesClock(engine: Engine) async throws {
        try await Self.withWorld(engine) { w async throws in
            let id = try await w.report("E0301", by: "jumin09", north: 40, at: Self.t0)
            _ = try await w.act(.verify, id, by: "wgy01", at: 0)
            _ = try await w.act(.accept, id, by: "zhihui", at: 0)
            let d = try await w.act(.dispatch, id, by: "zhihui", at: 0)
            #expect(d.dueAt == ISO8601DateFormatter().date(from: "2027-03-01T14:30:00+08:00"))
            _ = try await w.act(.start, id, by: "bm-cj", at: 10)
            let cj = try await w.who("bm-cj")
            await Self.expectError("missing_note") {
                _ = try await w.work.requestExtension(caseID: id, hours: 8, reason: nil, by: cj, now: Self.at(minutes: 60))
            }
            let paused = try await w.work.requestExtension(
                caseID: id, hours: 8, reason: "需要协调渣土车", by: cj, now: Self.at(minutes: 60))
            #expect(paused.clockPaused)
            _ = try await w.work.sweep(now: Self.at(minutes: 360))
            #expect(try await CaseStore(database: w.f.database).find(id: id, in: .street(1))?.overdue == false)
            await Self.expectError("forbidden") {
                _ = try await w.work.decideExtension(caseID: id, approve: true, by: cj, now: Self.at(minutes: 360))
            }
            let approved = try await w.work.decideExtension(
                caseID: id, approve: true, by: try await w.who("zhihui"), now: Self.at(minutes: 360))
            #expect(!approved.clockPaused)
            #expect(approved.dueAt == ISO8601DateFormatter().date(from: "2027-03-03T09:30:00+08:00"))
        }
    }

    @Test("merging a duplicate moves its reporters to the surviving case, who then hear of its progress", arguments: Engine.all)
    func merge(engine: Engine) async throws {
        try await Self.withWorld(engine) { w async throws in
            let kept = try await w.report("C0203", by: "jumin14", at: Self.t0)
            let grid = try #require(w.directory.current.gridsByCode["220104001001001"])
            let p = DemoStreet.interiorPoint(of: grid.boundary, u: 0.5, v: 0.5)
            let rider = try await w.desk.file(
                ReportDraft(lat: p.lat + 80 / 111_320, lon: p.lon, classCode: "C0203", deviceID: "rider-9"), photos: [], by: nil,
                idempotencyKey: nil, now: Self.at(minutes: 5))
            let duplicate = try APIJSON.decoder().decode(ReportReceipt.self, from: rider.body).caseID
            #expect(duplicate != kept)
            let merged = try await w.work.perform(
                CaseCommand(action: .merge, mergeInto: kept), on: duplicate, by: try await w.who("zhihui"),
                now: Self.at(minutes: 10))
            #expect(merged.state == .merged && merged.mergedInto == kept)
            let survivor = try #require(try await CaseStore(database: w.f.database).find(id: kept, in: .street(1)))
            #expect(survivor.reporterCount == 2)
            _ = try await w.act(.verify, kept, by: "wgy01", at: 20)
            _ = try await w.act(.accept, kept, by: "zhihui", at: 30)
            let heard = try await NotificationStore(database: w.f.database).list(
                for: nil, deviceID: "rider-9", limit: 10, offset: 0)
            #expect(heard.map(\.kind) == ["accept", "merge"])
            await Self.expectError("invalid_merge_target") {
                _ = try await w.work.perform(
                    CaseCommand(action: .merge, mergeInto: duplicate), on: kept, by: try await w.who("zhihui"),
                    now: Self.at(minutes: 40))
            }
        }
    }

    @Test(
        "bad moves: no reason, a class that cannot be self-handled, an unknown department, someone else's case",
        arguments: Engine.all)
    func refusals(engine: Engine) async throws {
        try await Self.withWorld(engine) { w async throws in
            let id = try await w.report("C0102", by: "jumin10", north: -45, at: Self.t0)
            await Self.expectError("missing_note") { _ = try await w.act(.reject, id, by: "wgy01", at: 1) }
            await Self.expectError("self_handle_not_allowed") {
                _ = try await w.act(.selfHandle, id, by: "wgy01", at: 1, photo: true)
            }
            await Self.expectError("not_found") { _ = try await w.act(.verify, id, by: "wgy11", at: 1) }
            await Self.expectError("role_not_allowed") { _ = try await w.act(.accept, id, by: "jumin10", at: 1) }
            await Self.expectError("illegal_transition") { _ = try await w.act(.dispatch, id, by: "zhihui", at: 1) }
            _ = try await w.act(.verify, id, by: "wgy01", at: 2)
            _ = try await w.act(.accept, id, by: "zhihui", at: 3)
            await Self.expectError("missing_note") { _ = try await w.act(.dispatch, id, by: "zhihui", at: 4, target: "CJ") }
            await Self.expectError("unknown_department") {
                _ = try await w.act(.dispatch, id, by: "zhihui", at: 4, note: "改派", target: "XX")
            }
            let overridden = try await w.act(.dispatch, id, by: "zhihui", at: 5, note: "实为雨水井，改派", target: "CJ")
            #expect(overridden.state == .dispatched)
            let timeline = try await CaseStore(database: w.f.database).timeline(caseID: id)
            #expect(timeline.last?.note == "实为雨水井，改派" && timeline.last?.detail == "target=CJ")
        }
    }
}
