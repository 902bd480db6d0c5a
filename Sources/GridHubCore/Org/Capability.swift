/// Something a person may do, named `feature.verb`. Roles grant capabilities (``Role/capabilities``);
/// a person holds those of every role they hold, each within that role's units (``Principal/can(_:on:)``).
public enum Capability: String, Sendable, Codable, CaseIterable {
    case caseReport = "case.report"
    case caseVerify = "case.verify"
    case caseAccept = "case.accept"
    case caseReject = "case.reject"
    case caseDispatch = "case.dispatch"
    case caseWhistle = "case.whistle"
    case caseMerge = "case.merge"
    case caseStart = "case.start"
    case caseHandle = "case.handle"
    case caseReturn = "case.return"
    case caseCheck = "case.check"
    case caseClose = "case.close"
    case caseRework = "case.rework"
    case caseSelfHandle = "case.self_handle"
    case caseReopen = "case.reopen"
    case caseRate = "case.rate"
    /// A summoned department reports in (报到) and finishes its part.
    case caseReportIn = "case.report_in"
    /// The command centre grants more time (延期审批).
    case caseApproveExtension = "case.approve_extension"
    /// The street rates a summoned department's part.
    case caseRatePart = "case.rate_part"
    /// Give a case its class, confirm the classifier's suggestion or correct it (分类).
    case caseClassify = "case.classify"
    /// Organisation data: buildings, households, departments (staff only).
    case orgRead = "org.read"
    case indicatorsRead = "indicators.read"
    /// Patrol one's own grid: start, record, check in, ask for a make-up (网格员巡查).
    case patrolWalk = "patrol.walk"
    /// Read others' patrols and tracks, and the assessment (tracks are personal data: every read is audited).
    case patrolRead = "patrol.read"
    /// Decide a make-up request (补签审批).
    case patrolApprove = "patrol.approve"
    /// Set the patrol plan: windows, minimum duration and coverage; list key places.
    case patrolPlan = "patrol.plan"
    /// Read the households and residents in one's scope (names in full, ID numbers and phones masked;
    /// every read audited).
    case residentRead = "resident.read"
    /// Add and change households and residents in one's scope.
    case residentWrite = "resident.write"
    /// See one ID number or phone in the clear, giving a reason (audited).
    case residentReveal = "resident.reveal"
    /// Import a community's household register; export it.
    case residentImport = "resident.import"
    /// Visit residents and record the visit (走访).
    case visitRecord = "visit.record"
    /// Set how often each group is visited.
    case visitPlan = "visit.plan"
    /// Order a meal from the canteen for a resident in one's scope (or oneself).
    case canteenOrder = "canteen.order"
    /// See the day's delivery list and confirm deliveries (送餐).
    case canteenDeliver = "canteen.deliver"
    /// Set the canteen's menu, times and prices; read its counts and statements.
    case canteenManage = "canteen.manage"
    /// Redeem one's own points in the shop (积分兑换).
    case pointsRedeem = "points.redeem"
    /// Hand out redeemed items at the counter (核销).
    case pointsFulfil = "points.fulfil"
    /// Read the street's ledger and its month (every movement, for audit).
    case pointsRead = "points.read"
    /// Set the points rules, fund the budget, correct a balance with a reason (audited).
    case pointsManage = "points.manage"
    /// Stock the points shop: items, prices, stock and limits.
    case shopManage = "shop.manage"
    /// Organise a community's volunteer activities and check people in on the spot.
    case activityManage = "activity.manage"
    /// Sign up for a volunteer activity.
    case activityJoin = "activity.join"
    /// Raise a topic for the community to deliberate (说事).
    case topicRaise = "topic.raise"
    /// Steer topics through the four steps: propose, discuss, call and close review meetings, publish,
    /// enact, send back, withdraw; keep committees and representatives (the party organisation and 居委会).
    case topicSteer = "topic.steer"
    /// Object to a published resolution during its notice period.
    case topicObject = "topic.object"

    /// Whether using it changes anything (a read-only role holds none that do).
    public var changes: Bool {
        switch self {
        case .orgRead, .indicatorsRead, .patrolRead, .residentRead, .pointsRead: false
        case .caseReport, .caseVerify, .caseAccept, .caseReject, .caseDispatch, .caseWhistle, .caseMerge, .caseStart,
            .caseHandle, .caseReturn, .caseCheck, .caseClose, .caseRework, .caseSelfHandle, .caseReopen, .caseRate,
            .caseReportIn, .caseApproveExtension, .caseRatePart, .caseClassify, .patrolWalk, .patrolApprove, .patrolPlan,
            .residentWrite,
            .residentReveal, .residentImport, .visitRecord,
            .visitPlan, .canteenOrder, .canteenDeliver, .canteenManage, .pointsRedeem, .pointsFulfil, .pointsManage,
            .shopManage, .activityManage, .activityJoin, .topicRaise, .topicSteer, .topicObject:
            true
        }
    }
}

extension Role {
    /// What the role may do, within the units it is held in: the one table behind every permission.
    /// (Worked out once: a work list asks it for each move of each case on the page.)
    public var capabilities: Set<Capability> { Self.table[self] ?? [] }

    private static let table = Dictionary(uniqueKeysWithValues: allCases.map { ($0, $0.granted) })

    private var granted: Set<Capability> {
        let onSite: Set<Capability> = [.caseVerify, .caseAccept, .caseReject, .caseClose, .caseRework, .caseClassify]
        let handling: Set<Capability> = [.caseStart, .caseHandle]
        let staff: Set<Capability> = [.caseReport, .orgRead, .indicatorsRead]
        let reporter: Set<Capability> = [
            .caseReport, .caseReopen, .caseRate, .pointsRedeem, .activityJoin, .topicRaise, .topicObject,
        ]
        let registry: Set<Capability> = [.residentRead, .residentWrite, .visitRecord, .canteenOrder]
        let canteen: Set<Capability> = [.canteenOrder, .canteenDeliver, .canteenManage]
        return switch self {
        case .commandCentre:
            staff.union(onSite).union([.caseDispatch, .caseWhistle, .caseMerge, .caseApproveExtension, .caseRatePart])
                .union([.patrolRead, .patrolPlan, .residentRead, .residentReveal, .visitPlan])
                .union([.pointsRead, .pointsManage, .shopManage, .activityManage, .topicRaise, .topicSteer])
        case .communityStaff:
            staff.union(onSite).union(handling).union([.caseReturn, .caseCheck, .patrolRead, .patrolApprove, .patrolPlan])
                .union(registry).union([.residentReveal, .residentImport, .visitPlan]).union(canteen)
                .union([.pointsFulfil, .shopManage, .activityManage, .topicRaise, .topicSteer])
        case .gridWorker:
            staff.union(onSite).union(handling).union([.caseCheck, .caseSelfHandle, .patrolWalk, .topicRaise]).union(registry)
        case .departmentHandler, .enforcementTeam: staff.union(handling).union([.caseReturn, .caseReportIn])
        case .leader: [.orgRead, .indicatorsRead, .patrolRead, .residentRead, .pointsRead]
        case .buildingHead, .unitHead: reporter.union(registry)
        case .resident: reporter.union([.canteenOrder])
        case .canteenStaff: canteen.union([.pointsFulfil])
        }
    }
}

extension CaseAction {
    /// The capability a move needs.
    public var capability: Capability {
        switch self {
        case .verify: .caseVerify
        case .accept: .caseAccept
        case .reject: .caseReject
        case .dispatch: .caseDispatch
        case .whistle: .caseWhistle
        case .start: .caseStart
        case .handle: .caseHandle
        case .return: .caseReturn
        case .check: .caseCheck
        case .close: .caseClose
        case .rework: .caseRework
        case .merge: .caseMerge
        case .selfHandle: .caseSelfHandle
        case .reopen: .caseReopen
        }
    }
}

/// Where something is in the organisation: what a grant's units must cover for a capability to apply.
public struct Place: Sendable, Hashable {
    public var streetID: Int64
    public var communityID: Int64?
    public var gridID: Int64?
    public var departmentID: Int64?

    public init(streetID: Int64, communityID: Int64? = nil, gridID: Int64? = nil, departmentID: Int64? = nil) {
        self.streetID = streetID
        self.communityID = communityID
        self.gridID = gridID
        self.departmentID = departmentID
    }

    /// Where the party handling a case sits: its department, or its community and grid; nil for a
    /// street-led (whistle) case, which no single party handles.
    public static func party(lead: LeadKind?, streetID: Int64, departmentID: Int64?, communityID: Int64, gridID: Int64)
        -> Place?
    {
        switch lead {
        case .department: departmentID.map { Place(streetID: streetID, departmentID: $0) }
        case .community: Place(streetID: streetID, communityID: communityID, gridID: gridID)
        case .street, nil: nil
        }
    }
}

extension OrgUnit {
    /// Whether the unit contains the place.
    public func covers(_ place: Place) -> Bool {
        switch self {
        case .street(let id): place.streetID == id
        case .community(let id): place.communityID == id
        case .grid(let id): place.gridID == id
        case .department(let id): place.departmentID == id
        }
    }
}

/// One role an account holds, in its units (a grid worker's grids, a staff member's community …).
/// Roles held by a person rather than a unit (residents, building heads) have none and are not
/// bounded by place; what they may read is bounded by ``Principal/caseScope`` instead.
public struct RoleGrant: Sendable, Hashable, Codable {
    public var role: Role
    public var units: [OrgUnit]

    public init(role: Role, units: [OrgUnit]) {
        self.role = role
        self.units = units
    }

    /// A role held where an account's street, community, department and grids say.
    public init(role: Role, streetID: Int64?, communityID: Int64?, departmentID: Int64?, gridIDs: [Int64]) {
        let units: [OrgUnit] =
            switch role {
            case .commandCentre, .leader: streetID.map { [.street($0)] } ?? []
            case .communityStaff, .canteenStaff: communityID.map { [.community($0)] } ?? []
            case .gridWorker: gridIDs.map(OrgUnit.grid)
            case .departmentHandler, .enforcementTeam: departmentID.map { [.department($0)] } ?? []
            case .buildingHead, .unitHead, .resident: []
            }
        self.init(role: role, units: units)
    }

    public func allows(_ capability: Capability, on place: Place?) -> Bool {
        guard role.capabilities.contains(capability) else { return false }
        guard let place, role.isHeldInUnits else { return true }
        return units.contains { $0.covers(place) }
    }

    /// Which cases the grant lets its holder read.
    func caseScope(accountID: Int64) -> CaseScope {
        switch role {
        case .commandCentre, .leader: units.lazy.compactMap(\.streetID).first.map(CaseScope.street) ?? .nothing
        case .communityStaff: units.lazy.compactMap(\.communityID).first.map(CaseScope.community) ?? .nothing
        case .gridWorker: .grids(units.compactMap(\.gridID))
        case .departmentHandler, .enforcementTeam:
            units.lazy.compactMap(\.departmentID).first.map(CaseScope.department) ?? .nothing
        case .buildingHead, .unitHead, .resident, .canteenStaff: .reportedBy(accountID)
        }
    }
}

extension OrgUnit {
    public var streetID: Int64? { if case .street(let id) = self { id } else { nil } }
    public var communityID: Int64? { if case .community(let id) = self { id } else { nil } }
    public var gridID: Int64? { if case .grid(let id) = self { id } else { nil } }
    public var departmentID: Int64? { if case .department(let id) = self { id } else { nil } }
}
