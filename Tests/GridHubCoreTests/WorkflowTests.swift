import Foundation
import Testing

@testable import GridHubCore

@Suite("The case state machine")
struct WorkflowTests {
    @Test("every action has exactly one transition")
    func oneEach() {
        #expect(CaseWorkflow.transitions.count == CaseAction.allCases.count)
        #expect(Set(CaseWorkflow.transitions.map(\.action)) == Set(CaseAction.allCases))
    }

    @Test("the main path runs report → verify → accept → dispatch → start → handle → check → close")
    func mainPath() throws {
        let path: [(CaseAction, Role, CaseState)] = [
            (.verify, .gridWorker, .verifying), (.accept, .commandCentre, .accepted), (.dispatch, .commandCentre, .dispatched),
            (.start, .departmentHandler, .inProgress), (.handle, .departmentHandler, .handled), (.check, .gridWorker, .checking),
            (.close, .gridWorker, .closed),
        ]
        var state = CaseState.reported
        for (action, role, expected) in path {
            state = try CaseWorkflow.next(after: action, from: state, by: .holder(role), at: .here).to
            #expect(state == expected)
        }
    }

    @Test("side paths: reject, return, rework, merge, self-handle, whistle, reopen")
    func sidePaths() throws {
        #expect(try CaseWorkflow.next(after: .reject, from: .verifying, by: .holder(.gridWorker), at: .here).to == .rejected)
        #expect(
            try CaseWorkflow.next(after: .return, from: .dispatched, by: .holder(.departmentHandler), at: .here).to == .returned)
        #expect(
            try CaseWorkflow.next(after: .dispatch, from: .returned, by: .holder(.commandCentre), at: .here).to == .dispatched)
        #expect(try CaseWorkflow.next(after: .rework, from: .checking, by: .holder(.gridWorker), at: .here).to == .rework)
        #expect(try CaseWorkflow.next(after: .dispatch, from: .rework, by: .holder(.commandCentre), at: .here).to == .dispatched)
        #expect(try CaseWorkflow.next(after: .merge, from: .reported, by: .holder(.commandCentre), at: .here).to == .merged)
        #expect(
            try CaseWorkflow.next(after: .selfHandle, from: .reported, by: .holder(.gridWorker), at: .here).to == .selfHandled)
        #expect(try CaseWorkflow.next(after: .whistle, from: .accepted, by: .holder(.commandCentre), at: .here).to == .dispatched)
        #expect(try CaseWorkflow.next(after: .reopen, from: .closed, by: .holder(.resident), at: .here).to == .rework)
        #expect(CaseWorkflow.transition(.reject).needsReason && CaseWorkflow.transition(.return).needsReason)
        #expect(CaseWorkflow.transition(.handle).needsPhoto && CaseWorkflow.transition(.selfHandle).needsPhoto)
    }

    /// The whole role × action matrix, written out by hand: who may ever make each move.
    static let mayAct: [CaseAction: Set<Role>] = [
        .verify: [.gridWorker, .communityStaff, .commandCentre],
        .accept: [.gridWorker, .communityStaff, .commandCentre],
        .reject: [.gridWorker, .communityStaff, .commandCentre],
        .dispatch: [.commandCentre], .whistle: [.commandCentre], .merge: [.commandCentre],
        .start: [.departmentHandler, .enforcementTeam, .communityStaff, .gridWorker],
        .handle: [.departmentHandler, .enforcementTeam, .communityStaff, .gridWorker],
        .return: [.departmentHandler, .enforcementTeam, .communityStaff],
        .check: [.gridWorker, .communityStaff],
        .close: [.gridWorker, .communityStaff, .commandCentre],
        .rework: [.gridWorker, .communityStaff, .commandCentre],
        .selfHandle: [.gridWorker],
        .reopen: [.resident, .buildingHead, .unitHead],
    ]

    @Test("role × action × state: a role that may never act gets 403, a wrong state 409, else the move")
    func matrix() {
        for action in CaseAction.allCases {
            let allowedRoles = Self.mayAct[action] ?? []
            let from = CaseWorkflow.transition(action).from
            for role in Role.allCases {
                for state in CaseState.allCases {
                    do {
                        let t = try CaseWorkflow.next(after: action, from: state, by: .holder(role), at: .here)
                        #expect(allowedRoles.contains(role) && from.contains(state), "\(action) \(role) \(state)")
                        #expect(t.action == action)
                    } catch let e as GridHubError {
                        if allowedRoles.contains(role) {
                            #expect(e.kind == .conflict && !from.contains(state), "\(action) \(role) \(state)")
                        } else {
                            #expect(e.kind == .forbidden, "\(action) \(role) \(state)")
                        }
                    } catch {
                        Issue.record("unexpected \(error)")
                    }
                }
            }
        }
    }

    @Test("the leader and residents change nothing but residents may reopen")
    func readOnly() {
        for state in CaseState.allCases {
            #expect(CaseWorkflow.allowed(from: state, by: .holder(.leader), at: .here).isEmpty)
            #expect(CaseWorkflow.allowed(from: state, by: .holder(.resident), at: .here) == (state == .closed ? [.reopen] : []))
        }
    }

    @Test("a 409 names the current state and the moves allowed now")
    func conflictMessage() {
        #expect(throws: GridHubError.self) {
            try CaseWorkflow.next(after: .close, from: .dispatched, by: .holder(.commandCentre), at: .here)
        }
        do {
            _ = try CaseWorkflow.next(after: .close, from: .accepted, by: .holder(.commandCentre), at: .here)
        } catch let e as GridHubError {
            #expect(e.code == "illegal_transition")
            #expect(e.message.contains("accepted") && e.message.contains("dispatch") && e.message.contains("whistle"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("only the party a case was sent to handles it")
    func handlingParty() {
        let dept = Principal(accountID: 1, username: "bm-ps", role: .departmentHandler, streetID: 1, departmentID: 9)
        let staff = Principal(accountID: 2, username: "sq01", role: .communityStaff, streetID: 1, communityID: 3)
        let worker = Principal(accountID: 3, username: "wgy01", role: .gridWorker, streetID: 1, communityID: 3, gridIDs: [5])
        #expect(CaseWorkflow.isHandlingParty(dept, lead: .department, streetID: 1, departmentID: 9, gridID: 5, communityID: 3))
        #expect(!CaseWorkflow.isHandlingParty(dept, lead: .department, streetID: 1, departmentID: 8, gridID: 5, communityID: 3))
        #expect(!CaseWorkflow.isHandlingParty(dept, lead: .community, streetID: 1, departmentID: nil, gridID: 5, communityID: 3))
        #expect(CaseWorkflow.isHandlingParty(staff, lead: .community, streetID: 1, departmentID: nil, gridID: 5, communityID: 3))
        #expect(!CaseWorkflow.isHandlingParty(staff, lead: .community, streetID: 1, departmentID: nil, gridID: 5, communityID: 4))
        #expect(CaseWorkflow.isHandlingParty(worker, lead: .community, streetID: 1, departmentID: nil, gridID: 5, communityID: 3))
        #expect(!CaseWorkflow.isHandlingParty(worker, lead: .department, streetID: 1, departmentID: 9, gridID: 5, communityID: 3))
    }
}

extension Principal {
    /// Someone holding `role` in units covering ``Place/here``.
    static func holder(_ role: Role) -> Principal {
        Principal(accountID: 5, username: "someone", role: role, streetID: 1, communityID: 3, departmentID: 9, gridIDs: [5])
    }
}

extension Place {
    static let here = Place(streetID: 1, communityID: 3, gridID: 5, departmentID: 9)
}

@Suite("The working calendar")
struct WorkingCalendarTests {
    let calendar = WorkingCalendar.standard

    func at(_ s: String) -> Date {
        let f = ISO8601DateFormatter()
        return f.date(from: s + "+08:00")!
    }

    @Test("a limit in working hours skips the lunch break and the weekend")
    func weekend() {
        // Friday 2026-11-27 16:00 + 4 working hours: 1.5 h on Friday, 2.5 h from Monday 08:30.
        #expect(calendar.due(from: at("2026-11-27T16:00:00"), limit: TimeLimit(4, .workingHours)) == at("2026-11-30T11:00:00"))
        // 11:00 + 2 working hours crosses lunch: 1 h before, 1 h after 13:30.
        #expect(calendar.due(from: at("2026-11-26T11:00:00"), limit: TimeLimit(2, .workingHours)) == at("2026-11-26T14:30:00"))
    }

    @Test("a limit that starts after hours starts counting the next working morning")
    func afterHours() {
        #expect(calendar.due(from: at("2026-11-23T20:00:00"), limit: TimeLimit(2, .workingHours)) == at("2026-11-24T10:30:00"))
        #expect(calendar.due(from: at("2026-11-23T06:00:00"), limit: TimeLimit(1, .workingDays)) == at("2026-11-23T17:30:00"))
    }

    @Test("public holidays do not count; a working day is a day's worth of working time")
    func holiday() {
        // Wednesday 30 September 17:00 + 1 working day: 0.5 h that day, the National Day week off, then 7 h on 8 October.
        #expect(calendar.due(from: at("2026-09-30T17:00:00"), limit: TimeLimit(1, .workingDays)) == at("2026-10-08T17:00:00"))
        #expect(calendar.due(from: at("2026-11-24T10:00:00"), limit: TimeLimit(1, .workingDays)) == at("2026-11-25T10:00:00"))
    }

    @Test("a make-up Saturday (调休) is a working day")
    func makeUpSaturday() {
        #expect(calendar.isWorkingDay(at("2026-10-10T12:00:00")))
        #expect(!calendar.isWorkingDay(at("2026-10-17T12:00:00")))
        #expect(calendar.due(from: at("2026-10-09T16:00:00"), limit: TimeLimit(4, .workingHours)) == at("2026-10-10T11:00:00"))
    }

    @Test("urgent classes count round the clock, weekends included")
    func urgent() {
        #expect(calendar.due(from: at("2026-11-29T23:00:00"), limit: TimeLimit(2, .hours)) == at("2026-11-30T01:00:00"))
    }

    @Test("working time between two moments counts only sessions on working days")
    func workingTime() {
        #expect(calendar.workingTime(from: at("2026-11-27T16:00:00"), to: at("2026-11-30T11:00:00")) == 4 * 3_600)
        #expect(calendar.workingTime(from: at("2026-11-28T09:00:00"), to: at("2026-11-28T17:00:00")) == 0)
    }

    @Test("a calendar file adds holidays and make-up days; a bad line is refused")
    func file() throws {
        var c = WorkingCalendar(timeZone: TrackingNumber.timeZone, sessions: calendar.sessions, holidays: [], makeUpWorkdays: [])
        try c.load("# 2027\n2027-01-01 holiday 元旦\n2027-02-06 workday\n")
        #expect(!c.isWorkingDay(at("2027-01-01T10:00:00")) && c.isWorkingDay(at("2027-02-06T10:00:00")))
        #expect(throws: GridHubError.self) { try c.load("2027-13 holiday") }
        #expect(throws: GridHubError.self) { try c.load("2027-01-02 party") }
    }
}

@Suite("Indicators")
struct IndicatorTests {
    static let due = Date(timeIntervalSince1970: 2_000_000)

    func fact(closed: Bool = true, late: Bool = false, rating: Satisfaction? = nil, reworked: Bool = false) -> CaseFacts {
        let done = Self.due.addingTimeInterval(late ? 3_600 : -3_600)
        return CaseFacts(
            state: closed ? .closed : .inProgress, accepted: true, rejected: false, dispatched: true, respondedOnTime: !late,
            handledAt: closed ? done : nil, dispatchedAt: Self.due.addingTimeInterval(-7_200), closedAt: closed ? done : nil,
            dueAt: Self.due, reworked: reworked, overdue: !closed && late, rating: rating)
    }

    @Test("满意率 counts 基本满意 as 0.9, and the composite weighs 0.1 / 0.5 / 0.4")
    func rates() {
        let i = Indicators(facts: [
            fact(rating: .satisfied), fact(rating: .basicallySatisfied), fact(late: true, rating: .dissatisfied, reworked: true),
            fact(closed: false, late: true),
        ])
        #expect(i.reports == 4 && i.closed == 3 && i.rated == 3)
        #expect(abs((i.satisfactionRate ?? 0) - 1.9 / 3) < 1e-9)
        #expect(i.onTimeClosingRate == 2.0 / 3 && i.reworkRate == 1.0 / 3)
        #expect(i.responseRate == 0.5 && i.resolutionRate == 0.75 && i.overdue == 1)
        let expected: Double = 0.1 * 0.5 + 0.5 * 0.75 + 0.4 * (1.9 / 3)
        let composite: Double = i.composite ?? 0
        #expect(abs(composite - expected) < 1e-9)
        let hours: Double = (1 + 1 + 3) / 3
        #expect(i.averageHandlingHours == hours)
    }

    @Test("rates with nothing to count are absent, not zero")
    func empty() {
        let i = Indicators(facts: [])
        #expect(i.reports == 0 && i.satisfactionRate == nil && i.composite == nil && i.acceptanceRate == nil)
    }

    @Test("weights are three non-negative numbers adding up to 1")
    func weights() throws {
        #expect(
            try IndicatorWeights(parameter: "0.2,0.4,0.4") == IndicatorWeights(response: 0.2, resolution: 0.4, satisfaction: 0.4))
        #expect(throws: GridHubError.self) { try IndicatorWeights(parameter: "0.5,0.5,0.5") }
        #expect(throws: GridHubError.self) { try IndicatorWeights(parameter: "a,b,c") }
    }
}

@Suite("Case duties: role by role")
struct CaseDutiesTests {
    @Test("every role × duty: only the leader changes nothing; only non-staff rate; handlers do not check their own work")
    func matrix() throws {
        for role in Role.allCases {
            #expect(Principal.holder(role).mayChange == (role != .leader), "\(role) may change")
            #expect(((try? CaseDuties.checkMayChange(.holder(role))) != nil) == (role != .leader))
            let rates = (try? CaseDuties.checkMayRate(.holder(role))) != nil
            #expect(rates == [.resident, .buildingHead, .unitHead].contains(role), "\(role) rates")
            // The leader appears in no transition of the workflow table either.
            if role == .leader { #expect(CaseAction.allCases.allSatisfy { !CaseWorkflow.roles(for: $0).contains(role) }) }
        }
        #expect(throws: GridHubError.self) { try CaseDuties.checkMayCheck(checker: 7, handledBy: [7, 9], streetAllows: false) }
        try CaseDuties.checkMayCheck(checker: 7, handledBy: [7], streetAllows: true)
        try CaseDuties.checkMayCheck(checker: 8, handledBy: [7, 9], streetAllows: false)
        try CaseDuties.checkMayCheck(checker: 8, handledBy: [], streetAllows: false)
    }

    @Test("indicators: the command centre and leaders read units of their own street only")
    func indicatorScope() throws {
        let centre = Principal(accountID: 1, username: "zhihui", role: .commandCentre, streetID: 1)
        let leader = Principal(accountID: 2, username: "lingdao", role: .leader, streetID: 1)
        for p in [centre, leader] {
            for level in IndicatorLevel.allCases {
                try level.check(p, id: 5, unitStreet: 1)
                #expect(throws: GridHubError.forbidden) { try level.check(p, id: 5, unitStreet: 2) }
                #expect(throws: GridHubError.forbidden) { try level.check(p, id: 5, unitStreet: nil) }
            }
        }
    }
}
