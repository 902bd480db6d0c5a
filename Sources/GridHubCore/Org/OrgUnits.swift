/// 街道: a subdistrict, the unit every row belongs to.
public struct Street: Sendable, Hashable, Codable {
    public var id: Int64
    /// 9 digits: 6 of the district (区县) + 3 of the street.
    public var code: String
    public var name: String
    public var districtName: String
    public var cityName: String
    /// Prefix of tracking numbers, e.g. "YC" → YC-20261127-0042.
    public var trackingPrefix: String
    /// The Open311 `jurisdiction_id` clients name the street by (`yongchang.changchun.gov.cn`).
    public var jurisdiction: String?

    public init(
        id: Int64, code: String, name: String, districtName: String, cityName: String, trackingPrefix: String,
        jurisdiction: String? = nil
    ) {
        self.id = id
        self.jurisdiction = jurisdiction
        self.code = code
        self.name = name
        self.districtName = districtName
        self.cityName = cityName
        self.trackingPrefix = trackingPrefix
    }
}

/// 社区: a residents' community within a street.
public struct Community: Sendable, Hashable, Codable {
    public var id: Int64
    public var streetID: Int64
    /// 12 digits: the street code + 3.
    public var code: String
    public var name: String

    public init(id: Int64, streetID: Int64, code: String, name: String) {
        self.id = id
        self.streetID = streetID
        self.code = code
        self.name = name
    }
}

/// 网格: the smallest unit of management, about 380 households, one grid worker.
public struct Grid: Sendable, Hashable, Codable {
    public var id: Int64
    public var streetID: Int64
    public var communityID: Int64
    public var code: GridCode
    public var name: String
    public var boundary: Polygon

    public init(id: Int64, streetID: Int64, communityID: Int64, code: GridCode, name: String, boundary: Polygon) {
        self.id = id
        self.streetID = streetID
        self.communityID = communityID
        self.code = code
        self.name = name
        self.boundary = boundary
    }
}

/// 楼栋: a residential building, with its units (单元).
public struct Building: Sendable, Hashable, Codable {
    public var id: Int64
    public var gridID: Int64
    public var name: String
    public var location: Coordinate
    public var floors: Int
    public var units: [String]

    public init(id: Int64, gridID: Int64, name: String, location: Coordinate, floors: Int, units: [String]) {
        self.id = id
        self.gridID = gridID
        self.name = name
        self.location = location
        self.floors = floors
        self.units = units
    }
}

/// 职能部门: a department that handles cases (城建, 排水, 综合行政执法…).
public struct Department: Sendable, Hashable, Codable {
    public var id: Int64
    public var code: String
    public var name: String
    /// Stationed in the street's hall under dual management (综合执法队 and the like).
    public var stationedInStreet: Bool

    public init(id: Int64, code: String, name: String, stationedInStreet: Bool) {
        self.id = id
        self.code = code
        self.name = name
        self.stationedInStreet = stationedInStreet
    }
}
