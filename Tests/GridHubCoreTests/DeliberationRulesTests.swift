import Foundation
import Testing

@testable import GridHubCore

@Suite("Four-step deliberation rules")
struct DeliberationRulesTests {
    /// Every legal move by hand or by consequence, written out by hand: (state, action) → next state.
    static let legal: [TopicState: [TopicAction: TopicState]] = [
        .raised: [.propose: .proposed, .withdraw: .withdrawn],
        .proposed: [.discuss: .discussed, .return: .raised, .withdraw: .withdrawn],
        .discussed: [.review: .reviewed, .return: .proposed, .withdraw: .withdrawn],
        .reviewed: [.publish: .published, .return: .discussed, .withdraw: .withdrawn],
        .published: [.enact: .inEffect, .return: .reviewed],
        .inEffect: [.complete: .done],
        .done: [:],
        .withdrawn: [:],
    ]

    static let topicPlace = Place(streetID: 1, communityID: 3)
    static let raiserID: Int64 = 77

    /// A person in each role placed where the topic is (a grid worker on one of its grids).
    static func person(_ role: Role, account: Int64 = 5) -> Principal {
        Principal(accountID: account, username: "p", role: role, streetID: 1, communityID: 3, departmentID: 9, gridIDs: [5])
    }

    @Test("role × move × state: the steering roles make exactly the legal moves; everyone else is 403")
    func exhaustive() throws {
        let steering: Set<Role> = [.commandCentre, .communityStaff]
        for role in Role.allCases {
            let p = Self.person(role)
            for state in TopicState.allCases {
                for action in TopicAction.allCases {
                    let expected = Self.legal[state]?[action]
                    let attempt = Result {
                        try TopicWorkflow.next(
                            after: action, from: state, by: p, at: Self.topicPlace, raiser: Self.raiserID, reason: "理由")
                    }
                    switch (steering.contains(role), expected, attempt) {
                    case (true, let to?, .success(let got)):
                        #expect(got == to, "\(role) \(action) from \(state)")
                    case (true, nil, .failure(let e as GridHubError)):
                        #expect(e.kind == .conflict, "\(role) \(action) from \(state)")
                    case (false, _, .failure(let e as GridHubError)):
                        #expect(e.kind == .forbidden, "\(role) \(action) from \(state)")
                    default:
                        Issue.record("\(role) \(action) from \(state): \(attempt)")
                    }
                }
            }
        }
    }

    @Test("whoever raised a topic may withdraw it while it is only raised, and nothing else")
    func raiserWithdraws() throws {
        let raiser = Self.person(.resident, account: Self.raiserID)
        #expect(
            try TopicWorkflow.next(
                after: .withdraw, from: .raised, by: raiser, at: Self.topicPlace, raiser: Self.raiserID, reason: "不需要了")
                == .withdrawn)
        #expect(TopicWorkflow.allowed(from: .raised, by: raiser, at: Self.topicPlace, raiser: Self.raiserID) == [.withdraw])
        #expect(throws: GridHubError.self) {
            try TopicWorkflow.next(
                after: .withdraw, from: .proposed, by: raiser, at: Self.topicPlace, raiser: Self.raiserID, reason: "x")
        }
        let other = Self.person(.resident, account: 78)
        #expect(TopicWorkflow.allowed(from: .raised, by: other, at: Self.topicPlace, raiser: Self.raiserID).isEmpty)
    }

    @Test("staff of another community may not steer; moves that follow from votes and measures are never offered by hand")
    func placesAndConsequences() throws {
        let elsewhere = Principal(accountID: 9, username: "b", role: .communityStaff, streetID: 1, communityID: 4)
        let e = #expect(throws: GridHubError.self) {
            try TopicWorkflow.next(after: .propose, from: .raised, by: elsewhere, at: Self.topicPlace, raiser: nil, reason: nil)
        }
        #expect(e?.kind == .forbidden)
        let staff = Self.person(.communityStaff)
        #expect(TopicWorkflow.allowed(from: .discussed, by: staff, at: Self.topicPlace, raiser: nil) == [.return, .withdraw])
        #expect(TopicWorkflow.allowed(from: .inEffect, by: staff, at: Self.topicPlace, raiser: nil).isEmpty)
    }

    @Test("discussing needs the minutes, sending back and withdrawing a reason: 422 without")
    func reasons() {
        let staff = Self.person(.communityStaff)
        for (action, state) in [(TopicAction.discuss, TopicState.proposed), (.return, .published), (.withdraw, .raised)] {
            for reason in [nil, "", "  "] as [String?] {
                let e = #expect(throws: GridHubError.self) {
                    try TopicWorkflow.next(
                        after: action, from: state, by: staff, at: Self.topicPlace, raiser: nil, reason: reason)
                }
                #expect(e?.kind == .unprocessable && e?.code == "reason_required")
            }
        }
    }

    @Test(
        "quorum: at least two thirds of the invited; majority: more than half of those present",
        arguments: [
            // invited, present, agree, quorate, passed
            (9, 6, 4, true, true),  // exactly two thirds attend
            (9, 5, 5, false, false),  // one short of two thirds: no quorum, however unanimous
            (10, 7, 4, true, true),  // 7/10 ≥ 2/3
            (10, 6, 6, false, false),  // 6/10 < 2/3
            (6, 6, 3, true, false),  // a tie is not more than half
            (6, 6, 4, true, true),
            (7, 5, 3, true, true),  // abstentions and non-votes count among those present
            (3, 2, 1, true, false),
            (0, 0, 0, false, false),  // nobody invited: no quorum
        ])
    func quorumAndMajority(invited: Int, present: Int, agree: Int, quorate: Bool, passed: Bool) {
        let tally = VoteTally(invited: invited, present: present, agree: agree, disagree: 0, abstain: present - agree)
        #expect(tally.quorate(.standard) == quorate)
        #expect(tally.passed(.standard) == passed)
    }

    @Test("a community's own rules: three quarters to meet, two thirds to pass; out-of-range rules are 422")
    func ownRules() throws {
        let rules = try VotingRules(quorum: Fraction(3, 4), majority: Fraction(2, 3), noticeDays: 5).validated()
        #expect(VoteTally(invited: 8, present: 6, agree: 5, disagree: 1, abstain: 0).passed(rules))
        #expect(!VoteTally(invited: 8, present: 6, agree: 4, disagree: 2, abstain: 0).passed(rules))  // 4/6 is not more than 2/3
        #expect(!VoteTally(invited: 8, present: 5, agree: 5, disagree: 0, abstain: 0).passed(rules))
        for bad in [
            VotingRules(quorum: Fraction(0, 3), majority: Fraction(1, 2), noticeDays: 7),
            VotingRules(quorum: Fraction(4, 3), majority: Fraction(1, 2), noticeDays: 7),
            VotingRules(quorum: Fraction(2, 3), majority: Fraction(1, 1), noticeDays: 7),
            VotingRules(quorum: Fraction(2, 3), majority: Fraction(1, 0), noticeDays: 7),
            VotingRules(quorum: Fraction(2, 3), majority: Fraction(1, 2), noticeDays: 0),
            VotingRules(quorum: Fraction(Int.max, Int.max), majority: Fraction(1, 2), noticeDays: 7),
        ] {
            #expect(throws: GridHubError.self) { try bad.validated() }
        }
    }

    @Test("three reports of one class at one building within 90 days become a suggested topic")
    func clusters() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        func item(_ id: Int64, _ code: String, _ building: Int64, daysAgo: Double) -> CaseClusters.Item {
            .init(caseID: id, classCode: code, buildingID: building, reportedAt: now.addingTimeInterval(-daysAgo * 86_400))
        }
        let found = CaseClusters.find(
            [
                item(1, "0105", 12, daysAgo: 80), item(2, "0105", 12, daysAgo: 10), item(3, "0105", 12, daysAgo: 1),
                item(4, "0105", 13, daysAgo: 1), item(5, "0105", 13, daysAgo: 2),  // two only
                item(6, "0201", 12, daysAgo: 1), item(7, "0201", 12, daysAgo: 2), item(8, "0201", 12, daysAgo: 95),  // one too old
            ], now: now)
        #expect(found == [CaseClusters.Cluster(buildingID: 12, classCode: "0105", caseIDs: [1, 2, 3])])
        let b = [(id: Int64(1), at: Coordinate(lat: 43.9, lon: 125.4)), (id: Int64(2), at: Coordinate(lat: 43.9003, lon: 125.4))]
        #expect(CaseClusters.building(at: Coordinate(lat: 43.90025, lon: 125.4), among: b) == 2)
        #expect(CaseClusters.building(at: Coordinate(lat: 43.91, lon: 125.4), among: b) == nil)
    }

    @Test("a resolution orders up to 10 measures, each due from today within two years")
    func resolutions() throws {
        let today = CivilDate(year: 2026, month: 11, day: 30)!
        let m = MeasureInput(title: "维修12号楼屋顶", owner: "物业公司", dueOn: "2026-12-31")
        #expect(try ResolutionInput(text: "同意使用维修资金", measures: [m]).validated(today: today).measures.count == 1)
        for bad in [
            ResolutionInput(text: " ", measures: []),
            ResolutionInput(text: "决议", measures: Array(repeating: m, count: 11)),
            ResolutionInput(text: "决议", measures: [MeasureInput(title: "修", owner: "物业", dueOn: "2026-12-31")]),
            ResolutionInput(text: "决议", measures: [MeasureInput(title: "维修屋顶", owner: "物业", dueOn: "2026-11-29")]),
            ResolutionInput(text: "决议", measures: [MeasureInput(title: "维修屋顶", owner: "物业", dueOn: "2029-01-01")]),
            ResolutionInput(text: "决议", measures: [MeasureInput(title: "维修屋顶", owner: "物业", dueOn: "12/31")]),
        ] {
            let e = #expect(throws: GridHubError.self) { try bad.validated(today: today) }
            #expect(e?.kind == .unprocessable)
        }
    }

    @Test("who is told: the invited of a meeting, the committee of a new topic and an objection, the raiser of each step")
    func notices() {
        let facts = TopicFacts(communityID: 3, title: "屋顶漏雨", raisedBy: 77, to: .raised)
        #expect(TopicNotices.plan(TopicEvent.raised, facts, actor: 77).map(\.recipient) == ["community_staff@community:3"])
        var called = facts
        called.accounts = [5, 6]
        #expect(TopicNotices.plan(TopicEvent.meetingCalled, called, actor: 1).map(\.recipient) == ["account:5", "account:6"])
        #expect(TopicNotices.plan(TopicEvent.objected, facts, actor: 9).map(\.kind) == ["topic_objected"])
        var moved = facts
        (moved.action, moved.to) = (.publish, .published)
        #expect(TopicNotices.plan(TopicEvent.moved, moved, actor: 1).map(\.recipient) == ["account:77"])
        #expect(TopicNotices.plan(TopicEvent.moved, moved, actor: 77).isEmpty)  // not told of one's own move
        #expect(moved.adopted && PointsEarning.adoptedDue(moved, rules: .standard)?.amount == 10)
        #expect(PointsEarning.meetingDue(facts, rules: .standard) == nil)  // not a meeting's event
    }

    @Test("points rules stored before the topic rule read it at 10; sent as null it is refused")
    func topicAdoptedRule() throws {
        let old = #"{"verifiedReport":10,"firstReporter":5,"rating":2,"headVisit":3,"meeting":5,"dailyCap":50,"holdDays":14}"#
        #expect(try JSONDecoder().decode(PointsRules.self, from: Data(old.utf8)).topicAdopted == 10)
        let null =
            #"{"verifiedReport":10,"firstReporter":5,"rating":2,"headVisit":3,"meeting":5,"topicAdopted":null,"dailyCap":50,"holdDays":14}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PointsRules.self, from: Data(null.utf8)) }
    }
}
