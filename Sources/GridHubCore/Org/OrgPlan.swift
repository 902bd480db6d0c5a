/// A street's organisation as it is loaded into GridHub (``StreetWriter``): its communities, grids,
/// buildings with their units, and staff, each pointing at the others by position.
public struct CommunityPlan: Sendable {
    public var code: String
    public var name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

public struct GridPlan: Sendable {
    public var code: GridCode
    public var communityIndex: Int
    public var name: String
    public var boundary: Polygon

    public init(code: GridCode, communityIndex: Int, name: String, boundary: Polygon) {
        self.code = code
        self.communityIndex = communityIndex
        self.name = name
        self.boundary = boundary
    }
}

public struct BuildingPlan: Sendable {
    public var gridIndex: Int
    public var name: String
    public var location: Coordinate
    public var floors: Int
    public var units: [String]

    public init(gridIndex: Int, name: String, location: Coordinate, floors: Int, units: [String]) {
        self.gridIndex = gridIndex
        self.name = name
        self.location = location
        self.floors = floors
        self.units = units
    }
}

public struct AccountPlan: Sendable {
    public var username: String
    public var displayName: String
    public var role: Role
    public var communityIndex: Int?
    public var departmentCode: String?
    public var gridIndexes: [Int]

    public init(
        username: String, displayName: String, role: Role, communityIndex: Int? = nil, departmentCode: String? = nil,
        gridIndexes: [Int] = []
    ) {
        self.username = username
        self.displayName = displayName
        self.role = role
        self.communityIndex = communityIndex
        self.departmentCode = departmentCode
        self.gridIndexes = gridIndexes
    }
}
