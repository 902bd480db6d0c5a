import Foundation
import GridHubCore
import GridHubTestSupport
import HTTPTypes
import HummingbirdTesting
import NIOCore
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
                _ = try await client.post(
                    "/api/v1/reports", json: ["lat": p.lat, "lon": p.lon, "class_code": "E0502"], token: resident)
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

    @Test("anyone gets class suggestions for words, best first; bad text and limits are 400")
    func suggest() async throws {
        try await TestApp.runSmall(.sqlite) { client, _, _ async throws in
            let words = "路口有人推车卖水果".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let answer = try await client.get("/api/v1/catalog/suggest?text=\(words)")
            #expect(answer.status == .ok && answer.array.count == 3)
            let scores = answer.array.compactMap { $0["score"] as? Double }
            #expect(scores == scores.sorted(by: >) && answer.array.first?["name"] is String)
            #expect(try await client.get("/api/v1/catalog/suggest?text=\(words)&limit=1").array.count == 1)
            #expect(try await client.get("/api/v1/catalog/suggest").status == .badRequest)
            #expect(try await client.get("/api/v1/catalog/suggest?text=%20%20").status == .badRequest)
            #expect(try await client.get("/api/v1/catalog/suggest?text=\(words)&limit=0").status == .badRequest)
            #expect(try await client.get("/api/v1/catalog/suggest?text=\(words)&limit=11").status == .badRequest)
            let long = String(repeating: "垃", count: 201).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            #expect(try await client.get("/api/v1/catalog/suggest?text=\(long)").status == .badRequest)
        }
    }

    @Test("the grid worker confirms or corrects a case's class; others may not; bad codes write nothing")
    func classify() async throws {
        try await TestApp.runSmall(.sqlite) { client, runtime, _ async throws in
            let resident = try await client.signIn("resident")
            let worker = try await client.signIn("worker-a1")
            let p = SmallWorld.centre(of: .a1)
            let filed = try await client.post(
                "/api/v1/reports", json: ["lat": p.lat, "lon": p.lon, "text": "楼道灯不亮了，上楼黑咕隆咚"], token: resident)
            #expect(filed.status == .created && filed.object["class_code"] as? String == "C0503")
            #expect(filed.object["class_suggested"] as? Bool == true)
            let id = try #require(filed.object["case_id"] as? Int)
            let shown = try await client.get("/api/v1/cases/\(id)", token: worker)
            #expect(shown.object["class_suggested"] as? Bool == true && shown.object["may_classify"] as? Bool == true)
            func put(_ body: String, _ token: String) async throws -> TestResponse {
                try await client.execute(
                    uri: "/api/v1/cases/\(id)/class", method: .put,
                    headers: [.contentType: "application/json", .authorization: "Bearer \(token)"], body: ByteBuffer(string: body)
                )
            }
            #expect(try await put(#"{"class_code":"Z9999"}"#, worker).status == .unprocessableContent)
            #expect(try await put(#"{"class":"C0503"}"#, worker).status == .badRequest)
            #expect(try await put(#"{"class_code":""}"#, worker).status == .badRequest)
            #expect(try await put(#"{"class_code":"C0503"}"#, resident).status == .forbidden)  // their own case, not theirs to class
            #expect(try await put(#"{"class_code":"C0503"}"#, try await client.signIn("dept-ps")).status == .notFound)
            let corrected = try await put(#"{"class_code":"E0109"}"#, worker)
            #expect(corrected.status == .ok && corrected.object["class_code"] as? String == "E0109")
            #expect(corrected.object["class_suggested"] as? Bool == false)
            let timeline = try await client.get("/api/v1/cases/\(id)/timeline", token: worker)
            #expect(timeline.array.filter { $0["kind"] as? String == "classified" }.count == 1)
            let model = try await runtime.classifier.refresh()
            #expect(model.version > 0)
        }
    }
}
