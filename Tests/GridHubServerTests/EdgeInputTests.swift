import Foundation
import GridHubCore
import GridHubServer
import GridHubTestSupport
import HTTPTypes
import HummingbirdTesting
import Testing

/// Every number and date a request carries, at the 64-bit edges and beyond: each gets a 4xx (or a
/// bounded answer), and the process is still there to answer the next request.
@Suite("Edge inputs never stop the server")
struct EdgeInputTests {
    static let numbers = [
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "99999999999999999999999", "-1", "0", "1e308", "NaN", "inf", "0x10", "%00",
    ]
    static let dates = ["9999-12-31", "0000-01-01", "-271821-04-20", "2026-02-30", "275760-09-13T00:00:00Z", "1e10"]

    @Test("paging, resume points, ids, coordinates and dates at their edges are 4xx, never 5xx")
    func edges() async throws {
        try await TestApp.run(.sqlite, configure: { $0.eventStreamLifetime = 0.2 }) { client, _ async throws in
            let centre = try await client.token("zhihui")
            var uris: [String] = []
            for n in Self.numbers {
                uris += [
                    "/open311/v2/requests.json?page=\(n)", "/open311/v2/requests.json?page_size=\(n)",
                    "/open311/v2/requests.xml?page=\(n)&page_size=\(n)",
                    "/api/v1/cases?limit=\(n)", "/api/v1/cases?offset=\(n)", "/api/v1/tasks?offset=\(n)&limit=\(n)",
                    "/api/v1/me/notifications?offset=\(n)", "/api/v1/cases/\(n)", "/api/v1/cases/\(n)/timeline",
                    "/api/v1/grids/locate?lat=\(n)&lon=\(n)", "/api/v1/indicators?level=grid&id=\(n)",
                    "/api/v1/communities?street_id=\(n)", "/api/v1/events?since=\(n)",
                ]
            }
            for d in Self.dates {
                uris += [
                    "/api/v1/cases?from=\(d)", "/api/v1/cases?to=\(d)", "/api/v1/indicators?from=\(d)",
                    "/api/v1/indicators?from=2000-01-01&to=2099-12-31", "/open311/v2/requests.json?start_date=\(d)",
                ]
            }
            for uri in uris {
                let r = try await client.get(uri, token: centre)
                #expect(r.status.code < 500, "\(uri) → \(r.status.code)")
                if r.status.code >= 400 {
                    #expect(!r.text.isEmpty, "\(uri) says why")
                }
            }
            #expect(try await client.get("/healthz").status == .ok)
        }
    }

    @Test("the stream's resume point at the 64-bit edges is refused; a valid old one resumes within a day")
    func streamResume() async throws {
        try await TestApp.run(.sqlite, configure: { $0.eventStreamLifetime = 0.2 }) { client, _ async throws in
            let centre = try await client.token("zhihui")
            for n in ["-9223372036854775808", "9223372036854775807", "-1"] {
                let r = try await client.get("/api/v1/events?since=\(n)", token: centre)
                #expect(r.status == .badRequest && r.errorCode == "invalid_since", "\(n)")
            }
            #expect(try await client.get("/api/v1/events?since=0", token: centre).status == .ok)
        }
    }
}
