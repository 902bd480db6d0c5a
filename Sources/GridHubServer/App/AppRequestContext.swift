import Foundation
import GridHubCore
import Hummingbird
import NIOConcurrencyHelpers
import NIOCore

/// What every GridHub request carries: the signed-in person (if any) and the client's address.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by ``AuthMiddleware`` from a valid bearer token.
    public var principal: Principal?
    /// The peer's IP address (or, behind a trusted proxy, the one it forwarded), for rate limits and logs.
    public var clientAddress: String?
    /// Who the request turned out to be, for the request log that wraps everything (which sees the
    /// context as it was before the token was read).
    let signedIn = NIOLockedValueBox<Int64?>(nil)

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress
    }

    /// JSON bodies are small; photos come as multipart and are streamed with their own limits.
    public var maxUploadSize: Int { 1 << 20 }
    public var requestDecoder: JSONDecoder { APIJSON.decoder() }
    public var responseEncoder: JSONEncoder { APIJSON.encoder() }

    /// The signed-in person, or 401.
    public func requirePrincipal() throws -> Principal {
        guard let principal else {
            throw GridHubError(.unauthorized, "unauthenticated", "Sign in first: send 'Authorization: Bearer <token>'.")
        }
        return principal
    }
}
