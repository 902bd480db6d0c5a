import Foundation
import GridHubCore
import GridHubStore
import GridHubTestSupport
import HummingbirdTesting
import Testing

@Suite("Notices reach the people in post")
struct NoticeHTTPTests {
    static func kinds(_ client: any TestClientProtocol, _ token: String, case id: Int) async throws -> [String] {
        try await client.get("/api/v1/me/notifications", token: token).array.filter { $0["case_id"] as? Int == id }
            .map { $0["kind"] as? String ?? "" }
    }

    static func report(_ client: any TestClientProtocol, in grid: SmallWorld.GridName, _ code: String) async throws -> Int {
        let p = SmallWorld.centre(of: grid)
        let filed = try await client.post(
            "/api/v1/reports", json: ["lat": p.lat, "lon": p.lon, "class_code": code, "device_id": "rider-notice"])
        return try #require(filed.object["case_id"] as? Int)
    }

    @Test(
        "a rider's report tells the grid's worker; a dispatch tells the department; a whistle each summoned one, officers too",
        arguments: Engine.all)
    func gridAndDepartment(engine: Engine) async throws {
        try await TestApp.runSmall(engine) { client, runtime, _ async throws in
            let id = try await Self.report(client, in: .a1, "E0404")
            let worker = try await client.signIn("worker-a1")
            #expect(try await Self.kinds(client, worker, case: id) == ["new_report"])
            let notice = try #require(
                try await client.get("/api/v1/me/notifications", token: worker).array.first { $0["case_id"] as? Int == id })
            #expect(notice["subject"] as? String == "case:\(id)" && (notice["message"] as? String)?.contains("您的网格") == true)
            #expect(try await Self.kinds(client, try await client.signIn("worker-a2"), case: id) == [])
            let centre = try await client.signIn("centre")
            for action in ["verify", "accept"] { _ = try await WorkflowHTTPTests.act(client, id, action, token: worker) }
            _ = try await WorkflowHTTPTests.act(client, id, "dispatch", token: centre)
            #expect(try await Self.kinds(client, try await client.signIn("dept-ps"), case: id) == ["dispatch"])
            #expect(try await Self.kinds(client, try await client.signIn("dept-zf"), case: id) == [])

            let whistled = try await Self.report(client, in: .b1, "E0506")
            let other = try await client.signIn("worker-b1")
            for action in ["verify", "accept"] { _ = try await WorkflowHTTPTests.act(client, whistled, action, token: other) }
            let blown = try await WorkflowHTTPTests.act(client, whistled, "whistle", token: centre)
            #expect(blown.status == .ok)
            #expect(try await Self.kinds(client, try await client.signIn("dept-zf"), case: whistled) == ["summons"])
            #expect(try await Self.kinds(client, try await client.signIn("dept-ps"), case: whistled) == [])
            // The relay has handed every event to every subscriber exactly once.
            try await runtime.relay.drain()
            #expect(try await runtime.relay.behind() == false)
        }
    }
}
