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

    @Test("a rider's report tells the grid's worker; a dispatch tells the department; each notice names its subject", arguments: Engine.all)
    func gridAndDepartment(engine: Engine) async throws {
        try await TestApp.run(engine) { client, runtime async throws in
            let p = try Fixtures.center(runtime, grid: Fixtures.grid1)
            let filed = try await client.post(
                "/api/v1/reports", json: ["lat": p.lat, "lon": p.lon, "class_code": "E0404", "device_id": "rider-notice"])
            let id = try #require(filed.object["case_id"] as? Int)
            let worker = try await client.token("wgy01")
            #expect(try await Self.kinds(client, worker, case: id) == ["new_report"])
            let notice = try #require(
                try await client.get("/api/v1/me/notifications", token: worker).array.first { $0["case_id"] as? Int == id })
            #expect(notice["subject"] as? String == "case:\(id)" && (notice["message"] as? String)?.contains("您的网格") == true)
            #expect(try await Self.kinds(client, try await client.token("wgy02"), case: id) == [])
            _ = try await WorkflowHTTPTests.act(client, id, "verify", token: worker)
            let centre = try await client.token("zhihui")
            _ = try await WorkflowHTTPTests.act(client, id, "accept", token: centre)
            _ = try await WorkflowHTTPTests.act(client, id, "dispatch", token: centre)
            #expect(try await Self.kinds(client, try await client.token("bm-ps"), case: id) == ["dispatch"])
            // The relay has handed every event to every subscriber exactly once.
            try await runtime.relay.drain()
            #expect(try await runtime.relay.behind() == false)
        }
    }
}
