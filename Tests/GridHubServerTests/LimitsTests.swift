import Foundation
import GridHubCore
import GridHubTestSupport
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import GridHubServer

@Suite("Limits and methods")
struct LimitsTests {
    @Test("one account holds at most its quota of live streams; a closed one frees its place")
    func streamQuota() async throws {
        let quota = StreamQuota(perAccount: 2)
        try await quota.open(7)
        try await quota.open(7)
        await #expect(throws: GridHubError.self) { try await quota.open(7) }
        try await quota.open(8)
        await quota.close(7)
        try await quota.open(7)
    }

    @Test("a known path asked with another method is 405 with Allow; an unknown path stays 404")
    func methodNotAllowed() async throws {
        try await TestApp.run(.sqlite) { client, _ async throws in
            for method in [HTTPRequest.Method.trace, .put, .delete, .patch] {
                let r = try await client.execute(uri: "/api/v1/cases/1", method: method, headers: [:], body: nil)
                #expect(r.status == .methodNotAllowed && r.headers[.allow] == "GET", "\(method)")
            }
            let open311 = try await client.execute(uri: "/open311/v2/requests.json", method: .delete, headers: [:], body: nil)
            #expect(open311.status == .methodNotAllowed && open311.headers[.allow] == "GET, POST")
            let get = try await client.get("/api/v1/reports")
            #expect(get.status == .methodNotAllowed && get.headers[.allow] == "POST")
            #expect(try await client.execute(uri: "/api/v1/nowhere", method: .trace, headers: [:], body: nil).status == .notFound)
        }
    }

    @Test("a signed-in person may not hold more live streams than the quota")
    func streamsOverHTTP() async throws {
        try await TestApp.run(.sqlite, configure: { $0.streamsPerAccount = 0; $0.eventStreamLifetime = 0.2 }) { client, _ async throws in
            let r = try await client.get("/api/v1/events", token: try await client.token("zhihui"))
            #expect(r.status == .tooManyRequests && r.errorCode == "too_many_streams")
        }
    }
}
