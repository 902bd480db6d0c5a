/// A failure a user can act on: what went wrong, in words, with a stable machine code.
///
/// Core and Store throw these; the server maps ``Kind`` to an HTTP status and answers
/// `{ "error": code, "message": message }`. Anything else that escapes is a defect (5xx).
public struct GridHubError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of failure, which decides the HTTP status.
    public enum Kind: Sendable, Equatable {
        case badRequest  // 400: malformed or invalid input
        case unauthorized  // 401: no or bad credentials
        case forbidden  // 403: signed in, but not allowed
        case notFound  // 404
        case conflict  // 409: the state does not allow it
        case payloadTooLarge  // 413
        case unsupportedMediaType  // 415
        case unprocessable  // 422: well-formed but cannot be done
        case locked  // 423: account locked
        case tooManyRequests  // 429
        case unavailable  // 503
    }

    public var kind: Kind
    public var code: String
    public var message: String

    public init(_ kind: Kind, _ code: String, _ message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}

extension GridHubError {
    public static func invalid(_ field: String, _ message: String) -> GridHubError {
        GridHubError(.badRequest, "invalid_\(field)", message)
    }

    public static func missing(_ field: String) -> GridHubError {
        GridHubError(.badRequest, "missing_\(field)", "The field '\(field)' is required.")
    }

    public static func notFound(_ what: String) -> GridHubError {
        GridHubError(.notFound, "not_found", "No such \(what).")
    }

    public static let forbidden = GridHubError(.forbidden, "forbidden", "Your role or scope does not allow this.")
}
