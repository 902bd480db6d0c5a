import GridHubCore
import HTTPTypes
import Hummingbird

/// Sets the context's client address: the peer, or behind a trusted proxy the address it forwarded.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let trustedProxies: Set<String>

    func handle(
        _ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        guard !trustedProxies.isEmpty else { return try await next(request, context) }
        var context = context
        context.clientAddress = ForwardedFor.client(
            peer: context.clientAddress, header: request.headers[values: .xForwardedFor].joined(separator: ","),
            trusted: trustedProxies)
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    static let xForwardedFor = Self("X-Forwarded-For")!
}
