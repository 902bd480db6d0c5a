import Foundation
import Testing

@testable import GridHubCore

@Suite("What each move requires and sets (CaseMove)")
struct CaseMoveTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let item = StandardCatalog.items.first { $0.code == "E0404" }!
    static let whistleItem = StandardCatalog.items.first { $0.responsibility == .whistle }!

    static func atHand(_ state: CaseState, item: CatalogItem? = item, lead: LeadKind? = nil, department: Int64? = nil)
        -> CaseAtHand
    {
        CaseAtHand(
            id: 7, state: state, place: Place(streetID: 1, communityID: 3, gridID: 5, departmentID: department), lead: lead,
            whistle: lead == .street, respondedAt: nil, closedAt: nil, item: item)
    }

    static func plan(_ r: MoveRequest, _ c: CaseAtHand, by role: Role) throws -> CasePlan {
        try CaseMove.plan(r, on: c, by: .holder(role), now: now, calendar: .standard)
    }

    @Test("dispatch follows the catalogue, starts the clock and resets supervision; another target needs a reason")
    func dispatch() throws {
        let plan = try Self.plan(MoveRequest(action: .dispatch), Self.atHand(.accepted), by: .commandCentre)
        #expect(plan.transition.to == .dispatched && plan.detail == "target=PS")
        #expect(plan.fields.contains(.lead(.department, department: "PS")) && plan.fields.contains(.clockReset))
        #expect(plan.fields.contains(.dueAt(WorkingCalendar.standard.due(from: Self.now, limit: Self.item.timeLimit))))
        #expect(throws: GridHubError.self) {
            try Self.plan(MoveRequest(action: .dispatch, target: "CJ"), Self.atHand(.accepted), by: .commandCentre)
        }
        let unclassed = try Self.plan(
            MoveRequest(action: .dispatch, target: "community"), Self.atHand(.accepted, item: nil), by: .commandCentre)
        #expect(unclassed.fields.contains(.dueAt(WorkingCalendar.standard.due(from: Self.now, limit: CaseMove.defaultTimeLimit))))
        #expect(unclassed.fields.contains(.lead(.community, department: nil)))
    }

    @Test("a whistle summons the catalogue's departments with a report-in deadline; one department is not a whistle")
    func whistle() throws {
        let plan = try Self.plan(
            MoveRequest(action: .whistle, reportInMinutes: 45), Self.atHand(.accepted, item: Self.whistleItem), by: .commandCentre
        )
        #expect(plan.summons == Self.whistleItem.assisting && plan.reportInDue == Self.now.addingTimeInterval(45 * 60))
        #expect(plan.fields.contains(.whistle(true)) && plan.fields.contains(.lead(.street, department: nil)))
        #expect(throws: GridHubError.self) {
            try Self.plan(MoveRequest(action: .whistle, departments: ["PS"]), Self.atHand(.accepted), by: .commandCentre)
        }
    }

    @Test("handling is the party's, never on a whistle case; reasons and photos are required where the table says")
    func handling() throws {
        let sent = Self.atHand(.inProgress, lead: .department, department: 9)
        #expect(try Self.plan(MoveRequest(action: .handle, photoCount: 1), sent, by: .departmentHandler).fields.count == 1)
        let noPhoto = #expect(throws: GridHubError.self) {
            try Self.plan(MoveRequest(action: .handle), sent, by: .departmentHandler)
        }
        #expect(noPhoto?.code == "missing_photo")
        let elsewhere = Self.atHand(.inProgress, lead: .department, department: 8)
        let notYours = #expect(throws: GridHubError.self) {
            try CaseMove.plan(
                MoveRequest(action: .handle, photoCount: 1), on: elsewhere, by: .holder(.departmentHandler), now: Self.now,
                calendar: .standard)
        }
        #expect(notYours?.code == "not_handling_party")
        let whistled = #expect(throws: GridHubError.self) {
            try Self.plan(MoveRequest(action: .start), Self.atHand(.dispatched, lead: .street), by: .departmentHandler)
        }
        #expect(whistled?.code == "whistle_case")
        let noReason = #expect(throws: GridHubError.self) {
            try Self.plan(MoveRequest(action: .reject), Self.atHand(.reported), by: .gridWorker)
        }
        #expect(noReason?.code == "missing_note")
    }

    @Test("a merge needs an open case of the street; self-handling needs a class that allows it; reopening a window")
    func sidePaths() throws {
        var c = Self.atHand(.reported)
        #expect(throws: GridHubError.self) { try Self.plan(MoveRequest(action: .merge, mergeInto: 7), c, by: .commandCentre) }
        c.mergeTargetIsOpen = false
        #expect(throws: GridHubError.self) { try Self.plan(MoveRequest(action: .merge, mergeInto: 8), c, by: .commandCentre) }
        c.mergeTargetIsOpen = true
        #expect(try Self.plan(MoveRequest(action: .merge, mergeInto: 8), c, by: .commandCentre).mergeInto == 8)
        let selfHandle = MoveRequest(action: .selfHandle, photoCount: 1)
        let allowed = StandardCatalog.items.first { $0.selfHandleAllowed }
        #expect(try Self.plan(selfHandle, Self.atHand(.reported, item: allowed), by: .gridWorker).transition.to == .selfHandled)
        #expect(throws: GridHubError.self) {
            try Self.plan(
                selfHandle, Self.atHand(.reported, item: StandardCatalog.items.first { !$0.selfHandleAllowed }), by: .gridWorker)
        }
        var closed = Self.atHand(.closed)
        closed.closedAt = Self.now.addingTimeInterval(-8 * 86_400)
        #expect(throws: GridHubError.self) { try Self.plan(MoveRequest(action: .reopen, note: "又坏了"), closed, by: .resident) }
        closed.closedAt = Self.now.addingTimeInterval(-86_400)
        #expect(
            try Self.plan(MoveRequest(action: .reopen, note: "又坏了"), closed, by: .resident).fields == [
                .reworked, .closedAt(nil), .rating(nil),
            ])
    }

    @Test("the whistle's steps go through their own table: first report-in starts the case, last part hands it back")
    func summonsSteps() throws {
        let due = Self.now
        let first = try WhistleRules.reportIn(state: .dispatched, reportedInAt: nil, due: due, now: due.addingTimeInterval(60))
        #expect(first.to == .inProgress && first.late && first.fields == [.respondedAt(due.addingTimeInterval(60))])
        let second = try WhistleRules.reportIn(state: .inProgress, reportedInAt: nil, due: due, now: due)
        #expect(second.to == nil && !second.late)
        #expect(throws: GridHubError.self) {
            try WhistleRules.reportIn(state: .inProgress, reportedInAt: due, due: due, now: due)
        }
        #expect(
            try WhistleRules.partDone(state: .inProgress, reportedIn: true, done: false, othersPending: 1, now: due).to == nil)
        #expect(
            try WhistleRules.partDone(state: .inProgress, reportedIn: true, done: false, othersPending: 0, now: due).to
                == .handled)
        #expect(throws: GridHubError.self) {
            try WhistleRules.partDone(state: .inProgress, reportedIn: false, done: false, othersPending: 0, now: due)
        }
        #expect(SummonsStep.reportIn.transition == (.dispatched, .inProgress))
    }

    @Test("extensions: 1 to 720 hours with a reason, by the handling party, one at a time")
    func extensions() throws {
        #expect(throws: GridHubError.self) { try ExtensionRules.checkRequest(hours: 0, reason: "x") }
        #expect(throws: GridHubError.self) { try ExtensionRules.checkRequest(hours: 721, reason: "x") }
        #expect(throws: GridHubError.self) { try ExtensionRules.checkRequest(hours: 24, reason: nil) }
        try ExtensionRules.checkRequest(hours: 720, reason: "等配件")
        #expect(throws: GridHubError.self) {
            try ExtensionRules.checkMayAsk(state: .inProgress, hasDueTime: true, paused: true, byHandlingParty: true)
        }
        let later = ExtensionRules.newDue(
            due: Self.now.addingTimeInterval(3_600), pausedAt: Self.now, now: Self.now.addingTimeInterval(7_200),
            extensionHours: 2, approve: true, urgent: true, calendar: .standard)
        #expect(later == Self.now.addingTimeInterval(7_200 + 3_600 + 7_200))
    }
}
