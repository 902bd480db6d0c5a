/// The datum a client's coordinates are in.
///
/// WeChat, Amap and Tencent maps give GCJ-02 (火星坐标, China's obfuscated datum); GPS gives WGS-84.
/// GridHub converts GCJ-02 on the way in and stores WGS-84.
public enum CoordinateSystem: String, Sendable, Codable, CaseIterable {
    case wgs84
    case gcj02

    /// Parses the `crs` parameter; empty or absent means WGS-84.
    public init(parameter: String?) throws {
        guard let raw = parameter?.lowercased(), !raw.isEmpty else {
            self = .wgs84
            return
        }
        switch raw {
        case "wgs84", "wgs-84", "epsg:4326": self = .wgs84
        case "gcj02", "gcj-02": self = .gcj02
        default: throw GridHubError.invalid("crs", "Unknown coordinate system '\(raw)': use wgs84 or gcj02.")
        }
    }

    /// Converts a point in this system to WGS-84.
    public func toWGS84(_ point: Coordinate) -> Coordinate {
        switch self {
        case .wgs84: point
        case .gcj02: GCJ02.toWGS84(point)
        }
    }

    /// Converts a WGS-84 point into this system.
    public func fromWGS84(_ point: Coordinate) -> Coordinate {
        switch self {
        case .wgs84: point
        case .gcj02: GCJ02.fromWGS84(point)
        }
    }
}
