import GridHubCore

/// GeoJSON (RFC 7946) for grids: positions are [lon, lat] in WGS-84, rings closed.
struct GridFeature: Encodable, Sendable {
    struct Geometry: Encodable, Sendable {
        var type = "Polygon"
        var coordinates: [[[Double]]]
    }

    struct Properties: Encodable, Sendable {
        var id: Int64
        var code: String
        var name: String
        var communityID: Int64
        var communityName: String
        var streetID: Int64
        var streetName: String
        var areaM2: Int
    }

    var type = "Feature"
    var id: String
    var geometry: Geometry
    var properties: Properties

    init(_ grid: Grid, community: Community?, street: Street?, crs: CoordinateSystem = .wgs84) {
        var ring = grid.boundary.ring.map { crs.fromWGS84($0) }.map { [$0.lon, $0.lat] }
        if let first = ring.first { ring.append(first) }
        id = grid.code.value
        geometry = Geometry(coordinates: [ring])
        properties = Properties(
            id: grid.id, code: grid.code.value, name: grid.name, communityID: grid.communityID,
            communityName: community?.name ?? "", streetID: grid.streetID, streetName: street?.name ?? "",
            areaM2: Int(grid.boundary.areaSquareMetres.rounded()))
    }
}

struct FeatureCollection<Feature: Encodable & Sendable>: Encodable, Sendable {
    var type = "FeatureCollection"
    var features: [Feature]
}
