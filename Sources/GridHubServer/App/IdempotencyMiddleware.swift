import Crypto
import Foundation
import GridHubCore
import GridHubStore
import HTTPTypes
import Hummingbird
import NIOConcurrencyHelpers
import NIOCore

/// `Idempotency-Key` on every POST: a retry of a request that succeeded gets the first answer (with
/// `Idempotent-Replayed: true`) and writes nothing; the same key for a different request is 422; a
/// retry while the first is still running is 409. Keys are per caller (account, or device and address).
/// Report intake (native and Open311) keeps its keys in its own transaction, and sign-in answers hold
/// secrets that are never stored, so those routes pass through.
struct IdempotencyMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let answers: IdempotentAnswers
    /// The routes: a POST to a path that takes none is answered 405 as it is, whatever key it brings.
    let routes: RouteMethods
    let inFlight = InFlightKeys()

    static func passesThrough(_ path: String) -> Bool {
        path == "/api/v1/reports" || path.hasPrefix("/open311/") || path.hasPrefix("/api/v1/auth/")
    }

    func handle(
        _ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        // Keys belong to someone: a signed-in account, or an anonymous device that names itself. A request
        // from no one is answered (401 or otherwise) as if it carried no key.
        guard request.method == .post, let key = request.headers[.idempotencyKey], !Self.passesThrough(request.uri.path),
            context.principal != nil || request.uri.queryParameters.get("device_id") != nil,
            routes.methods(for: request.uri.path)?.contains(.post) == true
        else { return try await next(request, context) }
        var request = request
        let body = try await request.collectBody(upTo: MultipartForm.maxBytes)
        let claim = try IdempotencyClaim(
            scope: Self.scope(request, context), key: key, requestHash: Self.fingerprint(request, body))
        if let earlier = try await answers.replay(claim) { return Self.response(earlier) }
        let id = "\(claim.scope)\u{1F}\(claim.key)"
        guard inFlight.begin(id) else {
            throw GridHubError(
                .conflict, "idempotency_key_in_flight",
                "A request with this Idempotency-Key is still being answered; retry shortly.")
        }
        defer { inFlight.end(id) }
        let response = try await next(request, context)
        guard (200..<300).contains(response.status.code) else { return response }
        let sink = BodySink()
        try await response.body.write(sink.writer)
        let answer = StoredAnswer(status: response.status.code, body: Data(sink.buffer.readableBytesView), replayed: false)
        try await answers.remember(claim, answer)
        var kept = response
        kept.body = .init(byteBuffer: sink.buffer)
        return kept
    }

    /// Whose key it is: an account, or an anonymous device (at an address).
    static func scope(_ request: Request, _ context: AppRequestContext) -> String {
        if let principal = context.principal { return "http:account:\(principal.accountID)" }
        let device = request.uri.queryParameters.get("device_id") ?? "-"
        return "http:device:\(device):\(context.clientAddress ?? "-")"
    }

    /// What was asked: method, path with query, content type and body.
    static func fingerprint(_ request: Request, _ body: ByteBuffer) -> String {
        var hash = SHA256()
        hash.update(
            data: Data("\(request.method.rawValue) \(request.uri.description)\n\(request.headers[.contentType] ?? "")\n".utf8))
        hash.update(data: Data(body.readableBytesView))
        return hash.finalize().hexString
    }

    static func response(_ answer: StoredAnswer) -> Response {
        var headers: HTTPFields = [.idempotentReplayed: "true"]
        if !answer.body.isEmpty { headers[.contentType] = "application/json; charset=utf-8" }
        return Response(
            status: .init(code: answer.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}

/// Keys whose first request is still running, on this instance.
final class InFlightKeys: Sendable {
    private let keys = NIOLockedValueBox<Set<String>>([])

    func begin(_ id: String) -> Bool { keys.withLockedValue { $0.insert(id).inserted } }
    func end(_ id: String) { keys.withLockedValue { _ = $0.remove(id) } }
}

/// Collects a response body so it can be kept and sent.
final class BodySink: @unchecked Sendable {
    private let lock = NIOLock()
    private var collected = ByteBuffer()

    var buffer: ByteBuffer { lock.withLock { collected } }

    var writer: Writer { Writer(sink: self) }

    struct Writer: ResponseBodyWriter {
        let sink: BodySink

        mutating func write(_ buffer: ByteBuffer) async throws {
            var buffer = buffer
            sink.lock.withLock { _ = sink.collected.writeBuffer(&buffer) }
        }

        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}
