import Foundation
import GridHubCore
import GridHubStore
import HTTPTypes
import Hummingbird

/// `/osmand`: the OsmAnd protocol trackers speak (Traccar Client and many GPS apps), as a query, a form
/// or the JSON of background-geolocation apps. The device id is the credential the tracker is set up
/// with, registered to a worker (`gridhub device add`); unknown ids get 400.
struct OsmAndController {
    let patrols: PatrolStore

    func addRoutes(to group: some RouterMethods<AppRequestContext>) {
        group.get("osmand", use: receive)
        group.post("osmand", use: receive)
        group.post("owntracks", use: ownTracks)
    }

    /// OwnTracks in HTTP mode: the device in `X-Limit-D` (or `?id=`, or the topic); answered with the
    /// list of messages for the app, which GridHub has none of.
    @Sendable func ownTracks(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[String]> {
        var request = request
        let buffer = try await request.collectBody(upTo: 64 * 1024)
        let header = HTTPField.Name("X-Limit-D").flatMap { request.headers[$0] }
        guard
            let message = try OwnTracks.decode(
                json: Data(buffer.readableBytesView), device: header, query: request.uri.queryParameters.get("id"))
        else { return JSONResponse([]) }
        _ = try await patrols.receive(message, now: Date())
        return JSONResponse([])
    }

    @Sendable func receive(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<Receipt> {
        var request = request
        let now = Date()
        var fields = [String: String]()
        for (key, value) in request.uri.queryParameters { fields[String(key)] = String(value) }
        let message: TrackerMessage
        let contentType = (request.headers[.contentType] ?? "").lowercased()
        if request.method == .post, contentType.hasPrefix("application/json") {
            let buffer = try await request.collectBody(upTo: 1 << 20)
            message = try OsmAnd.decode(json: Data(buffer.readableBytesView), now: now)
        } else {
            if request.method == .post, contentType.hasPrefix("application/x-www-form-urlencoded") {
                let buffer = try await request.collectBody(upTo: 64 * 1024)
                for pair in String(buffer: buffer).split(separator: "&") {
                    let parts = pair.split(separator: "=", maxSplits: 1).map {
                        String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
                    }
                    if let key = parts.first, !key.isEmpty { fields[key] = parts.count > 1 ? parts[1] : "" }
                }
            }
            message = try OsmAnd.decode(fields: fields, now: now)
        }
        let receipt = try await patrols.receive(message, now: now)
        return JSONResponse(
            Receipt(
                stored: receipt.stored, duplicates: receipt.duplicates, outside: receipt.outside,
                patrols: receipt.patrols.map(\.id)))
    }

    /// What the tracker is told (trackers read only the status; the counts help whoever sets one up).
    struct Receipt: Encodable, Sendable {
        var stored: Int
        var duplicates: Int
        var outside: Int
        var patrols: [Int64]
    }
}
