import Foundation

/// A building or unit a head (楼栋长/单元长) is responsible for: the whole building when `unitID` is nil.
public struct HeadPost: Sendable, Hashable, Codable {
    public var role: Role
    public var buildingID: Int64
    public var unitID: Int64?

    public init(role: Role, buildingID: Int64, unitID: Int64?) {
        self.role = role
        self.buildingID = buildingID
        self.unitID = unitID
    }
}

/// The households a person may read or change with a capability: the one rule behind every registry
/// query. Staff hold it in their units; building and unit heads in the buildings and units they are
/// posted to (``HeadPost``); residents nowhere.
public struct RegistryScope: Sendable, Hashable {
    public var streets: Set<Int64> = []
    public var communities: Set<Int64> = []
    public var grids: Set<Int64> = []
    public var buildings: Set<Int64> = []
    public var units: Set<Int64> = []

    public init(_ principal: Principal, _ capability: Capability, posts: [HeadPost]) {
        for grant in principal.grants where grant.role.capabilities.contains(capability) {
            if grant.role.isHeldInUnits {
                for unit in grant.units {
                    switch unit {
                    case .street(let id): streets.insert(id)
                    case .community(let id): communities.insert(id)
                    case .grid(let id): grids.insert(id)
                    case .department: break
                    }
                }
            } else {
                for post in posts where post.role == grant.role {
                    if let unit = post.unitID { units.insert(unit) } else { buildings.insert(post.buildingID) }
                }
            }
        }
    }

    public var isEmpty: Bool {
        streets.isEmpty && communities.isEmpty && grids.isEmpty && buildings.isEmpty && units.isEmpty
    }

    public func covers(_ place: HouseholdPlace) -> Bool {
        streets.contains(place.streetID) || communities.contains(place.communityID) || grids.contains(place.gridID)
            || buildings.contains(place.buildingID) || units.contains(place.unitID)
    }

    /// 404 unless the place is covered: a household (or resident, visit) outside one's scope does not
    /// exist for them.
    public func require(_ place: HouseholdPlace, _ what: String = "household") throws {
        guard covers(place) else { throw GridHubError.notFound(what) }
    }
}
