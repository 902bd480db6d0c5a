import Foundation
import GridHubCore
import GridHubServer
import GridHubTestSupport
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("The case workflow over HTTP")
struct WorkflowHTTPTests {
    static func act(
        _ client: any TestClientProtocol, _ id: Int, _ action: String, token: String, extra: [String: Any] = [:]
    ) async throws -> TestResponse {
        try await client.post("/api/v1/cases/\(id)/actions", json: ["action": action].merging(extra) { $1 }, token: token)
    }

    @Test(
        "a resident's report is verified, accepted, dispatched to 排水, handled with a photo, checked, closed and rated",
        arguments: Engine.all)
    func drainage(engine: Engine) async throws {
        try await TestApp.runSmall(engine) { client, _, _ async throws in
            let resident = try await client.signIn("resident")
            let worker = try await client.signIn("worker-a1")
            let centre = try await client.signIn("centre")
            let ps = try await client.signIn("dept-ps")
            let p = SmallWorld.centre(of: .a1)
            let filed = try await client.post(
                "/api/v1/reports", json: ["lat": p.lat, "lon": p.lon, "class_code": "E0404", "description": "下水外溢"],
                token: resident)
            let id = try #require(filed.object["case_id"] as? Int)

            let verify = try await Self.act(client, id, "verify", token: worker)
            #expect(verify.status == .ok && verify.object["state"] as? String == "verifying")
            let tasks = try await client.get("/api/v1/tasks?queue=verify", token: worker)
            #expect((tasks.object["items"] as? [[String: Any]])?.contains { $0["id"] as? Int == id } == true)
            #expect(try await Self.act(client, id, "accept", token: centre).object["state"] as? String == "accepted")
            let triage = try await client.get("/api/v1/tasks", token: centre)
            #expect(triage.object["queue"] as? String == "triage")
            #expect((triage.object["items"] as? [[String: Any]])?.contains { $0["id"] as? Int == id } == true)
            let suggestion = try await client.get("/api/v1/cases/\(id)/dispatch-suggestion", token: centre)
            #expect(suggestion.object["lead_department"] as? String == "PS")
            let dispatched = try await Self.act(client, id, "dispatch", token: centre)
            #expect(dispatched.object["state"] as? String == "dispatched" && dispatched.object["due_at"] is String)

            let queue = try await client.get("/api/v1/tasks?queue=handle", token: ps)
            let item = try #require((queue.object["items"] as? [[String: Any]])?.first { $0["id"] as? Int == id })
            #expect(queue.object["total_capped"] as? Bool == false)
            // Keyset paging (WorkListPagingTests has the pages): the one page has no `next`; after the end of the
            // list (no due time, reported at 0) nothing is left; a malformed cursor is a 400, one beside an offset a 422.
            #expect(queue.object["next"] == nil && queue.object["total"] as? Int == 1)
            let past = try await client.get("/api/v1/tasks?queue=handle&after=n.0.1", token: ps)
            #expect(past.status == .ok && (past.object["items"] as? [[String: Any]])?.isEmpty == true)
            #expect(try await client.get("/api/v1/tasks?queue=handle&after=x.1.2", token: ps).errorCode == "invalid_after")
            #expect(
                try await client.get("/api/v1/tasks?queue=handle&offset=1&after=n.0.1", token: ps).errorCode
                    == "after_with_offset")
            #expect(item["allowed_actions"] as? [String] == ["start", "return"])
            #expect(try await Self.act(client, id, "start", token: ps).status == .ok)
            let handled = try await client.postMultipart(
                "/api/v1/cases/\(id)/actions", fields: ["action": "handle", "note": "已疏通管道"], files: [Fixtures.jpegWithGPS],
                token: ps)
            #expect(handled.status == .ok && handled.object["state"] as? String == "handled")
            #expect(try await Self.act(client, id, "check", token: worker).status == .ok)
            #expect(try await Self.act(client, id, "close", token: worker).object["state"] as? String == "closed")

            let rated = try await client.post("/api/v1/cases/\(id)/rating", json: ["rating": "satisfied"], token: resident)
            #expect(rated.status == .ok && rated.object["rating"] as? String == "satisfied")
            let again = try await client.post("/api/v1/cases/\(id)/rating", json: ["rating": "dissatisfied"], token: resident)
            #expect(again.status == .conflict && again.errorCode == "already_rated")

            let timeline = try await client.get("/api/v1/cases/\(id)/timeline", token: resident)
            #expect(
                timeline.array.map { $0["kind"] as? String ?? "" } == [
                    "reported", "verify", "accept", "dispatch", "start", "handle", "check", "close", "rated",
                ])
            let notes = try await client.get("/api/v1/me/notifications", token: resident)
            let kinds = notes.array.filter { $0["case_id"] as? Int == id }.map { $0["kind"] as? String ?? "" }
            #expect(kinds == ["close", "handle", "dispatch", "accept"])
            let firstID = try #require(notes.array.first?["id"] as? Int)
            let one = try await client.post("/api/v1/me/notifications/read", json: ["ids": [firstID]], token: resident)
            #expect(one.object["marked"] as? Int == 1)
            let rest = try await client.post("/api/v1/me/notifications/read", json: [:], token: resident)
            #expect(rest.object["marked"] as? Int == notes.array.count - 1)
            let after = try await client.get("/api/v1/me/notifications", token: resident)
            #expect(after.array.allSatisfy { $0["read"] as? Bool == true })
            // Someone else's notifications are not touched by naming their ids.
            let other = try await client.post("/api/v1/me/notifications/read", json: ["ids": [firstID]], token: ps)
            #expect(other.object["marked"] as? Int == 0)
        }
    }

    @Test("a whistle summons three departments, who report in and finish; the street rates a part", arguments: Engine.all)
    func whistle(engine: Engine) async throws {
        try await TestApp.run(engine) { client, runtime async throws in
            let worker = try await client.token("wgy01")
            let centre = try await client.token("zhihui")
            let p = try Fixtures.center(runtime, grid: Fixtures.grid1)
            let filed = try await client.post(
                "/api/v1/reports", json: ["lat": p.lat + 0.0004, "lon": p.lon, "class_code": "E0506", "description": "僵尸车"],
                token: try await client.token("jumin12"))
            let id = try #require(filed.object["case_id"] as? Int)
            _ = try await Self.act(client, id, "verify", token: worker)
            _ = try await Self.act(client, id, "accept", token: centre)
            let bad = try await Self.act(client, id, "whistle", token: centre, extra: ["departments": ["JJ"]])
            #expect(bad.status == .unprocessableContent && bad.errorCode == "invalid_departments")
            let whistled = try await Self.act(client, id, "whistle", token: centre, extra: ["report_in_minutes": 45])
            #expect(whistled.object["whistle"] as? Bool == true)
            let summons = try await client.get("/api/v1/cases/\(id)/summons", token: centre)
            #expect(summons.array.map { $0["department_code"] as? String ?? "" } == ["JJ", "PCS", "ZF"])

            for user in ["bm-jj", "bm-pcs", "bm-zf"] {
                let token = try await client.token(user)
                let queue = try await client.get("/api/v1/tasks?queue=whistle", token: token)
                #expect((queue.object["items"] as? [[String: Any]])?.contains { $0["id"] as? Int == id } == true, "\(user)")
                #expect(try await client.post("/api/v1/cases/\(id)/report-in", json: [:], token: token).status == .ok)
            }
            let outsider = try await client.post(
                "/api/v1/cases/\(id)/report-in", json: [:], token: try await client.token("bm-ps"))
            #expect(outsider.status == .notFound)
            for user in ["bm-jj", "bm-pcs"] {
                let r = try await client.post(
                    "/api/v1/cases/\(id)/part-done", json: ["note": "完成"], token: try await client.token(user))
                #expect(r.object["state"] as? String == "in_progress")
            }
            let last = try await client.postMultipart(
                "/api/v1/cases/\(id)/part-done", fields: ["note": "已拖移"], files: [Fixtures.jpegWithGPS],
                token: try await client.token("bm-zf"))
            #expect(last.object["state"] as? String == "handled")
            _ = try await Self.act(client, id, "check", token: worker)
            _ = try await Self.act(client, id, "close", token: worker)
            let score = try await client.post("/api/v1/cases/\(id)/summons/ZF/score", json: ["score": 4], token: centre)
            #expect(score.status == .noContent)
            let zf = try #require(
                try await client.get("/api/v1/cases/\(id)/summons", token: centre).array.first {
                    $0["department_code"] as? String == "ZF"
                })
            #expect(zf["score"] as? Int == 4)

            // The indicators of the last hour hold exactly this case, for the department and for the grid.
            let from = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-3_600))
            let departmentID = try #require(zf["department_id"] as? Int)
            let dept = try await client.get("/api/v1/indicators?level=department&id=\(departmentID)&from=\(from)", token: centre)
            let d = try #require(dept.object["indicators"] as? [String: Any])
            #expect(d["reports"] as? Int == 1 && d["closed"] as? Int == 1 && d["accepted"] as? Int == 1)
            #expect(
                d["response_rate"] as? Double == 1 && d["on_time_closing_rate"] as? Double == 1
                    && d["rework_rate"] as? Double == 0)
            let gridID = try #require(runtime.directory.current.gridsByCode[Fixtures.grid1]?.id)
            let grid = try await client.get("/api/v1/indicators?level=grid&id=\(gridID)&from=\(from)", token: centre)
            let g = try #require(grid.object["indicators"] as? [String: Any])
            #expect(g["reports"] as? Int == 1 && g["closed"] as? Int == 1 && g["overdue"] as? Int == 0)
        }
    }

    @Test("illegal moves get 409 naming the state; other roles 403; other scopes 404; bad bodies 400", arguments: Engine.all)
    func refusals(engine: Engine) async throws {
        try await TestApp.run(engine) { client, runtime async throws in
            let resident = try await client.token("jumin13")
            let p = try Fixtures.center(runtime, grid: Fixtures.grid1)
            let filed = try await client.post(
                "/api/v1/reports", json: ["lat": p.lat - 0.0004, "lon": p.lon, "class_code": "C0113"], token: resident)
            let id = try #require(filed.object["case_id"] as? Int)
            let centre = try await client.token("zhihui")
            let close = try await Self.act(client, id, "close", token: centre)
            #expect(close.status == .conflict && close.errorCode == "illegal_transition")
            #expect((close.object["message"] as? String)?.contains("reported") == true)
            #expect(try await Self.act(client, id, "accept", token: resident).status == .forbidden)
            #expect(try await Self.act(client, id, "verify", token: try await client.token("lingdao")).status == .forbidden)
            #expect(try await Self.act(client, id, "verify", token: try await client.token("wgy11")).status == .notFound)
            #expect(try await Self.act(client, id, "fly", token: centre).errorCode == "invalid_action")
            #expect(try await client.post("/api/v1/cases/\(id)/actions", raw: "{", token: centre).status == .badRequest)
            #expect(try await Self.act(client, 999_999, "verify", token: centre).status == .notFound)
            #expect(try await Self.act(client, id, "reject", token: centre).errorCode == "missing_note")
            #expect(
                try await client.post("/api/v1/cases/\(id)/rating", json: ["rating": "great"], token: resident).errorCode
                    == "invalid_rating")
            let notYours = try await client.get("/api/v1/tasks?queue=triage", token: resident)
            #expect(notYours.status == .forbidden && notYours.errorCode == "not_your_queue")
            #expect(try await client.get("/api/v1/tasks?queue=nap", token: resident).errorCode == "invalid_queue")
            #expect(try await client.post("/api/v1/cases/\(id)/actions", json: ["action": "verify"]).status == .unauthorized)
        }
    }

    @Test("indicators are computed per unit, within scope, with configurable weights", arguments: Engine.all)
    func indicators(engine: Engine) async throws {
        try await TestApp.run(engine) { client, _ async throws in
            let centre = try await client.token("zhihui")
            let street = try await client.get("/api/v1/indicators?level=street&from=2026-01-01&to=2027-01-01", token: centre)
            let i = try #require(street.object["indicators"] as? [String: Any])
            #expect((i["reports"] as? Int ?? 0) > 250 && (i["closed"] as? Int ?? 0) > 100)
            for rate in [
                "acceptance_rate", "on_time_closing_rate", "satisfaction_rate", "response_rate", "resolution_rate", "composite",
            ] {
                let v = try #require(i[rate] as? Double, "\(rate)")
                #expect(v > 0 && v <= 1, "\(rate)")
            }
            let weighted = try await client.get("/api/v1/indicators?from=2026-01-01&to=2027-01-01&weights=0,0,1", token: centre)
            #expect(
                ((weighted.object["indicators"] as? [String: Any])?["composite"] as? Double) == i["satisfaction_rate"] as? Double)
            let staff = try await client.token("sq01")
            #expect(try await client.get("/api/v1/indicators?level=community&id=1", token: staff).status == .ok)
            #expect(try await client.get("/api/v1/indicators?level=community&id=2", token: staff).status == .forbidden)
            #expect(try await client.get("/api/v1/indicators?level=street", token: staff).status == .forbidden)
            #expect(try await client.get("/api/v1/indicators?level=planet&id=1", token: centre).errorCode == "invalid_level")
            #expect(try await client.get("/api/v1/indicators?weights=1,1,1", token: centre).errorCode == "weights_sum")
            #expect(
                try await client.get("/api/v1/indicators?from=2027-01-01&to=2026-01-01", token: centre).errorCode
                    == "empty_range")
        }
    }
}
