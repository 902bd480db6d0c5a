import Foundation
import GridHubCore
import GridHubServer
import GridHubStore
import GridHubTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("The registry over HTTP")
struct RegistryHTTPTests {
    @Test(
        "a resident is answered masked; bad input is 422 and writes nothing; a reveal is 403 without the capability and audited with it",
        arguments: Engine.all)
    func residents(engine: Engine) async throws {
        try await TestApp.runSmall(engine) { client, runtime, world async throws in
            let staff = try await client.signIn("staff-a")
            let (building, unit) = try await world.firstUnit(of: .a1, in: runtime.database)
            let home = try await client.post(
                "/api/v1/households", json: ["building_id": building, "unit_id": unit, "room": "502", "party_member": true],
                token: staff)
            #expect(home.status == .created)
            let homeID = try #require(home.object["id"] as? Int)
            let id = People.idNumber(born: "19380205", sequence: 7, male: true)
            var wrong = Array(id)
            wrong[17] = wrong[17] == "1" ? "2" : "1"
            let refused = try await client.post(
                "/api/v1/households/\(homeID)/residents", json: ["name": "刘德福", "id_number": String(wrong)], token: staff)
            #expect(refused.status == .unprocessableContent && refused.errorCode == "invalid_id_number")
            #expect(try await SmallWorld.count("residents", in: runtime.database) == 0)
            let added = try await client.post(
                "/api/v1/households/\(homeID)/residents",
                json: ["name": "刘德福", "id_number": id, "phone": "138 0431 2266", "relation": "户主", "tags": ["独居老人"]],
                token: staff)
            #expect(added.status == .created)
            let residentID = try #require(added.object["id"] as? Int)
            #expect(
                added.object["id_number"] as? String == IDNumber.mask(id) && added.object["phone"] as? String == "138****2266")
            #expect((added.object["tags"] as? [String]) == ["aged_80", "living_alone"])
            #expect(!added.text.contains(id) && !added.text.contains("13804312266"))

            let found = try await client.get("/api/v1/residents?q=%E5%88%98", token: staff)
            #expect(found.array.map { $0["id"] as? Int } == [residentID] && !found.text.contains(id))
            #expect(
                try await client.get("/api/v1/residents/\(residentID)", token: try await client.signIn("staff-b")).status
                    == .notFound)

            let worker = try await client.signIn("worker-a1")
            #expect(try await client.get("/api/v1/residents/\(residentID)", token: worker).status == .ok)
            let forbidden = try await client.post(
                "/api/v1/residents/\(residentID)/reveal", json: ["field": "id_number", "reason": "核对身份"], token: worker)
            #expect(forbidden.status == .forbidden)
            let revealed = try await client.post(
                "/api/v1/residents/\(residentID)/reveal", json: ["field": "id_number", "reason": "核对身份"], token: staff)
            #expect(revealed.status == .ok && revealed.object["value"] as? String == id)
            #expect(revealed.headers[.cacheControl] == "no-store")
            let reads = try await client.get("/api/v1/residents/\(residentID)/reads", token: staff)
            #expect(reads.array.first?["action"] as? String == "resident.reveal")
            #expect(reads.array.contains { $0["actor"] as? String == "worker-a1" })

            // A sheet with one bad line is refused whole, naming the line.
            let sheet = "楼号,单元,房号,姓名,身份证号\n1号楼,1单元,601,甲,\(People.idNumber(born: "19800101"))\n1号楼,1单元,602,乙,\(String(wrong))\n"
            let imported = try await client.post(
                "/api/v1/residents/import", raw: sheet, contentType: "text/csv", token: staff)
            #expect(imported.status == .unprocessableContent)
            let problems = imported.object["problems"] as? [[String: Any]] ?? []
            #expect(problems.map { $0["line"] as? Int } == [3] && imported.object["written"] as? Int == 0)
            #expect(try await SmallWorld.count("residents", in: runtime.database) == 1)
            let exported = try await client.get("/api/v1/residents/export", token: staff)
            #expect(exported.status == .ok && exported.text.contains("刘德福") && !exported.text.contains(id))
        }
    }

    @Test("a worker records a visit that becomes a case naming the resident masked", arguments: Engine.all)
    func visitToCase(engine: Engine) async throws {
        try await TestApp.runSmall(engine) { client, runtime, world async throws in
            let staff = try await client.signIn("staff-a")
            let (building, unit) = try await world.firstUnit(of: .a1, in: runtime.database)
            let home = try await client.post(
                "/api/v1/households", json: ["building_id": building, "unit_id": unit, "room": "101"], token: staff)
            let homeID = try #require(home.object["id"] as? Int)
            let added = try await client.post(
                "/api/v1/households/\(homeID)/residents", json: ["name": "赵桂兰", "birth_date": "1941-06-01", "tags": ["独居老人"]],
                token: staff)
            let residentID = try #require(added.object["id"] as? Int)
            let worker = try await client.signIn("worker-a1")
            let visit = try await client.post(
                "/api/v1/visits",
                json: ["resident_id": residentID, "condition": "urgent", "notes": "老人摔倒后行动不便", "needs": "独居老人求助：需要上门助餐"],
                token: worker)
            #expect(visit.status == .created)
            let visitID = try #require(visit.object["id"] as? Int)
            #expect(
                try await client.post(
                    "/api/v1/visits", json: ["resident_id": residentID, "condition": "good", "notes": "ok"],
                    token: try await client.signIn("worker-b1")
                ).status == .notFound)
            // An Idempotency-Key of the full 200 characters is fine (the desk keys the report by its digest).
            let filed = try await client.post(
                "/api/v1/visits/\(visitID)/case", json: [:], token: worker,
                headers: [HTTPField.Name("Idempotency-Key")!: String(repeating: "k", count: 200)])
            #expect(filed.status == .created)
            let caseID = try #require(filed.object["case_id"] as? Int)
            let filedCase = try await client.get("/api/v1/cases/\(caseID)", token: worker)
            #expect(filedCase.text.contains("赵**") && !filedCase.text.contains("赵桂兰") && filedCase.text.contains("助餐"))
            #expect(try await client.get("/api/v1/visits/\(visitID)", token: worker).object["case_id"] as? Int == caseID)
            #expect(try await client.post("/api/v1/visits/\(visitID)/case", json: [:], token: worker).status == .conflict)
        }
    }
}
