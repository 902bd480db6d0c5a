import Foundation
import GridHubCore
import GridHubTestSupport
import SQLKit
import Testing

@testable import GridHubDemo
@testable import GridHubStore

@Suite("Four-step deliberation in the store")
struct DeliberationStoreTests {
    /// Monday 30 November 2026, 10:00 in Shanghai.
    static let now = CivilDate(year: 2026, month: 11, day: 30)!.start.addingTimeInterval(10 * 3600)
    static func later(days: Double) -> Date { now.addingTimeInterval(days * 86_400) }

    struct World {
        let f: StoreFixture
        let small: SmallWorld
        let desk: ReportDesk
        let work: CaseWork
        let topics: TopicStore
        let committees: CommitteeStore
        let building: Int64
        var communityA: Int64 { small.written.communityIDs[0] }

        func who(_ name: String) throws -> Principal { try #require(small.principal(name)) }

        /// A resident's report of a leaking roof at the building, `n` × 20 days ago (so none is a duplicate
        /// of another: they fall outside each other's 7-day window).
        func leak(_ n: Int) async throws -> Int64 {
            let p = SmallWorld.centre(of: .a1)
            let answer = try await desk.file(
                ReportDraft(lat: p.lat + Double(n) * 0.0001, lon: p.lon, classCode: "E0603", description: "屋顶漏雨 \(n)"),
                photos: [], by: try who("resident"), idempotencyKey: nil, now: DeliberationStoreTests.later(days: Double(-20 * n))
            )
            return try APIJSON.decoder().decode(ReportReceipt.self, from: answer.body).caseID
        }

        func drain() async throws {
            try await EventRelay(database: f.database, subscribers: [PointsSubscriber(), DeliberationSubscriber()]).drain()
        }

        /// Raised from cases by the community, proposed, discussed: ready for its review meeting.
        func discussedTopic(cases: [Int64] = []) async throws -> TopicView {
            let staff = try who("staff-a")
            let raised = try await topics.raise(
                TopicInput(title: "1号楼屋顶漏雨", description: "顶层多户反映漏雨", buildingID: building, caseIDs: cases),
                communityID: nil, by: staff, now: now)
            let committee = try await committees.committees(communityID: communityA, by: staff)
                .first { $0.kind == .environment }
            _ = try await topics.act(raised.id, .init(action: .propose, committeeID: committee?.id), by: staff, now: now)
            return try await topics.act(
                raised.id, .init(action: .discuss, reason: "两委商议：使用维修资金，或由物业先行垫付"), by: staff, now: now)
        }

        /// Seats `paper` representatives without phones and the three accounts with them.
        func seatRepresentatives(paper: Int) async throws -> [Int64] {
            let staff = try who("staff-a")
            var ids: [Int64] = []
            for (name, kind) in [
                ("resident", RepresentativeKind.partyMember), ("building-head", .resident), ("unit-head", .resident),
            ] {
                ids.append(
                    try await committees.addRepresentative(
                        communityID: communityA, kind: kind, name: name, accountID: small.accountID(name), by: staff
                    ).id)
            }
            for i in 0..<paper {
                ids.append(
                    try await committees.addRepresentative(
                        communityID: communityA, kind: .resident, name: "代表\(i)", accountID: nil, by: staff
                    ).id)
            }
            return ids
        }
    }

    static func withWorld(_ engine: Engine, _ body: (World) async throws -> Void) async throws {
        try await StoreFixture.withSmallWorld(engine) { f, small, desk, work in
            let directory = try await GridDirectory.load(OrgStore(database: f.database))
            let w = World(
                f: f, small: small, desk: desk, work: work, topics: TopicStore(database: f.database, directory: directory),
                committees: CommitteeStore(database: f.database, directory: directory),
                building: try await small.firstUnit(of: .a1, in: f.database).building)
            _ = try await PointsStore(database: f.database).adjust(
                holder: "budget", amount: 10_000, reason: "年度积分预算", by: try w.who("centre"), now: now)
            try await body(w)
        }
    }

    static func expectError(_ code: String, _ body: () async throws -> Void) async {
        await WorkflowStoreTests.expectError(code, body)
    }

    @Test(
        "three leaks become a topic; proposed, discussed, voted on, published, objected to, sent back, published again, enacted into cases; done when they end",
        arguments: Engine.all)
    func wholeLoop(engine: Engine) async throws {
        try await Self.withWorld(engine) { w in
            let staff = try w.who("staff-a")
            let cases = [try await w.leak(0), try await w.leak(1), try await w.leak(2)]
            // The three reports at one building suggest a topic; once it links them, they are no longer suggested.
            let suggested = try await w.topics.suggestions(communityID: w.communityA, by: staff, now: Self.now)
            #expect(suggested.map(\.caseIDs) == [cases.sorted()] && suggested.first?.buildingID == w.building)
            let committees = try await w.committees.committees(communityID: w.communityA, by: staff)
            #expect(committees.count == 5 && committees.map(\.name).contains("人民调解委员会"))
            let discussed = try await w.discussedTopic(cases: cases)
            #expect(discussed.state == .discussed && discussed.source == .cases && discussed.cases.count == 3)
            #expect(discussed.committeeName == "环境和物业管理委员会" && discussed.minutes?.hasPrefix("两委商议") == true)
            #expect(try await w.topics.suggestions(communityID: w.communityA, by: staff, now: Self.now).isEmpty)

            // The review meeting: 6 invited, 4 come (exactly two thirds), 3 agree.
            let seats = try await w.seatRepresentatives(paper: 3)
            _ = try await w.topics.callMeeting(discussed.id, startsAt: Self.now, place: "社区议事厅", by: staff, now: Self.now)
            let meeting = try await w.topics.openMeeting(of: discussed.id, by: staff)
            await Self.expectError("check_in_first") {
                _ = try await w.topics.vote(meeting, .agree, representative: nil, by: try w.who("resident"), now: Self.now)
            }
            await Self.expectError("meeting_open") {
                _ = try await w.topics.callMeeting(discussed.id, startsAt: Self.now, place: "又一次", by: staff, now: Self.now)
            }
            for name in ["resident", "building-head"] {
                _ = try await w.topics.checkIn(meeting, representative: nil, by: try w.who(name), now: Self.now)
            }
            _ = try await w.topics.vote(meeting, .disagree, representative: nil, by: try w.who("resident"), now: Self.now)
            _ = try await w.topics.vote(meeting, .agree, representative: nil, by: try w.who("resident"), now: Self.now)  // changed
            _ = try await w.topics.vote(meeting, .agree, representative: nil, by: try w.who("building-head"), now: Self.now)
            _ = try await w.topics.vote(meeting, .agree, representative: seats[3], by: staff, now: Self.now)  // paper
            _ = try await w.topics.checkIn(meeting, representative: seats[4], by: staff, now: Self.now)  // came, did not vote
            await Self.expectError("not_invited") {
                _ = try await w.topics.vote(meeting, .agree, representative: nil, by: try w.who("worker-a1"), now: Self.now)
            }
            await Self.expectError("staff_only") {
                _ = try await w.topics.vote(meeting, .agree, representative: seats[5], by: try w.who("resident"), now: Self.now)
            }
            let reviewed = try await w.topics.closeVote(meeting, by: staff, now: Self.now)
            #expect(reviewed.state == .reviewed)
            let tally = try #require(reviewed.meetings.first?.tally)
            #expect(tally == VoteTally(invited: 6, present: 4, agree: 3, disagree: 0, abstain: 0))
            #expect(reviewed.meetings.first?.invitees?.first { $0.representativeID == seats[3] }?.paper == true)
            await Self.expectError("vote_closed") {
                _ = try await w.topics.vote(meeting, .disagree, representative: seats[3], by: staff, now: Self.now)
            }

            // Published with two measures; an objection in the notice period; the committee sends it back.
            let resolution = ResolutionInput(
                text: "同意使用住宅专项维修资金维修1号楼屋顶",
                measures: [
                    MeasureInput(title: "清理1号楼楼顶堆物", owner: "网格员", dueOn: "2026-12-15", classCode: "E0110"),
                    MeasureInput(title: "维修1号楼屋顶防水层", owner: "物业公司", dueOn: "2026-12-31", classCode: "E0603"),
                ])
            _ = try await w.topics.act(reviewed.id, .init(action: .publish, resolution: resolution), by: staff, now: Self.now)
            let objected = try await w.topics.object(
                reviewed.id, reason: "维修资金分摊不公平", by: try w.who("unit-head"), now: Self.later(days: 1))
            #expect(objected.objections.count == 1 && objected.mayObject == false)
            await Self.expectError("objected_already") {
                _ = try await w.topics.object(reviewed.id, reason: "再说一次", by: try w.who("unit-head"), now: Self.later(days: 1))
            }
            let back = try await w.topics.act(
                reviewed.id, .init(action: .return, reason: "重新核定分摊方案"), by: staff, now: Self.later(days: 2))
            #expect(back.state == .reviewed && back.objections.first?.state == .upheld && back.noticeEndsAt == nil)
            let republished = try await w.topics.act(
                reviewed.id, .init(action: .publish, resolution: resolution), by: staff, now: Self.later(days: 2))
            #expect(republished.measures.count == 2 && republished.noticeEndsAt == Self.later(days: 9))
            // Only during the notice period, and enacted only after it.
            await Self.expectError("notice_running") {
                _ = try await w.topics.enact(reviewed.id, reason: nil, by: staff, desk: w.desk, now: Self.later(days: 8))
            }
            await Self.expectError("not_in_notice") {
                _ = try await w.topics.object(reviewed.id, reason: "太晚了", by: try w.who("resident"), now: Self.later(days: 9))
            }
            let enacted = try await w.topics.enact(reviewed.id, reason: nil, by: staff, desk: w.desk, now: Self.later(days: 9))
            #expect(enacted.state == .inEffect && enacted.measures.allSatisfy { $0.caseID != nil })
            let measureCases = enacted.measures.compactMap(\.caseID)
            #expect(Set(measureCases).count == 2 && Set(measureCases).isDisjoint(with: cases))  // its own cases, never joined

            // The measures run through the workflow; the topic is done when the last one ends.
            let photo = try w.f.photos.save(DemoPhoto.bytes)
            _ = try await w.work.perform(
                CaseCommand(action: .selfHandle, note: "已清理", photos: [photo]), on: measureCases[0], by: try w.who("worker-a1"),
                now: Self.later(days: 10))
            try await w.drain()
            #expect(try await w.topics.topic(reviewed.id, by: staff).state == .inEffect)
            for (action, who) in [
                (CaseAction.verify, "worker-a1"), (.accept, "worker-a1"), (.dispatch, "centre"), (.start, "staff-a"),
                (.handle, "staff-a"), (.check, "worker-a1"), (.close, "worker-a1"),
            ] {
                _ = try await w.work.perform(
                    CaseCommand(
                        action: action, photos: action == .handle ? [photo] : [], target: action == .dispatch ? "community" : nil),
                    on: measureCases[1], by: try w.who(who), now: Self.later(days: 40))
            }
            try await w.drain()
            try await w.drain()  // a redelivered event changes nothing
            let done = try await w.topics.topic(reviewed.id, by: staff, now: Self.later(days: 41))
            #expect(done.state == .done && done.measures.map(\.onTime) == [true, false])
            #expect(
                done.timeline.compactMap(\.action) == [
                    .propose, .discuss, .review, .publish, .return, .publish, .enact, .complete,
                ])

            // Points: those present with accounts for the meeting (two), the raiser nothing (staff do not earn).
            let paid = try await w.f.database.read { sql in
                try await sql.select().columns("source").from("points_entries").where("kind", .equal, "earn").all()
                    .map { try $0.decode(column: "source", as: String.self) }
            }
            #expect(paid.filter { $0.contains(":meeting:") }.count == 2)

            // The yearly report and the public page.
            let year = try await w.topics.yearReport(year: 2026, by: try w.who("centre"))
            #expect(year.first?.topics == 1 && year.first?.done == 1 && year.first?.measuresOnTime == 1)
            let posted = try await w.topics.publicResolutions(communityID: nil)
            #expect(posted.count == 1 && posted.first?.tally?.agree == 3 && posted.first?.measures.allSatisfy(\.done) == true)
        }
    }

    @Test(
        "one vote per person under concurrent votes: 40 at once from one phone, and 12 paper votes entered at once",
        arguments: Engine.all)
    func concurrentVotes(engine: Engine) async throws {
        try await Self.withWorld(engine) { w in
            let staff = try w.who("staff-a")
            let topic = try await w.discussedTopic()
            let seats = try await w.seatRepresentatives(paper: 12)
            _ = try await w.topics.callMeeting(topic.id, startsAt: Self.now, place: "议事厅", by: staff, now: Self.now)
            let meeting = try await w.topics.openMeeting(of: topic.id, by: staff)
            let resident = try w.who("resident")
            _ = try await w.topics.checkIn(meeting, representative: nil, by: resident, now: Self.now)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<40 {
                    group.addTask {
                        _ = try await w.topics.vote(
                            meeting, i % 2 == 0 ? .agree : .disagree, representative: nil, by: resident, now: Self.now)
                    }
                }
                for seat in seats.dropFirst(3) {
                    group.addTask { _ = try await w.topics.vote(meeting, .agree, representative: seat, by: staff, now: Self.now) }
                }
                try await group.waitForAll()
            }
            let closed = try await w.topics.closeVote(meeting, by: staff, now: Self.now)
            let tally = try #require(closed.meetings.first?.tally)
            #expect(tally.invited == 15 && tally.present == 13 && tally.agree + tally.disagree == 13 && tally.agree >= 12)
            #expect(closed.state == .reviewed)
            let rows = try await SmallWorld.count("meeting_invitees", in: w.f.database)
            #expect(rows == 15)
        }
    }

    @Test("a failed vote leaves the topic discussed; a tie fails; bad input is 4xx and writes nothing", arguments: Engine.all)
    func failuresAndBadInput(engine: Engine) async throws {
        try await Self.withWorld(engine) { w in
            let staff = try w.who("staff-a")
            let topic = try await w.discussedTopic()
            await Self.expectError("no_representatives") {
                _ = try await w.topics.callMeeting(topic.id, startsAt: Self.now, place: "议事厅", by: staff, now: Self.now)
            }
            let seats = try await w.seatRepresentatives(paper: 1)  // 4 invited
            _ = try await w.topics.callMeeting(topic.id, startsAt: Self.now, place: "议事厅", by: staff, now: Self.now)
            let meeting = try await w.topics.openMeeting(of: topic.id, by: staff)
            for (seat, choice) in zip(seats, [VoteChoice.agree, .agree, .disagree, .disagree]) {
                _ = try await w.topics.vote(meeting, choice, representative: seat, by: staff, now: Self.now)
            }
            let tie = try await w.topics.closeVote(meeting, by: staff, now: Self.now)
            #expect(tie.state == .discussed && tie.meetings.first?.passed == false)
            // Another meeting is called, then the topic is sent back: the open meeting is called off, uncounted.
            _ = try await w.topics.callMeeting(topic.id, startsAt: Self.now, place: "议事厅", by: staff, now: Self.now)
            let back = try await w.topics.act(topic.id, .init(action: .return, reason: "方案需重新商议"), by: staff, now: Self.now)
            #expect(back.state == .proposed && back.meetings.count == 2 && back.meetings.allSatisfy(\.closed))
            #expect(back.meetings.last?.tally == nil && back.meetings.last?.passed == false)
            await Self.expectError("no_open_meeting") { _ = try await w.topics.openMeeting(of: topic.id, by: staff) }
            _ = try await w.topics.act(topic.id, .init(action: .discuss, reason: "重新商议"), by: staff, now: Self.now)
            // Bad input: nothing written.
            let before = try await w.f.database.read { sql in try await EventLog.events(of: Subject("topic", topic.id), sql).count
            }
            await Self.expectError("invalid_title") {
                _ = try await w.topics.raise(TopicInput(title: " ", description: "x"), communityID: w.communityA, by: staff)
            }
            let fresh = try await w.topics.raise(
                TopicInput(title: "停车难", description: "晚上车位不够"), communityID: w.communityA, by: staff)
            await Self.expectError("committee_required") {
                _ = try await w.topics.act(fresh.id, .init(action: .propose), by: staff)
            }
            await Self.expectError("not_by_hand") { _ = try await w.topics.act(topic.id, .init(action: .review), by: staff) }
            await Self.expectError("not_allowed") {
                _ = try await w.topics.act(topic.id, .init(action: .withdraw, reason: "x"), by: try w.who("staff-b"))
            }
            await Self.expectError("staff_only") {
                _ = try await w.topics.raise(
                    TopicInput(title: "从案件", description: "x", caseIDs: [1]), communityID: w.communityA, by: try w.who("resident")
                )
            }
            await Self.expectError("invalid_quorum") {
                _ = try await w.committees.setRules(
                    VotingRules(quorum: Fraction(5, 3), majority: Fraction(1, 2), noticeDays: 7), communityID: w.communityA,
                    by: staff)
            }
            let after = try await w.f.database.read { sql in try await EventLog.events(of: Subject("topic", topic.id), sql).count
            }
            let topics = try await SmallWorld.count("topics", in: w.f.database)
            #expect(after == before && topics == 2)
        }
    }
}
