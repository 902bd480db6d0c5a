import Foundation
import GridHubCore
import HTTPTypes
import Hummingbird
import Logging

/// Turns every error into `{ "error": code, "message": … }` with the right status. A ``GridHubError``
/// keeps its words; framework errors get a code from their status; anything else is a 500 that is
/// logged, with no internals in the answer.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as GridHubError {
            // 503s are passing (a database restarting): say when to try again.
            let retry: HTTPFields = error.kind == .unavailable ? [.retryAfter: "2"] : [:]
            return Self.response(status: Self.status(of: error.kind), code: error.code, message: error.message, headers: retry)
        } catch let error as HTTPError {
            let code = Self.code(for: error.status)
            return Self.response(
                status: error.status, code: code, message: error.body ?? error.status.reasonPhrase, headers: error.headers)
        } catch let error as any HTTPResponseError {
            return Self.response(status: error.status, code: Self.code(for: error.status), message: error.status.reasonPhrase)
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return Self.response(
                status: .internalServerError, code: "internal_error", message: "Something went wrong on our side.")
        }
    }

    static func status(of kind: GridHubError.Kind) -> HTTPResponse.Status {
        switch kind {
        case .badRequest: .badRequest
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .payloadTooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .unprocessable: .unprocessableContent
        case .locked: .init(code: 423, reasonPhrase: "Locked")
        case .tooManyRequests: .tooManyRequests
        case .unavailable: .serviceUnavailable
        }
    }

    static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthenticated"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 413: "payload_too_large"
        case 415: "unsupported_media_type"
        case 422: "unprocessable"
        case 429: "too_many_requests"
        default: status.code >= 500 ? "internal_error" : "error"
        }
    }

    static func response(
        status: HTTPResponse.Status, code: String, message: String, headers extra: HTTPFields = [:]
    ) -> Response {
        let body = (try? APIJSON.encoder().encode(["error": code, "message": message])) ?? Data()
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        headers.append(contentsOf: extra)
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
