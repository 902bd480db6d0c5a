import Foundation
import GridHubCore
import HTTPTypes
import Hummingbird

/// A JSON answer with a chosen status, encoded with the API's conventions (``APIJSON``).
struct JSONResponse<Value: Encodable & Sendable>: ResponseGenerator {
    var status: HTTPResponse.Status = .ok
    var value: Value

    init(_ value: Value, status: HTTPResponse.Status = .ok) {
        self.value = value
        self.status = status
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let bytes: ByteBuffer
        if Value.self is any SnakeCaseKeyed.Type, let written = try? JSONWriter.encode(value) {
            bytes = ByteBuffer(bytes: written)
        } else {
            bytes = ByteBuffer(bytes: try APIJSON.encoder(for: Value.self).encode(value))
        }
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: bytes))
    }
}

/// A month's table (an assessment, an evaluation) as JSON, or as a CSV file to download with `format=csv`.
struct TableResponse<Row: Encodable & Sendable>: ResponseGenerator {
    var rows: [Row]
    var csv: @Sendable ([Row]) -> String
    var filename: String

    func response(from request: Request, context: some RequestContext) throws -> Response {
        switch try request.query("format", as: String.self) ?? "json" {
        case "json":
            return try JSONResponse(rows).response(from: request, context: context)
        case "csv":
            return Response(
                status: .ok,
                headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(filename)\""],
                body: .init(byteBuffer: ByteBuffer(string: csv(rows))))
        default:
            throw GridHubError.invalid("format", "Use json or csv.")
        }
    }
}

/// A page of results with the total count, for every list endpoint.
struct Page<Item: Encodable & Sendable>: Encodable, Sendable {
    var items: [Item]
    var total: Int
    var limit: Int
    var offset: Int
}

/// A page's own keys are single words: a page of snake_case-keyed items is snake_case-keyed.
extension Page: SnakeCaseKeyed where Item: SnakeCaseKeyed {}

extension Request {
    /// A query parameter parsed as `T`, or nil when absent; a 400 naming it when empty or malformed.
    func query<T: LosslessStringConvertible>(_ name: String, as: T.Type = T.self) throws -> T? {
        guard let raw = uri.queryParameters[Substring(name)].map(String.init) else { return nil }
        guard !raw.isEmpty, let value = T(raw) ?? Self.wholeNumber(raw, as: T.self) else {
            throw GridHubError.invalid(name, "The parameter '\(name)' has an invalid value '\(raw)'.")
        }
        return value
    }

    /// `1.0` or `1e0` for an integer parameter: JSON Schema counts a number with no fraction as an integer.
    static func wholeNumber<T: LosslessStringConvertible>(_ raw: String, as: T.Type) -> T? {
        guard T.self == Int64.self || T.self == Int.self, let d = Double(raw), d.isFinite, d == d.rounded(),
            abs(d) < 9_007_199_254_740_992
        else { return nil }
        return T(String(Int64(d)))
    }

    /// Paging parameters (``PageWindow``): `limit` 1–200 (default 50) and `offset` 0–100,000.
    func paging() throws -> (limit: Int, offset: Int) {
        let window = try PageWindow(limit: try query("limit"), offset: try query("offset"))
        return (window.limit, window.offset)
    }
}

extension Parameters {
    /// A path id, or 404 when it is not a number (an id that cannot exist).
    func id(_ name: String, of what: String) throws -> Int64 {
        guard let raw = get(name), let id = Int64(raw), id > 0 else { throw GridHubError.notFound(what) }
        return id
    }
}
