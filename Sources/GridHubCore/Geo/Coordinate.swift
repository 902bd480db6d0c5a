import Foundation

/// A point on the earth in degrees. GridHub stores WGS-84 only; see ``CoordinateSystem``.
public struct Coordinate: Sendable, Hashable, Codable {
    public var lat: Double
    public var lon: Double

    public init(lat: Double, lon: Double) {
        self.lat = lat
        self.lon = lon
    }

    /// Checks the ranges a real position can have (and rejects NaN and infinities).
    public static func validated(lat: Double, lon: Double) throws -> Coordinate {
        guard lat.isFinite, (-90...90).contains(lat) else {
            throw GridHubError.invalid("lat", "Latitude must be between -90 and 90 degrees, got \(lat).")
        }
        guard lon.isFinite, (-180...180).contains(lon) else {
            throw GridHubError.invalid("lon", "Longitude must be between -180 and 180 degrees, got \(lon).")
        }
        return Coordinate(lat: lat, lon: lon)
    }

    /// Great-circle distance in metres (haversine on the WGS-84 mean radius).
    public func distance(to other: Coordinate) -> Double {
        let earthRadius = 6_371_008.8
        let dLat = (other.lat - lat) * .pi / 180
        let dLon = (other.lon - lon) * .pi / 180
        let a =
            sin(dLat / 2) * sin(dLat / 2) + cos(lat * .pi / 180) * cos(other.lat * .pi / 180) * sin(dLon / 2)
            * sin(dLon / 2)
        return 2 * earthRadius * asin(min(1, sqrt(a)))
    }

    /// A box around this point that holds every point within `metres` (for index pre-filters).
    public func boundingBox(radius metres: Double) -> BoundingBox {
        let dLat = metres / 111_320
        let dLon = metres / (111_320 * max(0.01, cos(lat * .pi / 180)))
        return BoundingBox(minLat: lat - dLat, minLon: lon - dLon, maxLat: lat + dLat, maxLon: lon + dLon)
    }
}

/// An axis-aligned box in degrees.
public struct BoundingBox: Sendable, Hashable, Codable {
    public var minLat: Double
    public var minLon: Double
    public var maxLat: Double
    public var maxLon: Double

    public init(minLat: Double, minLon: Double, maxLat: Double, maxLon: Double) {
        self.minLat = minLat
        self.minLon = minLon
        self.maxLat = maxLat
        self.maxLon = maxLon
    }

    public func contains(_ point: Coordinate) -> Bool {
        point.lat >= minLat && point.lat <= maxLat && point.lon >= minLon && point.lon <= maxLon
    }

    /// The box grown by `d` degrees on every side.
    public func padded(by d: Double) -> BoundingBox {
        BoundingBox(minLat: minLat - d, minLon: minLon - d, maxLat: maxLat + d, maxLon: maxLon + d)
    }

    public func union(_ other: BoundingBox) -> BoundingBox {
        BoundingBox(
            minLat: min(minLat, other.minLat), minLon: min(minLon, other.minLon),
            maxLat: max(maxLat, other.maxLat), maxLon: max(maxLon, other.maxLon))
    }
}
