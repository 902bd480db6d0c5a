import Foundation

/// What a tracker sent: its device id and its fixes.
public struct TrackerMessage: Sendable, Hashable {
    public var deviceID: String
    public var fixes: [Fix]
    public init(deviceID: String, fixes: [Fix]) {
        self.deviceID = deviceID
        self.fixes = fixes
    }
}

/// The OsmAnd tracking protocol, as Traccar Client and many GPS apps send it (fields as in Traccar's
/// OsmAndProtocolDecoder): query or form fields `id`, `timestamp`, `lat`, `lon` (or `location=lat,lon`),
/// `speed` in knots, `bearing`/`heading`, `altitude`, `accuracy`, `batt`; or the JSON body of the
/// background-geolocation apps, `{"location": {...} or [...], "device_id": "…"}` with speed in m/s and
/// battery as a fraction.
public enum OsmAnd {
    static let metresPerSecondPerKnot = 0.514444

    /// A device id as trackers are set up with: 1–64 letters, digits, `.`, `_`, `-`, `:`.
    public static func deviceID(_ raw: String?) throws -> String {
        guard let raw, !raw.isEmpty else { throw GridHubError.missing("id") }
        guard raw.count <= 64, raw.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-:".contains($0)) }) else {
            throw GridHubError.invalid("id", "A device id is 1–64 letters, digits, '.', '_', '-' or ':'.")
        }
        return raw
    }

    /// The fields of a query string or form.
    public static func decode(fields: [String: String], now: Date) throws -> TrackerMessage {
        let id = try deviceID(fields["id"] ?? fields["deviceid"])
        var (lat, lon) = (try number(fields["lat"], "lat"), try number(fields["lon"], "lon"))
        if let location = fields["location"] {
            let parts = location.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 2, let a = parts[0], let b = parts[1] else {
                throw GridHubError.invalid("location", "'location' is 'lat,lon'.")
            }
            (lat, lon) = (a, b)
        }
        guard let lat else { throw GridHubError.missing("lat") }
        guard let lon else { throw GridHubError.missing("lon") }
        var at = now
        if let raw = fields["timestamp"], !raw.isEmpty {
            guard let parsed = FixTime.parse(raw) else {
                throw GridHubError.invalid("timestamp", "'timestamp' is Unix seconds or milliseconds, or ISO 8601.")
            }
            at = parsed
        }
        let speed = try number(fields["speed"], "speed").map { $0 * metresPerSecondPerKnot }
        let heading = try number(fields["bearing"] ?? fields["heading"], "bearing")
        let fix = try Fix.validated(
            at: at, lat: lat, lon: lon, accuracy: try number(fields["accuracy"], "accuracy"), speed: speed, heading: heading,
            altitude: try number(fields["altitude"], "altitude"), battery: try number(fields["batt"], "batt"))
        return TrackerMessage(deviceID: id, fixes: [fix])
    }

    /// The JSON form: one location or a list of them.
    public static func decode(json data: Data, now: Date) throws -> TrackerMessage {
        let body: JSONBody
        do {
            body = try JSONDecoder().decode(JSONBody.self, from: data)
        } catch {
            throw GridHubError.invalid("body", "Expected {\"location\": {...}, \"device_id\": \"…\"}.")
        }
        let id = try deviceID(body.deviceID)
        let locations = body.location.items
        guard (1...Fix.maxBatch).contains(locations.count) else {
            throw GridHubError.invalid("location", "One message carries 1 to \(Fix.maxBatch) locations.")
        }
        let fixes = try locations.map { l in
            var at = now
            if let t = l.timestamp {
                guard let parsed = t.date else {
                    throw GridHubError.invalid("timestamp", "'timestamp' is Unix seconds or milliseconds, or ISO 8601.")
                }
                at = parsed
            }
            return try Fix.validated(
                at: at, lat: l.coords.latitude, lon: l.coords.longitude, accuracy: l.coords.accuracy,
                speed: l.coords.speed.flatMap { $0 < 0 ? nil : $0 }, heading: l.coords.heading.flatMap { $0 < 0 ? nil : $0 },
                altitude: l.coords.altitude, battery: l.battery?.level.flatMap { $0 < 0 ? nil : $0 * 100 })
        }
        return TrackerMessage(deviceID: id, fixes: fixes)
    }

    static func number(_ raw: String?, _ name: String) throws -> Double? {
        guard let raw, !raw.isEmpty else { return nil }
        guard let value = Double(raw), value.isFinite else { throw GridHubError.invalid(name, "'\(name)' must be a number.") }
        return value
    }

    struct JSONBody: Decodable {
        var location: OneOrMany
        var deviceID: String?
        enum CodingKeys: String, CodingKey {
            case location
            case deviceID = "device_id"
        }
    }

    enum OneOrMany: Decodable {
        case one(Location)
        case many([Location])
        var items: [Location] {
            switch self {
            case .one(let l): [l]
            case .many(let ls): ls
            }
        }
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let many = try? c.decode([Location].self) { self = .many(many) } else { self = .one(try c.decode(Location.self)) }
        }
    }

    struct Location: Decodable {
        var timestamp: FixStamp?
        var coords: Coords
        var battery: Battery?
    }

    struct Coords: Decodable {
        var latitude: Double
        var longitude: Double
        var accuracy: Double?
        var speed: Double?
        var heading: Double?
        var altitude: Double?
    }

    struct Battery: Decodable { var level: Double? }
}
