import Foundation
import GridHubCore
import GridHubServer
import GridHubStore
import GridHubTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A real HTTP server on a loopback port that records what is posted to it.
actor WebhookReceiver {
    private(set) var received: [(signature: String, body: String)] = []
    var failNext = 0

    func record(_ signature: String, _ body: String) -> Bool {
        if failNext > 0 {
            failNext -= 1
            return false
        }
        received.append((signature, body))
        return true
    }

    func setFailNext(_ n: Int) { failNext = n }

    /// Runs the receiver while `body` runs, passing it the receiver's URL.
    func serve(_ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.post("hook") { request, _ -> Response in
            let text = String(buffer: try await request.body.collect(upTo: 1 << 20))
            let ok = await self.record(request.headers[.init("X-GridHub-Signature")!] ?? "", text)
            return Response(status: ok ? .ok : .internalServerError)
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: TestApp.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            var iterator = ports.makeAsyncIterator()
            let port = await iterator.next() ?? 0
            try await body("http://127.0.0.1:\(port)/hook")
            group.cancelAll()
        }
    }
}

@Suite("Webhooks per client app")
struct WebhookTests {
    @Test("a rider's app receives signed notifications of its reports, and failed posts are retried", arguments: Engine.all)
    func delivery(engine: Engine) async throws {
        // The test drives the dispatcher itself: the app's own outbox service stays out of the way.
        try await TestApp.run(engine, configure: { $0.webhookEvery = .seconds(3_600) }) { client, runtime async throws in
            let receiver = WebhookReceiver()
            try await receiver.serve { url in
                let store = WebhookStore(database: runtime.database)
                let secret = try await store.register(streetID: 1, app: "xiaoge", url: url)
                let p = try Fixtures.center(runtime, grid: Fixtures.grid1)
                let filed = try await client.post(
                    "/api/v1/reports",
                    json: ["lat": p.lat, "lon": p.lon, "class_code": "E0301", "device_id": "rider-88", "app": "xiaoge"])
                let id = try #require(filed.object["case_id"] as? Int)
                let bad = try await client.post(
                    "/api/v1/reports",
                    json: ["lat": p.lat, "lon": p.lon, "class_code": "E0301", "device_id": "r", "app": "Bad App!"])
                #expect(bad.errorCode == "invalid_app")
                _ = try await WorkflowHTTPTests.act(client, id, "verify", token: try await client.token("wgy01"))
                let centre = try await client.token("zhihui")
                _ = try await WorkflowHTTPTests.act(client, id, "accept", token: centre)

                let dispatcher = WebhookDispatcher(store: store, logger: TestApp.logger)
                await receiver.setFailNext(1)
                let start = Date()  // one clock for the three rounds, however long a loaded machine takes between them
                #expect(try await dispatcher.deliverDue(now: start) == 0)  // the receiver answers 500 once
                #expect(try await dispatcher.deliverDue(now: start.addingTimeInterval(1)) == 0)  // not due again yet
                #expect(try await dispatcher.deliverDue(now: start.addingTimeInterval(31)) == 1)
                let got = await receiver.received
                #expect(got.count == 1)
                let payload = try #require(try JSONSerialization.jsonObject(with: Data(got[0].body.utf8)) as? [String: String])
                #expect(
                    payload["event"] == "accept" && payload["case_id"] == String(id) && payload["reporter"] == "device:rider-88")
                // The signature is HMAC-SHA256 over "t.body" with the app's secret.
                let t = try #require(Int(got[0].signature.split(separator: ",")[0].dropFirst(2)))
                #expect(got[0].signature == WebhookStore.signature(secret: secret, timestamp: t, body: got[0].body))
                #expect(got[0].signature != WebhookStore.signature(secret: "wrong", timestamp: t, body: got[0].body))
                // Nothing is sent twice.
                #expect(try await dispatcher.deliverDue(now: Date().addingTimeInterval(3_600)) == 0)
            }
        }
    }

    @Test("a webhook URL must be http(s) and an app id well-formed", arguments: Engine.all)
    func validation(engine: Engine) async throws {
        try await TestApp.run(engine) { _, runtime async throws in
            let store = WebhookStore(database: runtime.database)
            await #expect(throws: GridHubError.self) { try await store.register(streetID: 1, app: "ok", url: "ftp://x") }
            await #expect(throws: GridHubError.self) { try await store.register(streetID: 1, app: "NO", url: "http://x") }
            await #expect(throws: GridHubError.self) { try await store.revoke(streetID: 1, app: "nobody") }
        }
    }
}
