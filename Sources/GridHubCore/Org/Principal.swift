/// The signed-in person: the role they signed in with and its scope, and any further roles they hold
/// (a grid worker who is also community staff; a building head who is also a resident).
public struct Principal: Sendable, Hashable, Codable {
    public var accountID: Int64
    public var username: String
    /// The account's main role: what screens and timelines call the person.
    public var role: Role
    public var streetID: Int64?
    public var communityID: Int64?
    public var departmentID: Int64?
    /// The grids a grid worker is responsible for.
    public var gridIDs: [Int64]
    /// Roles held besides ``role``, each in its units.
    public var more: [RoleGrant]

    public init(
        accountID: Int64, username: String, role: Role, streetID: Int64? = nil, communityID: Int64? = nil,
        departmentID: Int64? = nil, gridIDs: [Int64] = [], more: [RoleGrant] = []
    ) {
        self.accountID = accountID
        self.username = username
        self.role = role
        self.streetID = streetID
        self.communityID = communityID
        self.departmentID = departmentID
        self.gridIDs = gridIDs
        self.more = more
    }

    /// Every role held, the main one first.
    public var grants: [RoleGrant] {
        [RoleGrant(role: role, streetID: streetID, communityID: communityID, departmentID: departmentID, gridIDs: gridIDs)]
            + more
    }

    public func holds(_ role: Role) -> Bool { grants.contains { $0.role == role } }

    /// The units in which some role held grants `capability`.
    public func units(for capability: Capability) -> [OrgUnit] {
        grants.filter { $0.role.capabilities.contains(capability) }.flatMap(\.units)
    }

    /// Whether any role held grants `capability` in a unit covering `place` (anywhere, when nil):
    /// the one question behind every permission.
    public func can(_ capability: Capability, on place: Place? = nil) -> Bool {
        grants.contains { $0.allows(capability, on: place) }
    }

    /// Throws 403 unless ``can(_:on:)``.
    public func require(_ capability: Capability, on place: Place? = nil) throws {
        guard can(capability, on: place) else { throw GridHubError.forbidden }
    }

    /// Whether the person may change anything at all (领导 reads the whole street and changes nothing).
    public var mayChange: Bool { grants.contains { $0.role.capabilities.contains { $0.changes } } }

    /// Which cases this person may read: the one rule behind every case query (OWASP API1).
    public var caseScope: CaseScope {
        let scopes = grants.map { $0.caseScope(accountID: accountID) }
        return scopes.count == 1 ? scopes[0] : .any(scopes)
    }
}

/// The set of cases a person may read.
public indirect enum CaseScope: Sendable, Hashable {
    case street(Int64)
    case community(Int64)
    case grids([Int64])
    case department(Int64)
    case reportedBy(Int64)
    /// Cases in any of these (a person holding several roles).
    case any([CaseScope])
    case nothing
}

extension Principal {
    /// Whether this person may see a grid's households and buildings (scoped access to personal data).
    public func canSee(grid: Grid) -> Bool {
        can(.orgRead, on: Place(streetID: grid.streetID, communityID: grid.communityID, gridID: grid.id))
    }
}
