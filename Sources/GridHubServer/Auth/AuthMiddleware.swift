import Foundation
import GridHubCore
import Hummingbird

/// Reads `Authorization: Bearer <token>` and puts the principal in the context. A request without
/// a token passes on anonymous (routes decide); a request with a bad token is refused at once.
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
        context.principal = try await tokens.verify(String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces))
        return try await next(request, context)
    }
}
