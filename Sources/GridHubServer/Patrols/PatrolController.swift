import Foundation
import GridHubCore
import GridHubStore
import HTTPTypes
import Hummingbird

/// Patrols over HTTP: start, record, check in, end; read patrols, tracks and who is out now.
struct PatrolController {
    let patrols: PatrolStore
    let photos: PhotoStore
    let trackers: Trackers
    let audit: AuditTrail

    func addRoutes(to group: some RouterMethods<AppRequestContext>) {
        group.get("patrols", use: list)
        group.post("patrols", use: start)
        group.get("patrols/now", use: now)
        group.get("patrols/:id", use: show)
        group.get("patrols/:id/track", use: track)
        group.post("patrols/:id/fixes", use: fixes)
        group.post("patrols/:id/end", use: end)
        group.post("patrols/:id/check-ins", use: checkIn)
        group.get("me/trackers", use: myTrackers)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[PatrolView]> {
        let principal = try context.requirePrincipal()
        let limit = try PageWindow.whole(try request.query("limit"), "limit", in: 1...PageWindow.maxLimit) ?? 50
        let worker: String? = try request.query("worker")
        let day: String? = try request.query("date")
        return JSONResponse(try await patrols.list(for: principal, worker: worker, day: day, limit: limit))
    }

    struct StartBody: Decodable { var grid: String? }

    @Sendable func start(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<PatrolView> {
        let principal = try context.requirePrincipal()
        let body = try await Self.optionalBody(StartBody.self, request, context) ?? StartBody()
        return JSONResponse(try await patrols.start(by: principal, gridCode: body.grid), status: .created)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<PatrolView> {
        JSONResponse(try await patrols.patrol(try context.parameters.id("id", of: "patrol"), for: try context.requirePrincipal()))
    }

    /// Reading someone else's track is written to the audit trail (行踪轨迹 is sensitive personal data).
    @Sendable func track(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<TrackFeature> {
        let principal = try context.requirePrincipal()
        let (view, track) = try await patrols.track(try context.parameters.id("id", of: "patrol"), for: principal)
        if view.accountID != principal.accountID {
            try await audit.record(
                AuditEntry(
                    at: Date(), actorID: principal.accountID, actor: principal.username, action: .trackRead,
                    subject: "patrol:\(view.id)", address: context.clientAddress, detail: "worker \(view.worker)"))
        }
        return JSONResponse(TrackFeature(view: view, track: track))
    }

    /// Workers out now, with where they were last seen: positions of others, so audited too.
    @Sendable func now(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[WorkerOnPatrol]> {
        let principal = try context.requirePrincipal()
        try principal.require(.patrolRead)
        let out = try await patrols.onPatrolNow(for: principal)
        if out.contains(where: { $0.accountID != principal.accountID }) {
            try await audit.record(
                AuditEntry(
                    at: Date(), actorID: principal.accountID, actor: principal.username, action: .trackRead,
                    subject: "patrols:now",
                    address: context.clientAddress, detail: "\(out.count) workers"))
        }
        return JSONResponse(out)
    }

    struct FixesBody: Decodable {
        var fixes: [FixInput]
        var device: String?
    }

    @Sendable func fixes(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<FixReceipt> {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.id("id", of: "patrol")
        let body = try await request.decode(as: FixesBody.self, context: context)
        guard body.fixes.count <= Fix.maxBatch else {
            throw GridHubError.invalid("fixes", "One upload carries at most \(Fix.maxBatch) fixes.")
        }
        let device = try body.device.map(OsmAnd.deviceID) ?? "web:\(principal.username)"
        let fixes = try body.fixes.map { try $0.fix() }
        return JSONResponse(try await patrols.record(fixes, to: id, by: principal, device: device))
    }

    struct EndBody: Decodable { var at: FixStamp? }

    @Sendable func end(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<PatrolView> {
        let principal = try context.requirePrincipal()
        let body = try await Self.optionalBody(EndBody.self, request, context)
        let at = try body?.at.map { try $0.checked("at") }
        return JSONResponse(try await patrols.end(try context.parameters.id("id", of: "patrol"), by: principal, at: at))
    }

    struct CheckInBody: Decodable {
        var place: String
        var lat: Double
        var lon: Double
        var crs: String?
    }

    /// JSON, or a form with the same fields and a photo.
    @Sendable func checkIn(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<PatrolTrack.CheckIn> {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.id("id", of: "patrol")
        let body: CheckInBody
        var uploads = [[UInt8]]()
        if let form = try await request.multipartForm() {
            guard let place = form.fields["place"], let lat = form.fields["lat"].flatMap(Double.init),
                let lon = form.fields["lon"].flatMap(Double.init)
            else { throw GridHubError(.badRequest, "bad_request", "A check-in form needs place, lat and lon.") }
            body = CheckInBody(place: place, lat: lat, lon: lon, crs: form.fields["crs"])
            uploads = form.files
        } else {
            body = try await request.decode(as: CheckInBody.self, context: context)
        }
        let point = try CoordinateSystem(parameter: body.crs).toWGS84(try Coordinate.validated(lat: body.lat, lon: body.lon))
        let stored = try await photos.saveAll(uploads)
        return JSONResponse(
            try await patrols.checkIn(id, place: body.place, at: point, photos: stored, by: principal), status: .created)
    }

    @Sendable func myTrackers(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[Trackers.Tracker]> {
        JSONResponse(try await trackers.list(username: try context.requirePrincipal().username))
    }

    /// A JSON body that may be left out entirely.
    static func optionalBody<T: Decodable>(_ type: T.Type, _ request: Request, _ context: AppRequestContext) async throws -> T? {
        var request = request
        let buffer = try await request.collectBody(upTo: 64 * 1024)
        guard buffer.readableBytes > 0 else { return nil }
        do {
            return try APIJSON.decoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch {
            throw GridHubError(.badRequest, "bad_request", "The body is not the JSON expected.")
        }
    }
}

/// A fix as an upload carries it: `at` as ISO 8601 or Unix seconds or milliseconds.
struct FixInput: Decodable {
    var at: FixStamp
    var lat: Double
    var lon: Double
    var accuracy: Double?
    var speed: Double?
    var heading: Double?
    var altitude: Double?
    var battery: Double?
    var crs: String?

    func fix() throws -> Fix {
        try Fix.validated(
            at: try at.checked("at"), lat: lat, lon: lon, accuracy: accuracy, speed: speed, heading: heading, altitude: altitude,
            battery: battery, crs: try CoordinateSystem(parameter: crs))
    }
}

/// A patrol's track as a GeoJSON Feature: the simplified line, and in its properties the patrol's
/// measures, each point's time, the raw and kept fix counts, check-ins and reports.
struct TrackFeature: Encodable, Sendable {
    var type = "Feature"
    var geometry: PatrolTrack.Line
    var properties: Properties

    struct Properties: Encodable, Sendable {
        var patrol: PatrolView
        var times: [Date]
        var rawFixes: Int
        var keptFixes: Int
        var purged: Bool
        var checkIns: [PatrolTrack.CheckIn]
        var reports: [PatrolTrack.Report]
    }

    init(view: PatrolView, track: PatrolTrack) {
        geometry = track.geometry
        properties = Properties(
            patrol: view, times: track.times, rawFixes: track.rawFixes, keptFixes: track.keptFixes, purged: track.purged,
            checkIns: track.checkIns, reports: track.reports)
    }
}
