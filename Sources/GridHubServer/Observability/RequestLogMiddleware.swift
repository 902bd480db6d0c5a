import Foundation
import Hummingbird
import NIOConcurrencyHelpers
import Logging

/// One structured log line per request: method, path (no query: it may hold personal data),
/// status, duration, the signed-in account and the client's address. Outside the error middleware, so
/// error answers are logged with their real status.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(
        _ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        context.logger.info(
            "request",
            metadata: [
                "method": "\(request.method.rawValue)", "path": "\(request.uri.path)", "status": "\(response.status.code)",
                "ms": "\(String(format: "%.1f", ms))", "account": "\(context.signedIn.withLockedValue { $0 }.map(String.init) ?? "-")",
                "client": "\(context.clientAddress ?? "-")",
            ])
        return response
    }
}
