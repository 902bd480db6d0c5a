import Foundation
import GridHubCore
import Hummingbird
import NIOConcurrencyHelpers

/// Reads `Authorization: Bearer <token>` and puts the principal in the context. A request without
/// a token passes on anonymous (routes decide); a request with a bad token is refused at once, and a
/// read-only role (``CaseDuties/mayChange(_:)``) is refused anything that changes the street's data.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let tokens: TokenService

    func handle(
        _ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            return try await next(request, context)
        }
        guard header.lowercased().hasPrefix("bearer ") else {
            throw GridHubError(.unauthorized, "invalid_token", "Use 'Authorization: Bearer <token>'.")
        }
        var context = context
        let principal = try await tokens.verify(String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces))
        context.principal = principal
        context.signedIn.withLockedValue { $0 = principal.accountID }
        if Self.changes(request) { try CaseDuties.checkMayChange(principal) }
        return try await next(request, context)
    }

    /// Requests that change something. Signing out and marking one's own notices read change nothing of
    /// the street's, so a read-only role may make them.
    static func changes(_ request: Request) -> Bool {
        guard request.method != .get, request.method != .head, request.method != .options else { return false }
        let path = request.uri.path
        return !(path.hasPrefix("/api/v1/auth/") || path == "/api/v1/me/notifications/read")
    }
}
