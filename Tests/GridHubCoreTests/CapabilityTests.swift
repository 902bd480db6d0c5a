import Foundation
import Testing

@testable import GridHubCore

@Suite("Permissions as capabilities")
struct CapabilityTests {
    /// Every role × capability, written out by hand (not derived from the code under test).
    static let table: [Role: Set<String>] = [
        .commandCentre: [
            "case.report", "case.verify", "case.accept", "case.reject", "case.close", "case.rework", "case.dispatch",
            "case.whistle", "case.merge", "case.approve_extension", "case.rate_part", "case.classify", "org.read",
            "indicators.read",
            "patrol.read", "patrol.plan", "resident.read", "resident.reveal", "visit.plan", "points.read", "points.manage",
            "shop.manage", "activity.manage", "topic.raise", "topic.steer",
        ],
        .communityStaff: [
            "case.report", "case.verify", "case.accept", "case.reject", "case.close", "case.rework", "case.start",
            "case.handle", "case.return", "case.check", "case.classify", "org.read", "indicators.read", "patrol.read",
            "patrol.approve",
            "patrol.plan", "resident.read", "resident.write", "resident.reveal", "resident.import", "visit.record",
            "visit.plan", "canteen.order", "canteen.deliver", "canteen.manage", "points.fulfil", "shop.manage",
            "activity.manage", "topic.raise", "topic.steer",
        ],
        .gridWorker: [
            "case.report", "case.verify", "case.accept", "case.reject", "case.close", "case.rework", "case.start",
            "case.handle", "case.check", "case.self_handle", "case.classify", "org.read", "indicators.read", "patrol.walk",
            "resident.read", "resident.write", "visit.record", "canteen.order", "topic.raise",
        ],
        .departmentHandler: [
            "case.report", "case.start", "case.handle", "case.return", "case.report_in", "org.read", "indicators.read",
        ],
        .enforcementTeam: [
            "case.report", "case.start", "case.handle", "case.return", "case.report_in", "org.read", "indicators.read",
        ],
        .leader: ["org.read", "indicators.read", "patrol.read", "resident.read", "points.read"],
        .buildingHead: [
            "case.report", "case.reopen", "case.rate", "resident.read", "resident.write", "visit.record", "canteen.order",
            "points.redeem", "activity.join", "topic.raise", "topic.object",
        ],
        .unitHead: [
            "case.report", "case.reopen", "case.rate", "resident.read", "resident.write", "visit.record", "canteen.order",
            "points.redeem", "activity.join", "topic.raise", "topic.object",
        ],
        .resident: [
            "case.report", "case.reopen", "case.rate", "canteen.order", "points.redeem", "activity.join", "topic.raise",
            "topic.object",
        ],
        .canteenStaff: ["canteen.order", "canteen.deliver", "canteen.manage", "points.fulfil"],
    ]

    @Test("role × capability: each role grants exactly what the table says")
    func matrix() {
        for role in Role.allCases {
            for capability in Capability.allCases {
                let expected = Self.table[role]?.contains(capability.rawValue) == true
                #expect(role.capabilities.contains(capability) == expected, "\(role) \(capability)")
                #expect(Principal.holder(role).can(capability) == expected, "\(role) \(capability)")
            }
        }
        #expect(Set(Self.table.values.flatMap { $0 }) == Set(Capability.allCases.map(\.rawValue)))
    }

    @Test("a capability applies only within the units the role is held in")
    func scoped() {
        let worker = Principal(accountID: 3, username: "wgy01", role: .gridWorker, streetID: 1, gridIDs: [5])
        #expect(worker.can(.caseVerify, on: Place(streetID: 1, communityID: 3, gridID: 5)))
        #expect(!worker.can(.caseVerify, on: Place(streetID: 1, communityID: 3, gridID: 6)))
        let centre = Principal(accountID: 1, username: "zhihui", role: .commandCentre, streetID: 1)
        #expect(centre.can(.caseDispatch, on: Place(streetID: 1, gridID: 6)))
        #expect(!centre.can(.caseDispatch, on: Place(streetID: 2, gridID: 6)))
        let department = Principal(accountID: 4, username: "bm-ps", role: .departmentHandler, streetID: 1, departmentID: 9)
        #expect(department.can(.caseHandle, on: Place(streetID: 1, departmentID: 9)))
        #expect(!department.can(.caseHandle, on: Place(streetID: 1, communityID: 3, gridID: 5)))
        // A resident's role is held by the person, not in a unit: what they may read bounds them instead.
        let resident = Principal(accountID: 5, username: "jumin01", role: .resident, streetID: 1)
        #expect(resident.can(.caseRate, on: Place(streetID: 1, gridID: 5)) && resident.caseScope == .reportedBy(5))
        // Without units a unit-held role can do nothing anywhere.
        let unplaced = Principal(accountID: 6, username: "x", role: .communityStaff, streetID: 1)
        #expect(!unplaced.can(.caseVerify, on: Place(streetID: 1, communityID: 3)) && unplaced.caseScope == .nothing)
    }

    @Test("an account holding several roles can do what each allows where each is held, and reads the union")
    func severalRoles() {
        // A grid worker of grid 5 (community 3) who is also community staff of community 4.
        let both = Principal(
            accountID: 7, username: "wgy07", role: .gridWorker, streetID: 1, gridIDs: [5],
            more: [RoleGrant(role: .communityStaff, units: [.community(4)])])
        #expect(both.can(.caseSelfHandle, on: Place(streetID: 1, communityID: 3, gridID: 5)))
        #expect(!both.can(.caseSelfHandle, on: Place(streetID: 1, communityID: 4, gridID: 9)))  // only as a grid worker
        #expect(both.can(.caseReturn, on: Place(streetID: 1, communityID: 4, gridID: 9)))  // as community staff
        #expect(!both.can(.caseReturn, on: Place(streetID: 1, communityID: 3, gridID: 5)))  // grid workers do not return
        #expect(both.caseScope == .any([.grids([5]), .community(4)]))
        let elsewhere = Place(streetID: 1, communityID: 4, gridID: 9)
        let refusal = #expect(throws: GridHubError.self) {
            try CaseWorkflow.next(after: .selfHandle, from: .reported, by: both, at: elsewhere)
        }
        #expect(refusal?.code == "outside_your_units")
        #expect((try? CaseWorkflow.next(after: .verify, from: .reported, by: both, at: elsewhere))?.to == .verifying)
        #expect(CaseWorkflow.allowed(from: .reported, by: both, at: elsewhere) == [.verify, .reject])
        #expect(both.recipients.map(\.key) == ["account:7", "grid_worker@grid:5", "community_staff@community:4"])
        #expect(CaseWorkflow.isHandlingParty(both, lead: .community, streetID: 1, departmentID: nil, gridID: 9, communityID: 4))
        // A building head who is also a resident rates; a grid worker who is also a resident never does.
        let head = Principal(
            accountID: 8, username: "ldz", role: .buildingHead, streetID: 1, more: [RoleGrant(role: .resident, units: [])])
        #expect((try? CaseDuties.checkMayRate(head)) != nil)
        let workerResident = Principal(
            accountID: 9, username: "wgy09", role: .resident, streetID: 1, more: [RoleGrant(role: .gridWorker, units: [.grid(5)])]
        )
        #expect(throws: GridHubError.self) { try CaseDuties.checkMayRate(workerResident) }
        // A leader who is also a resident may report (as a resident).
        let leaderResident = Principal(
            accountID: 10, username: "ld", role: .leader, streetID: 1, more: [RoleGrant(role: .resident, units: [])])
        #expect(leaderResident.mayChange && leaderResident.can(.caseReport) && !leaderResident.can(.caseDispatch))
    }

    @Test("indicators: own unit, own work, or the street's; nothing of another street")
    func indicators() throws {
        let worker = Principal(accountID: 3, username: "wgy01", role: .gridWorker, streetID: 1, gridIDs: [5])
        try IndicatorLevel.grid.check(worker, id: 5, unitStreet: 1)
        try IndicatorLevel.worker.check(worker, id: 3, unitStreet: 1)
        #expect(throws: GridHubError.forbidden) { try IndicatorLevel.grid.check(worker, id: 6, unitStreet: 1) }
        #expect(throws: GridHubError.forbidden) { try IndicatorLevel.worker.check(worker, id: 4, unitStreet: 1) }
        #expect(throws: GridHubError.forbidden) { try IndicatorLevel.community.check(worker, id: 3, unitStreet: 1) }
        let department = Principal(accountID: 4, username: "bm-ps", role: .departmentHandler, streetID: 1, departmentID: 9)
        try IndicatorLevel.department.check(department, id: 9, unitStreet: 1)
        #expect(throws: GridHubError.forbidden) { try IndicatorLevel.department.check(department, id: 8, unitStreet: 1) }
        let resident = Principal(accountID: 5, username: "jumin01", role: .resident, streetID: 1)
        for level in IndicatorLevel.allCases {
            #expect(throws: GridHubError.forbidden) { try level.check(resident, id: 5, unitStreet: 1) }
        }
    }
}
