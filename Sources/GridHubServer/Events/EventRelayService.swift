import GridHubStore
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

/// Rings when something may have been written to the event log: after every change this instance
/// answers, and on a tick for the changes other instances make. Rings while the relay is busy
/// coalesce into one.
public final class EventBell: Sendable {
    let rings: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    public init() {
        (rings, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    public func ring() { continuation.yield() }
}

/// Hands the event log to its subscribers (notices, webhooks …) whenever the bell rings.
struct EventRelayService: Service {
    let relay: EventRelay
    let bell: EventBell
    let tick: Duration
    let logger: Logger

    func run() async throws {
        let bell = bell
        let tick = tick
        let ticker = Task {
            while !Task.isCancelled {
                bell.ring()
                try? await Task.sleep(for: tick)
            }
        }
        defer { ticker.cancel() }
        await cancelWhenGracefulShutdown {
            for await _ in bell.rings {
                do {
                    // A read first: the tick must not take the writer every two seconds when nothing is new.
                    guard try await relay.behind() else { continue }
                    let handled = try await relay.drain()
                    if handled > 0 { logger.debug("events relayed", metadata: ["handled": "\(handled)"]) }
                } catch {
                    logger.error("event relay failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}

/// Rings the bell after every request that may have changed something and succeeded.
struct EventBellMiddleware<Context: RequestContext>: RouterMiddleware {
    let bell: EventBell

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let response = try await next(request, context)
        if request.method != .get, request.method != .head, response.status.code < 400 { bell.ring() }
        return response
    }
}
