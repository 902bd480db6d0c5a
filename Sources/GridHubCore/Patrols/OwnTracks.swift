import Foundation

/// OwnTracks' HTTP mode (https://owntracks.org/booklet/tech/json/): the app POSTs each message as JSON and
/// names its device in `X-Limit-D` (or the message's `topic`, `owntracks/<user>/<device>`). Only
/// `_type: location` carries a position; the others (transition, waypoint, lwt, card …) are answered and
/// dropped. `vel` is km/h, `tst` Unix seconds, `batt` per cent.
public enum OwnTracks {
    /// The position a message carries, or nil for a message that carries none.
    public static func decode(json data: Data, device header: String?, query: String?) throws -> TrackerMessage? {
        for named in [header, query].compactMap({ $0 }) { _ = try OsmAnd.deviceID(named) }  // a device named badly is a 400
        let m: Message
        do {
            m = try JSONDecoder().decode(Message.self, from: data)
        } catch {
            throw GridHubError.invalid(
                "body", "Expected an OwnTracks message: {\"_type\": \"location\", \"lat\", \"lon\", \"tst\", …}.")
        }
        // Every number present is checked, whatever the message's type: a malformed message is a 400.
        for (value, name, range) in [
            (m.lat, "lat", -90.0...90), (m.lon, "lon", -180...180), (m.acc, "acc", 0...1_000_000), (m.vel, "vel", 0...3_600),
            (m.cog, "cog", 0...360), (m.alt, "alt", -1_000...100_000), (m.batt, "batt", 0...100), (m.tst, "tst", 0...1e15),
        ] {
            _ = try Fix.bounded(value, name, range)
        }
        guard m.type == "location" else { return nil }
        let topicDevice = m.topic.flatMap { $0.split(separator: "/").last.map(String.init) }
        let id = try OsmAnd.deviceID(header ?? query ?? topicDevice)
        guard let lat = m.lat, let lon = m.lon else { throw GridHubError.missing(m.lat == nil ? "lat" : "lon") }
        guard let tst = m.tst, let at = FixTime.parse(tst) else { throw GridHubError.missing("tst") }
        let fix = try Fix.validated(
            at: at, lat: lat, lon: lon, accuracy: m.acc, speed: m.vel.map { $0 / 3.6 }, heading: m.cog, altitude: m.alt,
            battery: m.batt)
        return TrackerMessage(deviceID: id, fixes: [fix])
    }

    struct Message: Decodable {
        var type: String
        var lat: Double?
        var lon: Double?
        var tst: Double?
        var acc: Double?
        var vel: Double?
        var cog: Double?
        var alt: Double?
        var batt: Double?
        var topic: String?

        enum CodingKeys: String, CodingKey {
            case type = "_type"
            case lat, lon, tst, acc, vel, cog, alt, batt, topic
        }
    }
}
