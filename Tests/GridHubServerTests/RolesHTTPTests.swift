import Foundation
import GridHubCore
import GridHubStore
import GridHubTestSupport
import HummingbirdTesting
import Testing

@Suite("An account holding several roles")
struct RolesHTTPTests {
    @Test(
        "a grid worker made community staff of another community reads and returns its cases, and loses it all when revoked",
        arguments: Engine.all)
    func furtherRole(engine: Engine) async throws {
        try await TestApp.runSmall(engine) { client, runtime, world async throws in
            let id = try await NoticeHTTPTests.report(client, in: .b1, "E0301")
            #expect(try await client.get("/api/v1/cases/\(id)", token: try await client.signIn("worker-a1")).status == .notFound)

            let accounts = AccountStore(database: runtime.database)
            try await accounts.grant(.communityStaff, to: "worker-a1", communityID: world.grid(.b1).communityID)
            let both = try await client.signIn("worker-a1")
            let me = try await client.get("/api/v1/me", token: both).object
            #expect((me["more_roles"] as? [[String: Any]])?.first?["role"] as? String == "community_staff")
            #expect((me["capabilities"] as? [String])?.contains("case.return") == true)  // held as community staff only
            let seen = try await client.get("/api/v1/cases/\(id)", token: both)
            #expect(seen.status == .ok)
            #expect(seen.object["allowed_actions"] as? [String] == ["verify", "reject"])
            _ = try await WorkflowHTTPTests.act(client, id, "verify", token: both)
            // Self-handling is a grid worker's, and worker-a1 is not b1's grid worker.
            let refused = try await WorkflowHTTPTests.act(client, id, "self_handle", token: both)
            #expect(refused.status == .forbidden && refused.errorCode == "outside_your_units")

            await #expect(throws: GridHubError.self) { try await accounts.grant(.gridWorker, to: "worker-a1") }  // the main role
            await #expect(throws: GridHubError.self) { try await accounts.grant(.departmentHandler, to: "worker-a1") }  // no unit
            try await accounts.revoke(.communityStaff, from: "worker-a1")
            await #expect(throws: GridHubError.self) { try await accounts.revoke(.communityStaff, from: "worker-a1") }
            #expect(try await client.get("/api/v1/cases/\(id)", token: try await client.signIn("worker-a1")).status == .notFound)
        }
    }
}
