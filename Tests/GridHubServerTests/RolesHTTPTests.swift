import Foundation
import GridHubCore
import GridHubStore
import GridHubTestSupport
import HummingbirdTesting
import Testing

@Suite("An account holding several roles")
struct RolesHTTPTests {
    @Test(
        "a grid worker made community staff of another community reads and returns its cases, hears its notices, and loses it all when revoked",
        arguments: Engine.all)
    func furtherRole(engine: Engine) async throws {
        try await TestApp.run(engine) { client, runtime async throws in
            let other = try #require(runtime.directory.current.gridsByCode[Fixtures.otherGrid])
            let p = try Fixtures.center(runtime, grid: Fixtures.otherGrid)
            let filed = try await client.post(
                "/api/v1/reports", json: ["lat": p.lat, "lon": p.lon, "class_code": "E0301", "device_id": "rider-roles"])
            let id = try #require(filed.object["case_id"] as? Int)
            #expect(try await client.get("/api/v1/cases/\(id)", token: try await client.token("wgy01")).status == .notFound)

            let accounts = AccountStore(database: runtime.database)
            try await accounts.grant(.communityStaff, to: "wgy01", communityID: other.communityID)
            let both = try await client.token("wgy01")
            let seen = try await client.get("/api/v1/cases/\(id)", token: both)
            #expect(seen.status == .ok)
            #expect(seen.object["allowed_actions"] as? [String] == ["verify", "reject"])
            #expect(try await NoticeHTTPTests.kinds(client, both, case: id) == [])  // grid workers of that grid are told, not staff
            _ = try await WorkflowHTTPTests.act(client, id, "verify", token: both)
            // Self-handling is a grid worker's, and wgy01 is not that grid's worker.
            let refused = try await WorkflowHTTPTests.act(client, id, "self_handle", token: both)
            #expect(refused.status == .forbidden && refused.errorCode == "outside_your_units")

            await #expect(throws: GridHubError.self) { try await accounts.grant(.gridWorker, to: "wgy01") }  // the main role
            await #expect(throws: GridHubError.self) { try await accounts.grant(.departmentHandler, to: "wgy01") }  // no unit
            try await accounts.revoke(.communityStaff, from: "wgy01")
            await #expect(throws: GridHubError.self) { try await accounts.revoke(.communityStaff, from: "wgy01") }
            #expect(try await client.get("/api/v1/cases/\(id)", token: try await client.token("wgy01")).status == .notFound)
        }
    }
}
