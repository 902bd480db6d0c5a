import AsyncHTTPClient
import Foundation
import GridHubStore
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// Sends the webhook outbox: each delivery is POSTed as JSON with `X-GridHub-Signature`
/// (`t=<unix>,v1=<HMAC-SHA256(secret, "t.body")>`); a non-2xx answer or no answer is retried later.
public struct WebhookDispatcher: Sendable {
    let store: WebhookStore
    let client: HTTPClient
    let logger: Logger

    public init(store: WebhookStore, client: HTTPClient = .shared, logger: Logger) {
        self.store = store
        self.client = client
        self.logger = logger
    }

    /// Sends what is due now; returns how many were delivered.
    @discardableResult
    public func deliverDue(now: Date = Date()) async throws -> Int {
        var delivered = 0
        for delivery in try await store.claimDue(now: now) {
            let timestamp = Int(now.timeIntervalSince1970)
            var request = HTTPClientRequest(url: delivery.url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
            request.headers.add(
                name: "X-GridHub-Signature",
                value: WebhookStore.signature(secret: delivery.secret, timestamp: timestamp, body: delivery.payload))
            request.body = .bytes(ByteBuffer(string: delivery.payload))
            do {
                let response = try await client.execute(request, timeout: .seconds(10))
                guard (200..<300).contains(response.status.code) else {
                    try await store.failed(delivery, error: "HTTP \(response.status.code)", now: now)
                    continue
                }
                try await store.delivered(delivery.id, now: now)
                delivered += 1
            } catch {
                try await store.failed(delivery, error: "\(error)", now: now)
                logger.warning("webhook delivery failed", metadata: ["url": "\(delivery.url)", "error": "\(error)"])
            }
        }
        return delivered
    }
}

/// Runs the dispatcher every few seconds while the server runs.
struct WebhookService: Service {
    let dispatcher: WebhookDispatcher
    let interval: Duration

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do { try await dispatcher.deliverDue() } catch {
                dispatcher.logger.error("webhook dispatch failed", metadata: ["error": "\(error)"])
            }
            try? await gracefulShutdownOrSleep(interval)
        }
    }
}
