/// A part of the organisation a role is held in.
public enum OrgUnit: Hashable, Sendable, Codable {
    case street(Int64)
    case community(Int64)
    case grid(Int64)
    case department(Int64)

    public var key: String {
        switch self {
        case .street(let id): "street:\(id)"
        case .community(let id): "community:\(id)"
        case .grid(let id): "grid:\(id)"
        case .department(let id): "department:\(id)"
        }
    }
}

/// Who a notice is for: one account, one anonymous device, or whoever holds a role within a unit
/// (the grid workers of grid 5, the leaders of street 1), so a notice reaches the people in post
/// when it is read, not those who were in post when it was written.
public enum Recipient: Hashable, Sendable {
    case account(Int64)
    case device(String)
    case role(Role, in: OrgUnit)

    /// How it is stored: `account:7`, `device:rider-1`, `grid_worker@grid:5`.
    public var key: String {
        switch self {
        case .account(let id): "account:\(id)"
        case .device(let id): "device:\(id)"
        case .role(let role, let unit): "\(role.rawValue)@\(unit.key)"
        }
    }

    /// Everyone who acts for a department: its handlers and, where it is the enforcement team, its officers.
    public static func staff(ofDepartment id: Int64) -> [Recipient] {
        Role.allCases.filter(\.actsForDepartment).map { .role($0, in: .department(id)) }
    }
}

extension Principal {
    /// Every recipient a notice to this person could be addressed to: their account, and each role
    /// they hold in each of its units.
    public var recipients: [Recipient] {
        [.account(accountID)] + grants.flatMap { g in g.units.map { .role(g.role, in: $0) } }
    }
}
