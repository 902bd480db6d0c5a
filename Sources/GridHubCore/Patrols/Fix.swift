import Foundation

/// One position a patrolling phone reported (定位点): when, where, how sure, and what else the device
/// knew. Every number is checked against what a real phone can report before it is stored, so nothing
/// from a request reaches arithmetic unbounded.
public struct Fix: Sendable, Hashable, Codable {
    public var at: Date
    public var coordinate: Coordinate
    /// Horizontal accuracy in metres (68 %), as the device states it; nil when it did not say.
    public var accuracy: Double?
    /// Metres per second.
    public var speed: Double?
    /// Degrees clockwise from north.
    public var heading: Double?
    public var altitude: Double?
    /// Battery level in per cent.
    public var battery: Double?

    public init(
        at: Date, coordinate: Coordinate, accuracy: Double? = nil, speed: Double? = nil, heading: Double? = nil,
        altitude: Double? = nil, battery: Double? = nil
    ) {
        self.at = at
        self.coordinate = coordinate
        self.accuracy = accuracy
        self.speed = speed
        self.heading = heading
        self.altitude = altitude
        self.battery = battery
    }

    /// A fix from a request's numbers: 400 naming the field when one is out of its range.
    public static func validated(
        at: Date, lat: Double, lon: Double, accuracy: Double?, speed: Double?, heading: Double?, altitude: Double?,
        battery: Double?, crs: CoordinateSystem = .wgs84
    ) throws -> Fix {
        guard (RequestDates.earliest...RequestDates.latest).contains(at) else {
            throw GridHubError.invalid("at", "A fix's time must lie between 2000 and 2100.")
        }
        let point = crs.toWGS84(try Coordinate.validated(lat: lat, lon: lon))
        return Fix(
            at: at, coordinate: point, accuracy: try bounded(accuracy, "accuracy", 0...1_000_000),
            speed: try bounded(speed, "speed", 0...1_000), heading: try bounded(heading, "heading", 0...360),
            altitude: try bounded(altitude, "altitude", -1_000...100_000), battery: try bounded(battery, "battery", 0...100))
    }

    static func bounded(_ value: Double?, _ name: String, _ range: ClosedRange<Double>) throws -> Double? {
        guard let value else { return nil }
        guard value.isFinite, range.contains(value) else {
            throw GridHubError.invalid(name, "'\(name)' must be a number from \(range.lowerBound) to \(range.upperBound).")
        }
        return value
    }

    /// The most fixes one upload may carry.
    public static let maxBatch = 1_000
}

/// A fix time in JSON as apps send it: text (ISO 8601 or digits) or a number (Unix seconds or ms).
public struct FixStamp: Decodable, Sendable, Hashable {
    /// Nil when it names no time.
    public var date: Date?

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let n = try? c.decode(Double.self) { date = FixTime.parse(n) } else { date = FixTime.parse(try c.decode(String.self)) }
    }

    /// The time, or 422 when it does not exist or lies outside 2000–2100 (a schema can say its shape only).
    public func checked(_ name: String) throws -> Date {
        guard let date, (RequestDates.earliest...RequestDates.latest).contains(date) else {
            throw GridHubError(
                .unprocessable, "invalid_\(name)",
                "'\(name)' is an ISO 8601 time or Unix seconds/milliseconds between 2000 and 2100.")
        }
        return date
    }
}

/// A fix time as devices send it: Unix seconds, Unix milliseconds (anything above 10¹¹ — 5138 AD in
/// seconds), or ISO 8601 with or without fractions.
public enum FixTime {
    public static func parse(_ raw: String) -> Date? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if let number = Double(text) { return parse(number) }
        return RequestDates.iso(text)
    }

    public static func parse(_ number: Double) -> Date? {
        guard number.isFinite, number >= 0, number < 1e15 else { return nil }
        return Date(timeIntervalSince1970: number > 1e11 ? number / 1000 : number)
    }
}
