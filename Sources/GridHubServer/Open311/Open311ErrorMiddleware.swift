import Foundation
import GridHubCore
import HTTPTypes
import Hummingbird
import NIOCore

/// Every error under `/open311/v2/` as the specification writes it: `errors/error` with `code` and
/// `description`, in the format the path asked for. Input problems GridHub calls 422 are 400 here,
/// the code Open311 clients look for.
struct Open311ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as GridHubError {
            let status = ErrorMiddleware<Context>.status(of: error.kind)
            let retry: HTTPFields = error.kind == .unavailable ? [.retryAfter: "2"] : [:]
            return Self.answer(request, status: status.code == 422 ? .badRequest : status, error.message, headers: retry)
        } catch let error as Open311Throttled {
            return Self.answer(
                request, status: .tooManyRequests,
                "Too many requests without an api_key from this address; try again in \(error.wait) s, or use a key.",
                headers: [.retryAfter: String(error.wait)])
        } catch let error as HTTPError {
            return Self.answer(request, status: error.status, error.body ?? error.status.reasonPhrase)
        } catch let error as any HTTPResponseError {
            return Self.answer(request, status: error.status, error.status.reasonPhrase)
        }
    }

    static func answer(_ request: Request, status: HTTPResponse.Status, _ description: String, headers: HTTPFields = [:])
        -> Response
    {
        let file = request.uri.path.split(separator: "/").last.map(String.init) ?? ""
        let format = Open311Format.split(file)?.format ?? .json
        var response = Open311Response.render(
            Open311Views.errors(code: status.code, description: description), as: format, status: status)
        response.headers.append(contentsOf: headers)
        return response
    }
}

enum Open311Response {
    static func render(_ document: Open311Document, as format: Open311Format, status: HTTPResponse.Status = .ok)
        -> Response
    {
        Response(
            status: status, headers: [.contentType: format.contentType],
            body: .init(byteBuffer: ByteBuffer(string: document.rendered(as: format))))
    }
}
