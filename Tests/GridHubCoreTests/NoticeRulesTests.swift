import Foundation
import Testing

@testable import GridHubCore

@Suite("Who is told what after a case event")
struct NoticeRulesTests {
    static let due = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18 19:06 in Shanghai

    static func change(_ entry: TimelineEventKind, lead: LeadKind? = nil, department: Int64? = nil, to: CaseState? = nil)
        -> CaseChange
    {
        CaseChange(
            entry: entry, trackingNumber: "T1", from: nil, to: to, state: to ?? .reported, gridID: 5, communityID: 2,
            lead: lead, departmentID: department, dueAt: due)
    }

    static func recipients(_ notices: [CaseNotices.Notice], _ kind: String) -> Set<String> {
        Set(notices.filter { $0.kind == kind }.compactMap { if case .recipient(let r) = $0.audience { r.key } else { nil } })
    }

    @Test("a new report is the grid's grid workers' to verify; the reporters hear nothing yet")
    func reported() {
        let plan = CaseNotices.plan(Self.change(.reported), streetID: 1)
        #expect(Self.recipients(plan, "new_report") == ["grid_worker@grid:5"])
        #expect(!plan.contains { $0.audience == .reporters })
    }

    @Test("a dispatch tells the department's handlers and officers with the due time, or the community's staff")
    func dispatch() throws {
        let toDepartment = CaseNotices.plan(Self.change(.dispatch, lead: .department, department: 3), streetID: 1)
        #expect(
            Self.recipients(toDepartment, "dispatch") == ["department_handler@department:3", "enforcement_team@department:3"])
        let message = try #require(toDepartment.first { $0.kind == "dispatch" && $0.audience != .reporters }?.message)
        #expect(message.contains("11月18日 19:06 前办结"))
        #expect(toDepartment.contains { $0.audience == .reporters && $0.kind == "dispatch" })
        let toCommunity = CaseNotices.plan(Self.change(.dispatch, lead: .community), streetID: 1)
        #expect(Self.recipients(toCommunity, "dispatch") == ["community_staff@community:2"])
    }

    @Test("a whistle summons every named department to report in")
    func whistle() {
        var c = Self.change(.whistle, lead: .street)
        c.summoned = [3, 4]
        c.reportInDue = Self.due
        let plan = CaseNotices.plan(c, streetID: 1)
        #expect(
            Self.recipients(plan, "summons") == [
                "department_handler@department:3", "enforcement_team@department:3", "department_handler@department:4",
                "enforcement_team@department:4",
            ])
        #expect(plan.first { $0.kind == "summons" }?.message.contains("前报到") == true)
    }

    @Test("overdue goes to whoever answers for the case, escalation to the street's leaders")
    func supervision() {
        #expect(
            Self.recipients(CaseNotices.plan(Self.change(.overdue, lead: .community), streetID: 1), "supervision")
                == ["community_staff@community:2"])
        #expect(
            Self.recipients(CaseNotices.plan(Self.change(.overdue, lead: .street), streetID: 1), "supervision")
                == ["command_centre@street:1"])
        #expect(
            Self.recipients(
                CaseNotices.plan(Self.change(.escalated, lead: .department, department: 3), streetID: 1), "escalation")
                == ["leader@street:1"])
    }

    @Test("reporters hear of acceptance, dispatch, handling and closing; a part done tells them only when it ends the handling")
    func reporterLoop() {
        let told = TimelineEventKind.allCases.filter { entry in
            CaseNotices.plan(Self.change(entry, to: .inProgress), streetID: 1).contains { $0.audience == .reporters }
        }
        #expect(told == [.accept, .reject, .dispatch, .whistle, .handle, .close, .merge, .selfHandle])
        #expect(CaseNotices.plan(Self.change(.partDone, to: .handled), streetID: 1).contains { $0.audience == .reporters })
    }

    @Test("a person reads notices to their account and to their role in each unit they hold it in")
    func readers() {
        let worker = Principal(accountID: 7, username: "w", role: .gridWorker, streetID: 1, gridIDs: [5, 6])
        #expect(worker.recipients.map(\.key) == ["account:7", "grid_worker@grid:5", "grid_worker@grid:6"])
        let officer = Principal(accountID: 8, username: "z", role: .enforcementTeam, streetID: 1, departmentID: 3)
        #expect(officer.recipients.map(\.key) == ["account:8", "enforcement_team@department:3"])
        let resident = Principal(accountID: 9, username: "r", role: .resident, streetID: 1)
        #expect(resident.recipients == [.account(9)])
        #expect(Recipient.role(.leader, in: .street(1)).key == "leader@street:1")
    }

    @Test("an event's facts go in and out as JSON; a subject key reads back")
    func roundTrip() throws {
        let c = Self.change(.dispatch, lead: .department, department: 3)
        let event = try DomainEvent(
            kind: .case(.dispatch), streetID: 1, subject: .case(12), actorAccountID: nil, at: Self.due, facts: c)
        #expect(try event.facts(CaseChange.self) == c)
        #expect(event.kind.rawValue == "case.dispatch" && event.kind.feature == "case")
        #expect(Subject(key: "case:12") == .case(12))
        #expect(Subject(key: "case:") == nil && Subject(key: "12") == nil && Subject(key: ":3") == nil)
    }
}
