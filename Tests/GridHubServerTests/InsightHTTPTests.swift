import Foundation
import GridHubCore
import GridHubTestSupport
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("Insight over HTTP: 部门考核 and hotspots")
struct InsightHTTPTests {
    @Test("the centre reads the month as JSON or CSV; bad months and weights are 4xx; departments may not read it")
    func evaluation() async throws {
        try await TestApp.runSmall(.sqlite) { client, _, _ async throws in
            let centre = try await client.signIn("centre")
            let table = try await client.get("/api/v1/insight/evaluation?month=2026-11", token: centre)
            #expect(table.status == .ok && table.array.map { $0["rank"] as? Int } == (1...table.array.count).map { $0 })
            let csv = try await client.get("/api/v1/insight/evaluation?month=2026-11&format=csv", token: centre)
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.text.contains("名次,部门代码,部门,受理") && csv.headers[.contentDisposition]?.contains("2026-11") == true)
            #expect(
                try await client.get("/api/v1/insight/evaluation?month=2026-13", token: centre).status == .unprocessableContent)
            #expect(try await client.get("/api/v1/insight/evaluation?month=soon", token: centre).status == .badRequest)
            #expect(try await client.get("/api/v1/insight/evaluation?format=pdf", token: centre).status == .badRequest)
            #expect(
                try await client.get("/api/v1/insight/evaluation?weights=1,1,1,1,1,1", token: centre).status
                    == .unprocessableContent)
            #expect(try await client.get("/api/v1/insight/evaluation?weights=1,0", token: centre).status == .badRequest)
            #expect(
                try await client.get("/api/v1/insight/evaluation", token: try await client.signIn("dept-ps")).status == .forbidden
            )
            #expect(try await client.get("/api/v1/insight/evaluation").status == .unauthorized)
        }
    }

    @Test("hotspots: the centre scans a period; bad classes and periods are 4xx; a resident may not")
    func hotspots() async throws {
        try await TestApp.runSmall(.sqlite) { client, _, _ async throws in
            let centre = try await client.signIn("centre")
            let resident = try await client.signIn("resident")
            let p = SmallWorld.centre(of: .a1)
            for _ in 0..<3 {
                _ = try await client.post("/api/v1/reports", json: ["lat": p.lat, "lon": p.lon, "class_code": "E0502"], token: resident)
            }
            let scan = try await client.get("/api/v1/insight/hotspots?class=E05", token: centre)
            #expect(scan.status == .ok && scan.object["reports"] as? Int == 1)  // near-duplicates joined one case
            #expect(scan.object["hotspots"] is [Any] && scan.object["recurring"] is [Any])
            #expect(try await client.get("/api/v1/insight/hotspots?class=E0", token: centre).status == .badRequest)
            #expect(try await client.get("/api/v1/insight/hotspots?class=X0502", token: centre).status == .badRequest)
            #expect(
                try await client.get("/api/v1/insight/hotspots?from=2026-11-02&to=2026-11-01", token: centre).status
                    == .unprocessableContent)
            #expect(
                try await client.get("/api/v1/insight/hotspots?from=2020-01-01&to=2026-01-01", token: centre).status
                    == .unprocessableContent)
            #expect(try await client.get("/api/v1/insight/hotspots", token: resident).status == .forbidden)
        }
    }
}
