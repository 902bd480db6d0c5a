import Foundation
import GridHubCore
import GridHubTestSupport
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("部门考核 over HTTP")
struct EvaluationHTTPTests {
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
}
