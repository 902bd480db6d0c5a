import Foundation
import GridHubCore
import GridHubStore
import Hummingbird
import NIOCore
import ServiceLifecycle

/// `GET /api/v1/events`: server-sent events, one `case` event for every case in the caller's scope
/// that changes. It reads the database, not one instance's memory, so a change made through any
/// instance reaches every screen. `EventSource` cannot send headers, so the token may come as
/// `access_token`; `since` (milliseconds) resumes after a reconnect.
struct EventsController {
    let cases: CaseStore
    let tokens: TokenService
    /// A stream ends after this long; the page reconnects with a fresh token.
    var lifetime: TimeInterval
    /// How many streams each account may hold open (each holds a connection and polls the database).
    let streams: StreamQuota
    var poll: Duration = .seconds(1)

    func addRoutes(to group: some RouterMethods<AppRequestContext>) {
        group.get("events", use: events)
    }

    @Sendable func events(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal: Principal
        if let given = context.principal {
            principal = given
        } else if let token = request.uri.queryParameters.get("access_token") {
            principal = try await tokens.verify(token)
        } else {
            throw GridHubError(.unauthorized, "unauthenticated", "Sign in: send a token (or access_token=).")
        }
        let since = try StreamCursor.start(since: try request.query("since"), now: Date())
        let (cases, poll, lifetime, streams) = (self.cases, self.poll, self.lifetime, self.streams)
        try await streams.open(principal.accountID)
        let body = ResponseBody { writer in
            defer { Task { await streams.close(principal.accountID) } }
            var cursor = since
            let started = Date()
            var quiet = 0
            var sent: [Int64: Int64] = [:]
            try await writer.write(ByteBuffer(string: "retry: 3000\n\n"))
            // Ends with a graceful shutdown too, so a server stopping does not wait for open screens.
            while Date().timeIntervalSince(started) < lifetime, !Task.isCancelled, !Task.isShuttingDownGracefully {
                // Look two seconds back: a transaction that committed late with an earlier timestamp is
                // still seen; what was already sent is not sent again.
                // (The limit leaves room for what was already sent in those two seconds, so a burst of
                // more than 200 changes still moves forward.)
                let floor = StoredTime.millis(cursor.addingTimeInterval(-2))
                sent = sent.filter { $0.value > floor }
                let changed = try await cases.changed(
                    in: principal.caseScope, since: StoredTime.date(floor), limit: 200 + sent.count
                )
                .filter { (sent[$0.id] ?? .min) < StoredTime.millis($0.updatedAt) }
                for c in changed {
                    sent[c.id] = StoredTime.millis(c.updatedAt)
                    var c = c
                    c.offerMoves(to: principal)
                    let json = String(decoding: try APIJSON.encoder().encode(c), as: UTF8.self)
                    try await writer.write(ByteBuffer(string: "event: case\nid: \(StoredTime.millis(c.updatedAt))\ndata: \(json)\n\n"))
                    cursor = max(cursor, c.updatedAt)
                }
                quiet = changed.isEmpty ? quiet + 1 : 0
                if quiet >= 15 {  // a comment now and then keeps proxies from closing a quiet stream
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                    quiet = 0
                }
                try await Task.sleep(for: poll)
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"],
            body: body)
    }
}
