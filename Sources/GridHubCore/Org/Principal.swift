/// The signed-in person and the part of the organisation they are scoped to.
public struct Principal: Sendable, Hashable, Codable {
    public var accountID: Int64
    public var username: String
    public var role: Role
    public var streetID: Int64?
    public var communityID: Int64?
    public var departmentID: Int64?
    /// The grids a grid worker is responsible for.
    public var gridIDs: [Int64]

    public init(
        accountID: Int64, username: String, role: Role, streetID: Int64? = nil, communityID: Int64? = nil,
        departmentID: Int64? = nil, gridIDs: [Int64] = []
    ) {
        self.accountID = accountID
        self.username = username
        self.role = role
        self.streetID = streetID
        self.communityID = communityID
        self.departmentID = departmentID
        self.gridIDs = gridIDs
    }

    /// Which cases this person may read: the one rule behind every case query (OWASP API1).
    public var caseScope: CaseScope {
        switch role {
        case .commandCentre, .leader: streetID.map(CaseScope.street) ?? .nothing
        case .communityStaff: communityID.map(CaseScope.community) ?? .nothing
        case .gridWorker: .grids(gridIDs)
        case .departmentHandler, .enforcementTeam: departmentID.map(CaseScope.department) ?? .nothing
        case .buildingHead, .unitHead, .resident: .reportedBy(accountID)
        }
    }

    /// Throws 403 unless the role is one of `roles`.
    public func require(_ roles: Set<Role>) throws {
        guard roles.contains(role) else { throw GridHubError.forbidden }
    }

    /// Throws 403 for residents and volunteer heads.
    public func requireStaff() throws {
        guard role.isStaff else { throw GridHubError.forbidden }
    }
}

/// The set of cases a person may read.
public enum CaseScope: Sendable, Hashable {
    case street(Int64)
    case community(Int64)
    case grids([Int64])
    case department(Int64)
    case reportedBy(Int64)
    case nothing
}

extension Principal {
    /// Whether this person may see a grid's households and buildings (scoped access to personal data).
    public func canSee(grid: Grid) -> Bool {
        switch role {
        case .commandCentre, .leader: grid.streetID == streetID
        case .communityStaff: grid.communityID == communityID
        case .gridWorker: gridIDs.contains(grid.id)
        default: false
        }
    }
}
