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
        // Tenths of a millisecond, formatted without Foundation's String(format:) (a cost every request paid).
        let tenths = elapsed.components.seconds.multipliedReportingOverflow(by: 10_000).partialValue
            &+ elapsed.components.attoseconds / 100_000_000_000_000
        context.logger.info(
            "request",
            metadata: [
                "method": "\(request.method.rawValue)", "path": "\(request.uri.path)", "status": "\(response.status.code)",
                "ms": "\(tenths / 10).\(tenths % 10)", "account": "\(context.signedIn.withLockedValue { $0 }.map(String.init) ?? "-")",
                "client": "\(context.clientAddress ?? "-")",
            ])
        return response
    }
}
