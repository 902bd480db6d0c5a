import Foundation
import GridHubCore
import GridHubStore
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle

/// `GET /api/v1/events`: server-sent events, one `case` event for every case in the caller's scope
/// that changes. It reads the event log, not one instance's memory, so a change made through any
/// instance reaches every screen; each event's `id` is its place in the log, so a browser that
/// reconnects by itself (`Last-Event-ID`) misses nothing. `EventSource` cannot send headers, so the
/// token may come as `access_token`; `since` (milliseconds) starts a stream from a moment.
struct EventsController {
    let cases: CaseStore
    let tokens: TokenService
    /// A stream ends after this long; the page reconnects with a fresh token.
    var lifetime: TimeInterval
    /// How many streams each account may hold open (each holds a connection and polls the database).
    let streams: StreamQuota
    var poll: Duration = .seconds(1)
    /// Events read from the log at a time; a full read is followed at once by the next.
    static let batch = 200

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
        // A browser reconnecting by itself names the last event it got; else the stream starts at `since`.
        let start: Int64
        if let resumed = request.headers[.lastEventID].flatMap({ Int64($0) }), resumed >= 0 {
            start = resumed
        } else {
            start = try await cases.feedPosition(since: since)
        }
        try await streams.open(principal.accountID)
        let body = ResponseBody { writer in
            defer { Task { await streams.close(principal.accountID) } }
            var position = start
            let started = Date()
            var quiet = 0
            try await writer.write(ByteBuffer(string: "retry: 3000\n\n"))
            // Ends with a graceful shutdown too, so a server stopping does not wait for open screens.
            while Date().timeIntervalSince(started) < lifetime, !Task.isCancelled, !Task.isShuttingDownGracefully {
                let (changed, reached) = try await cases.changed(in: principal.caseScope, after: position, limit: Self.batch)
                for (summary, event) in changed {
                    var c = summary
                    c.offerMoves(to: principal)
                    let json = String(decoding: try APIJSON.encoder().encode(c), as: UTF8.self)
                    try await writer.write(ByteBuffer(string: "event: case\nid: \(event)\ndata: \(json)\n\n"))
                }
                let more = reached > position
                position = reached
                quiet = changed.isEmpty ? quiet + 1 : 0
                if quiet >= 15 {  // a comment now and then keeps proxies from closing a quiet stream
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                    quiet = 0
                }
                if !more { try await Task.sleep(for: poll) }  // a full batch is followed at once
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"],
            body: body)
    }
}

extension HTTPField.Name {
    /// Sent by a browser's `EventSource` when it reconnects by itself: the `id` of the last event it got.
    static let lastEventID = Self("Last-Event-ID")!
}
