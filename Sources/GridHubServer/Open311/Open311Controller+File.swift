import Crypto
import Foundation
import GridHubCore
import GridHubStore
import HTTPTypes
import Hummingbird

/// `POST requests`: an Open311 client files a report through the same desk as every other channel
/// (grid placement, near-duplicates, idempotency), under its key's app name.
extension Open311Controller {
    @Sendable func file(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > ReportController.maxBody {
            throw GridHubError(
                .payloadTooLarge, "body_too_large", "A request is at most \(ReportController.maxBody / 1_048_576) MB.")
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
        guard let grid = try await directory.locate(place.point), grid.streetID == call.street.id else {
            throw GridHubError(
                .badRequest, "outside_jurisdiction",
                "(\(place.point.lat), \(place.point.lon)) is not in \(call.street.name)'s service area.")
        }
        let extras = try Self.extras(p, answers: answers)
        var draft = ReportDraft(
            lat: place.point.lat, lon: place.point.lon, classCode: item.code,
            description: [p.value("description"), Open311Attributes.summary(answers, definition: definition)]
                .compactMap { $0 }.joined(separator: "\n"),
            address: place.address, channel: ReportChannel.open311.rawValue,
            deviceID: Self.deviceID(p, key: key), phone: p.value("phone"), app: key.name)
        draft.token = UUID().uuidString.lowercased()
        draft.details = extras.json()
        let stored = try await desk.file(
            draft, photos: media, by: nil, idempotencyKey: request.headers[.idempotencyKey])
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
        let contentType = request.headers[.contentType] ?? ""
        if contentType.lowercased().hasPrefix("multipart/form-data") {
            guard let boundary = MultipartForm.boundary(of: contentType) else {
                throw GridHubError(.badRequest, "invalid_multipart", "multipart/form-data needs a boundary.")
            }
            let form = try await MultipartForm.read(request, boundary: boundary)
            return (Open311Params(pairs: form.pairs), form.files)
        }
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

    /// Contact and account fields, checked and kept with the report.
    static func extras(_ p: Open311Params, answers: [String: [String]]) throws -> Open311Extras {
        func short(_ name: String, _ limit: Int) throws -> String? {
            guard let v = p.value(name) else { return nil }
            guard v.count <= limit else { throw GridHubError.invalid(name, "'\(name)' is at most \(limit) characters.") }
            return v
        }
        let email = try short("email", 254)
        if let email, !(email.contains("@") && !email.hasPrefix("@") && !email.hasSuffix("@")) {
            throw GridHubError.invalid("email", "'\(email)' is not an email address.")
        }
        let media = try short("media_url", 2_000)
        if let media, !(media.hasPrefix("https://") || media.hasPrefix("http://")) || URL(string: media) == nil {
            throw GridHubError.invalid("media_url", "media_url must be an http(s) URL.")
        }
        return Open311Extras(
            attributes: answers, email: email, firstName: try short("first_name", 100),
            lastName: try short("last_name", 100), accountID: try short("account_id", 100), mediaURL: media)
    }

    /// The client's `device_id` when it is one GridHub can keep as is; otherwise a stable stand-in from
    /// the app and whatever identifies the person (account, email, phone), so their reports group together.
    static func deviceID(_ p: Open311Params, key: ApiKey) -> String {
        if let d = p.value("device_id"), d.count <= 128,
            d.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_:.".contains($0)) })
        {
            return d
        }
        let who =
            [p.value("device_id"), p.value("account_id"), p.value("email")?.lowercased(), p.value("phone")]
            .compactMap { $0 }.first ?? "anonymous"
        let digest = SHA256.hash(data: Data("\(key.name)\u{1F}\(who)".utf8)).prefix(8).map { String(format: "%02x", $0) }
        return "open311:\(key.name):\(digest.joined())"
    }
}
