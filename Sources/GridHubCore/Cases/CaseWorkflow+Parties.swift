/// Who leads the handling of a dispatched case.
public enum LeadKind: String, Sendable, Codable {
    case department
    case community
    /// The street itself: whistle cases, led by the command centre with summoned departments.
    case street
}

extension CaseWorkflow {
    /// Whether this person is the party handling the case (may start, handle, return, ask for time):
    /// they may handle cases where the party sits (``Place/party(lead:streetID:departmentID:communityID:gridID:)``).
    public static func isHandlingParty(
        _ p: Principal, lead: LeadKind?, streetID: Int64, departmentID: Int64?, gridID: Int64, communityID: Int64
    ) -> Bool {
        guard
            let place = Place.party(
                lead: lead, streetID: streetID, departmentID: departmentID, communityID: communityID, gridID: gridID)
        else { return false }
        return p.can(.caseHandle, on: place)
    }

    /// A dispatch that departs from the catalogue's suggestion needs a reason (改派理由).
    public static func overrideNeedsReason(suggested: String?, chosen: String?) -> Bool {
        suggested != chosen
    }
}

/// The work lists (待办) each role sees.
public enum TaskQueue: String, Sendable, Codable, CaseIterable {
    /// 待核实: new reports in my grids / community.
    case verify
    /// 待核查: handled cases to check on site.
    case check
    /// 待处置: dispatched to me (a department, or a community for street-led items).
    case handle
    /// 吹哨: whistle cases I am summoned to, or (command centre) all open whistles.
    case whistle
    /// 待派遣: accepted cases waiting for dispatch.
    case triage
    /// 被退回: returned by a department, to dispatch again.
    case returned
    /// 超期: open and past the due time.
    case overdue
    /// 主动发现: open cases the discovery scan opened (channel `detection`).
    case detected
    /// Everything open in my scope.
    case open

    public var states: [CaseState] {
        switch self {
        case .verify: [.reported, .verifying]
        case .check: [.handled, .checking]
        case .handle: [.dispatched, .inProgress]
        case .whistle: [.dispatched, .inProgress]
        case .triage: [.accepted, .rework]
        case .returned: [.returned]
        case .overdue, .open, .detected: CaseState.openStates
        }
    }

    /// The queues a role works from, the first being its default.
    public static func queues(for role: Role) -> [TaskQueue] {
        switch role {
        case .gridWorker, .communityStaff: [.verify, .check, .handle, .overdue, .open]
        case .departmentHandler, .enforcementTeam: [.handle, .whistle, .overdue, .open]
        case .commandCentre, .leader: [.triage, .returned, .whistle, .overdue, .detected, .open]
        case .resident, .buildingHead, .unitHead, .canteenStaff: [.open]
        }
    }
}

extension TaskQueue {
    /// The handle queue of a department holds what was sent to it; a community's, its street-led items.
    public func leadKind(for role: Role) -> LeadKind? {
        self == .handle ? (role.actsForDepartment ? .department : .community) : nil
    }

    public var whistleOnly: Bool { self == .whistle }
    public var overdueOnly: Bool { self == .overdue }
    /// The one channel the queue holds, if it holds one.
    public var channel: ReportChannel? { self == .detected ? .detection : nil }
}
