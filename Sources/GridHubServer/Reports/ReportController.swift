import Foundation
import GridHubCore
import GridHubStore
import HTTPTypes
import Hummingbird

/// 随手拍: file a report (JSON, or multipart with photos) and list one's own reports.
struct ReportController {
    let desk: ReportDesk
    let cases: CaseStore
    let limiter: AnonymousReportLimiter
    let devices: DeviceStore

    /// The JSON form of a report. Photos need multipart.
    struct ReportBody: Decodable {
        var lat: Double?
        var lon: Double?
        var crs: String?
        var classCode: String?
        var text: String?
        var description: String?
        var address: String?
        var channel: String?
        var deviceID: String?
        var phone: String?
        var app: String?
    }

    /// The largest body accepted at all: nine photos at the cap and the form fields.
    static let maxBody = MultipartForm.maxBytes

    func addRoutes(to group: some RouterMethods<AppRequestContext>) {
        group.post("reports", use: create)
        group.get("me/reports", use: mine)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > Self.maxBody {
            throw GridHubError(.payloadTooLarge, "body_too_large", "A report is at most \(Self.maxBody / 1_048_576) MB in all.")
        }
        // An address over its limit is refused before its body is read (the device's limit needs the body).
        if context.principal == nil { try await limiter.check(address: context.clientAddress) }
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        let draft: ReportDraft
        var photos: [[UInt8]] = []
        if let form = try await request.multipartForm() {
            draft = try Self.draft(from: form.fields)
            photos = form.files
        } else if contentType.hasPrefix("application/json") || contentType.isEmpty {
            let body = try await request.decode(as: ReportBody.self, context: context)
            draft = ReportDraft(
                lat: body.lat, lon: body.lon, crs: body.crs, classCode: body.classCode, text: body.text,
                description: body.description, address: body.address, channel: body.channel, deviceID: body.deviceID,
                phone: body.phone, app: body.app)
        } else {
            throw GridHubError(
                .unsupportedMediaType, "unsupported_content_type", "Send application/json or multipart/form-data.")
        }
        if context.principal == nil {
            try await limiter.admit(device: draft.deviceID, address: context.clientAddress)
        }
        let answer = try await desk.file(
            draft, photos: photos, by: context.principal, idempotencyKey: request.headers[.idempotencyKey])
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if answer.replayed { headers[.idempotentReplayed] = "true" }
        if let token = try await deviceToken(for: draft, answer: answer, request: request, context: context) {
            headers[.deviceToken] = token
        }
        return Response(
            status: .init(code: answer.status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    /// A device's first accepted report gives it its token; so does a replay for a sender that lost the
    /// first answer (and with it the token). A device that showed its token gets nothing new.
    func deviceToken(for draft: ReportDraft, answer: StoredAnswer, request: Request, context: AppRequestContext)
        async throws -> String?
    {
        guard context.principal == nil, let device = draft.deviceID, (200..<300).contains(answer.status),
            try await !devices.verify(device, token: request.headers[.deviceToken])
        else { return nil }
        return answer.replayed ? try await devices.rotate(device) : try await devices.register(device)
    }

    static func draft(from f: [String: String]) throws -> ReportDraft {
        func number(_ key: String) throws -> Double? {
            guard let raw = f[key]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            guard let value = Double(raw) else { throw GridHubError.invalid(key, "'\(key)' must be a number.") }
            return value
        }
        return ReportDraft(
            lat: try number("lat"), lon: try number("lon"), crs: f["crs"], classCode: f["class_code"], text: f["text"],
            description: f["description"], address: f["address"], channel: f["channel"], deviceID: f["device_id"],
            phone: f["phone"], app: f["app"])
    }

    /// My reports: by account when signed in, else by the `device_id` an anonymous reporter used.
    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<Page<CaseSummary>> {
        let (limit, offset) = try request.paging()
        _ = try DeviceProof.given(request)
        if let principal = context.principal {
            var query = CaseQuery()
            (query.limit, query.offset) = (limit, offset)
            let page = try await cases.cases(in: .reportedBy(principal.accountID), query)
            return JSONResponse(Page(items: page.items, total: page.total, limit: limit, offset: offset))
        }
        let device = try await DeviceProof(devices: devices).device(of: request)
        let items = try await cases.cases(reportedByDevice: device, limit: limit, offset: offset)
        return JSONResponse(Page(items: items, total: items.count, limit: limit, offset: offset))
    }
}

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
    static let idempotentReplayed = Self("Idempotent-Replayed")!
}
