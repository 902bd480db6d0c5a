import Foundation
import GridHubCore
import SQLKit

/// Rows of the organisation tables, as stored.
struct StreetRow: Codable, Sendable {
    var id: Int64?
    var code: String
    var name: String
    var districtName: String
    var cityName: String
    var trackingPrefix: String
    var jurisdiction: String?

    var street: Street {
        Street(
            id: id ?? 0, code: code, name: name, districtName: districtName, cityName: cityName,
            trackingPrefix: trackingPrefix, jurisdiction: jurisdiction)
    }
}

struct CommunityRow: Codable, Sendable {
    var id: Int64?
    var streetId: Int64
    var code: String
    var name: String

    var community: Community { Community(id: id ?? 0, streetID: streetId, code: code, name: name) }
}

struct GridRow: Codable, Sendable, ColumnDecodable {
    var id: Int64?
    var streetId: Int64
    var communityId: Int64
    var code: String
    var name: String
    /// The outer ring as GeoJSON positions: `[[lon, lat], …]`.
    var boundary: String
    var minLat: Double
    var minLon: Double
    var maxLat: Double
    var maxLon: Double

    init(streetID: Int64, communityID: Int64, code: GridCode, name: String, boundary: Polygon) {
        let box = boundary.boundingBox
        self.streetId = streetID
        self.communityId = communityID
        self.code = code.value
        self.name = name
        self.boundary = Self.encode(boundary)
        (minLat, minLon, maxLat, maxLon) = (box.minLat, box.minLon, box.maxLat, box.maxLon)
    }

    /// Read column by column: every grid is loaded at start-up, 10,000 of them in a city.
    init(columns r: any SQLRow) throws {
        id = try r.decode(column: "id", as: Int64.self)
        streetId = try r.decode(column: "street_id", as: Int64.self)
        communityId = try r.decode(column: "community_id", as: Int64.self)
        code = try r.decode(column: "code", as: String.self)
        name = try r.decode(column: "name", as: String.self)
        boundary = try r.decode(column: "boundary", as: String.self)
        minLat = try r.decode(column: "min_lat", as: Double.self)
        minLon = try r.decode(column: "min_lon", as: Double.self)
        maxLat = try r.decode(column: "max_lat", as: Double.self)
        maxLon = try r.decode(column: "max_lon", as: Double.self)
    }

    func grid() throws -> Grid {
        Grid(
            id: id ?? 0, streetID: streetId, communityID: communityId, code: try GridCode(code), name: name,
            boundary: try Self.decode(boundary))
    }

    static func encode(_ polygon: Polygon) -> String {
        let positions = polygon.ring.map { [$0.lon, $0.lat] }
        let data = (try? JSONEncoder().encode(positions)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ text: String) throws -> Polygon {
        let positions = try JSONDecoder().decode([[Double]].self, from: Data(text.utf8))
        return Polygon(ring: positions.compactMap { $0.count >= 2 ? Coordinate(lat: $0[1], lon: $0[0]) : nil })
    }
}

struct BuildingRow: Codable, Sendable {
    var id: Int64?
    var streetId: Int64
    var gridId: Int64
    var name: String
    var lat: Double
    var lon: Double
    var floors: Int
}

struct UnitRow: Codable, Sendable {
    var id: Int64?
    var buildingId: Int64
    var name: String
}

struct DepartmentRow: Codable, Sendable {
    var id: Int64?
    var streetId: Int64
    var code: String
    var name: String
    var stationed: Bool

    var department: Department { Department(id: id ?? 0, code: code, name: name, stationedInStreet: stationed) }
}
