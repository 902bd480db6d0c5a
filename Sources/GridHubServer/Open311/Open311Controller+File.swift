import Foundation
import GridHubCore
import GridHubStore
import HTTPTypes
import Hummingbird

/// `POST requests`: an Open311 client files a report through the same desk as every other channel
/// (grid placement, near-duplicates, idempotency), under its key's app name.
extension Open311Controller {
    @Sendable func file(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > MultipartForm.maxBytes {
            throw GridHubError(
                .payloadTooLarge, "body_too_large", "A request is at most \(MultipartForm.maxBytes / 1_048_576) MB.")
        }
        // A key in the query is checked before the body is read: an unknown client uploads nothing.
        if let secret = try Open311Params.urlEncoded(request.uri.query ?? "").value("api_key"),
            try await keys.verify(secret) == nil
        {
            throw GridHubError(.forbidden, "invalid_api_key", "The api_key is not valid (unknown or revoked).")
        }
        let (form, media) = try await Self.body(of: request)
        let call = try await begin(request, context, form: form)
        guard let key = call.key else {
            throw GridHubError(.forbidden, "api_key_required", "Filing a request needs an api_key from the street office.")
        }
        let p = call.params
        guard let code = p.value("service_code") else { throw GridHubError.missing("service_code") }
        guard let item = try await catalog.item(streetID: call.street.id, code: code) else {
            throw GridHubError(.notFound, "unknown_service", "There is no service_code '\(code)' in \(call.street.name).")
        }
        let definition = Open311Attributes.definition(of: item)
        let answers = try Open311Attributes.validate(p.attributes, against: definition)
        let place = try await location(p, street: call.street)
        let extras = try Open311Rules.extras(
            attributes: answers, email: p.value("email"), firstName: p.value("first_name"), lastName: p.value("last_name"),
            accountID: p.value("account_id"), mediaURL: p.value("media_url"))
        var draft = ReportDraft(
            lat: place.point.lat, lon: place.point.lon, classCode: item.code,
            description: [p.value("description"), Open311Attributes.summary(answers, definition: definition)]
                .compactMap { $0 }.joined(separator: "\n"),
            address: place.address, channel: ReportChannel.open311.rawValue,
            deviceID: Open311Rules.deviceID(
                app: key.name, deviceID: p.value("device_id"), accountID: p.value("account_id"), email: p.value("email"),
                phone: p.value("phone"), keyed: { Keyed.hex(key: deviceKey, $0) }),
            phone: p.value("phone"), app: key.name)
        draft.token = UUID().uuidString.lowercased()
        draft.details = extras.json()
        let stored = try await desk.file(
            draft, photos: media, by: nil, idempotencyKey: request.headers[.idempotencyKey], streetID: call.street.id)
        guard let receipt = try? APIJSON.decoder().decode(ReportReceipt.self, from: Data(stored.body)) else {
            throw GridHubError(.unavailable, "no_receipt", "The report was not recorded; try again.")
        }
        let body = Open311Node.list(
            item: "request",
            [
                .object([
                    "service_request_id": .text(receipt.trackingNumber),
                    "token": .text(receipt.token),
                    "service_notice": .text(receipt.notice),
                    "account_id": .text(extras.accountID),
                ])
            ])
        var response = Open311Response.render(Open311Document(root: "service_requests", body: body), as: call.format)
        if stored.replayed { response.headers[.idempotentReplayed] = "true" }
        return response
    }

    /// The form fields and any photos: `application/x-www-form-urlencoded`, or multipart with `media`.
    static func body(of request: Request) async throws -> (Open311Params, [[UInt8]]) {
        if let form = try await request.multipartForm() { return (Open311Params(pairs: form.pairs), form.files) }
        let contentType = request.headers[.contentType] ?? ""
        let text = String(buffer: try await request.body.collect(upTo: 1 << 20))
        guard contentType.isEmpty || contentType.lowercased().hasPrefix("application/x-www-form-urlencoded") || text.isEmpty
        else {
            throw GridHubError(
                .unsupportedMediaType, "unsupported_content_type",
                "Send application/x-www-form-urlencoded, or multipart/form-data with a media file.")
        }
        return (try Open311Params.urlEncoded(text), [])
    }

    /// `lat`+`long`, else `address_id` (a building), else `address_string` (a building named in it).
    func location(_ p: Open311Params, street: Street) async throws -> (point: Coordinate, address: String?) {
        let lat = try p.number("lat")
        let lon = try p.number("long")
        let written = p.value("address_string").map { String($0.prefix(200)) }
        if lat != nil || lon != nil {
            guard let lat, let lon else { throw GridHubError.invalid("long", "Give lat and long together.") }
            return (try Coordinate.validated(lat: lat, lon: lon), written)
        }
        let gridIDs = directory.current.grids.values.filter { $0.streetID == street.id }.map(\.id)
        if let raw = p.value("address_id") {
            guard let id = Int64(raw),
                let building = try await org.buildings(gridIDs: gridIDs).first(where: { $0.id == id })
            else { throw GridHubError(.badRequest, "unknown_address_id", "There is no address_id '\(raw)' here.") }
            return (building.location, written ?? building.name)
        }
        if let written {
            guard let building = AddressMatcher.building(in: written, among: try await org.buildings(gridIDs: gridIDs)) else {
                throw GridHubError(
                    .badRequest, "address_not_found",
                    "No building of \(street.name) is named in '\(written)'; send lat and long instead.")
            }
            return (building.location, written)
        }
        throw GridHubError(
            .badRequest, "missing_location", "A request needs a location: lat and long, address_string or address_id.")
    }
}
