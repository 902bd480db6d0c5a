import Foundation
import GridHubCore
import GridHubServer
import GridHubStore
import GridHubTestSupport
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// What a stranger, a guesser or a role past its remit can no longer do.
@Suite("Hardening over HTTP")
struct HardeningTests {
    @Test("every answer says nosniff and refuses framing; a photo is served as the image it is")
    func headers() async throws {
        try await TestApp.run(.sqlite) { client, runtime async throws in
            for uri in ["/healthz", "/api/v1/grids", "/no-such-page", "/open311/v2/services.json"] {
                let r = try await client.get(uri)
                #expect(r.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff", "\(uri)")
                #expect(r.headers[HTTPField.Name("X-Frame-Options")!] == "DENY", "\(uri)")
            }
        }
    }

    @Test("the leader changes nothing: no report on any channel, no move, no rating; reads still work")
    func leader() async throws {
        try await TestApp.run(.sqlite) { client, runtime async throws in
            let leader = try await client.token("lingdao")
            let p = try Fixtures.center(runtime, grid: Fixtures.grid1)
            let before = try await InstancesTests.count(runtime, "cases")
            for channel in ["hotline", "web"] {
                let r = try await client.post(
                    "/api/v1/reports", json: ["lat": p.lat, "lon": p.lon, "class_code": "E0101", "channel": channel],
                    token: leader)
                #expect(r.status == .forbidden && r.errorCode == "read_only_role", "\(channel)")
            }
            for (uri, body) in [
                ("/api/v1/cases/1/actions", ["action": "verify"]), ("/api/v1/cases/1/rating", ["rating": "satisfied"]),
                ("/api/v1/cases/1/report-in", [:]), ("/api/v1/cases/1/extension/decision", ["approve": true]),
            ] as [(String, [String: Any])] {
                let r = try await client.post(uri, json: body, token: leader)
                #expect(r.status == .forbidden && r.errorCode == "read_only_role", "\(uri)")
            }
            #expect(try await InstancesTests.count(runtime, "cases") == before)
            #expect(try await client.get("/api/v1/cases", token: leader).status == .ok)
            #expect(try await client.get("/api/v1/indicators", token: leader).status == .ok)
            #expect(try await client.get("/api/v1/indicators?level=street&id=999", token: leader).status == .forbidden)
        }
    }

    @Test("a move's photos are stored only once the mover may make it")
    func photosAfterPermission() async throws {
        try await TestApp.run(.sqlite) { client, runtime async throws in
            let resident = try await client.token("jumin02")
            let photos = try await InstancesTests.count(runtime, "photos")
            let files = try FileManager.default.subpathsOfDirectory(atPath: runtime.configuration.photoDirectory.path).count
            let r = try await client.postMultipart(
                "/api/v1/cases/1/actions", fields: ["action": "handle", "note": "done"], files: [Fixtures.jpegWithGPS],
                token: resident)
            #expect(r.status == .forbidden || r.status == .notFound)
            #expect(try await InstancesTests.count(runtime, "photos") == photos)
            #expect(try FileManager.default.subpathsOfDirectory(atPath: runtime.configuration.photoDirectory.path).count == files)
        }
    }

    @Test("crafted photos are refused with a 4xx and store nothing: HTML behind a PNG signature, a pixel bomb, trailing data")
    func craftedPhotos() async throws {
        try await TestApp.run(.sqlite) { client, runtime async throws in
            let resident = try await client.token("jumin02")
            let p = try Fixtures.center(runtime, grid: Fixtures.grid1)
            let html = Array("<html><script>alert(document.cookie)</script></html>".utf8)
            let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
                func be(_ n: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: n >> (24 - 8 * $0)) } }
                let body = Array(type.utf8) + data
                return be(data.count) + body + be(Int(Self.crc(body)))
            }
            let bomb = signature + chunk("IHDR", [0, 0, 0x75, 0x30, 0, 0, 0x75, 0x30, 8, 2, 0, 0, 0]) + chunk("IEND", [])
            let before = try await InstancesTests.count(runtime, "cases")
            for (file, code) in [
                (signature + html, "invalid_image"), (bomb, "image_too_large"), (Fixtures.jpegWithGPS + html, "trailing_data"),
            ] {
                let r = try await client.postMultipart(
                    "/api/v1/reports", fields: ["lat": "\(p.lat)", "lon": "\(p.lon)", "class_code": "E0101"], files: [file],
                    token: resident)
                #expect(r.status == .unprocessableContent && r.errorCode == code, "\(code): \(r.text)")
            }
            #expect(try await InstancesTests.count(runtime, "cases") == before)
        }
    }

    @Test("a move's fields are bounded whatever the move: merge_into 0 or report_in_minutes 2 is a 400 and moves nothing")
    func moveFieldBounds() async throws {
        try await TestApp.runSmall(.sqlite) { client, _, _ async throws in
            let p = SmallWorld.centre(of: .a1)
            let filed = try await client.post(
                "/api/v1/reports", json: ["lat": p.lat, "lon": p.lon, "class_code": "E0101"],
                token: try await client.signIn("resident"))
            let id = try #require(filed.object["case_id"] as? Int)
            let worker = try await client.signIn("worker-a1")
            let form = try await client.postMultipart(
                "/api/v1/cases/\(id)/actions", fields: ["action": "verify", "merge_into": "0"], files: [], token: worker)
            #expect(form.status == .badRequest)
            let json = try await client.post(
                "/api/v1/cases/\(id)/actions", json: ["action": "verify", "report_in_minutes": 2], token: worker)
            #expect(json.status == .badRequest)
            #expect(try await client.get("/api/v1/cases/\(id)", token: worker).object["state"] as? String == "reported")
        }
    }

    @Test("a form of too many parts is refused before it is stored")
    func tooManyParts() async throws {
        try await TestApp.run(.sqlite) { client, runtime async throws in
            var fields: [String: String] = ["lat": "43.8", "lon": "125.3"]
            for i in 0..<100 { fields["x\(i)"] = "y" }
            let r = try await client.postMultipart(
                "/api/v1/reports", fields: fields, files: [], token: try await client.token("jumin02"))
            #expect(r.status == .contentTooLarge && r.errorCode == "too_many_parts")
        }
    }

    @Test("Open311 publishes no personal data, and its links come from the public URL, never from Host")
    func open311() async throws {
        try await TestApp.run(.sqlite, configure: { $0.publicURL = "https://gridhub.example.cn/" }) {
            client, runtime async throws in
            let key = try await Open311Fixture.key(runtime)
            let p = try Fixtures.center(runtime, grid: Fixtures.grid1)
            let posted = try await client.postMultipart(
                "/open311/v2/requests.json",
                fields: [
                    "api_key": key, "service_code": "E0404", "lat": "\(p.lat)", "long": "\(p.lon)", "description": "下水外溢",
                    "first_name": "张", "last_name": "三", "phone": "13912345678", "email": "z@example.cn",
                ],
                files: [Fixtures.jpegWithGPS])
            let id = try #require(Open311Fixture.requestID(posted, .json))
            // A second reporter joins with words of their own.
            let again = try await client.post(
                "/api/v1/reports",
                json: ["lat": p.lat, "lon": p.lon, "class_code": "E0404", "description": "我家楼下也冒水，电话13800000000"],
                token: try await client.token("jumin07"))
            #expect(again.status == .ok)
            let worker = try await client.token("wgy01")
            var query = CaseQuery()
            query.trackingNumbers = [id]
            let caseID = try #require(
                try await CaseStore(database: runtime.database).cases(in: .street(1), query).items.first?.id)
            #expect(
                try await WorkflowHTTPTests.act(client, Int(caseID), "verify", token: worker, extra: ["note": "已到现场"]).status
                    == .ok)
            let answer = try await client.execute(
                uri: "/open311/v2/requests/\(id).json?extensions=true", method: .get,
                headers: [HTTPField.Name("Host")!: "evil.example", HTTPField.Name("X-Forwarded-Proto")!: "https"], body: nil)
            let text = answer.text
            for secret in [
                "13800000000", "13912345678", "z@example.cn", "张", "evil.example", "网格员01", "wgy01", "jumin07", "open311:",
            ] {
                #expect(!text.contains(secret), "\(secret) is published")
            }
            #expect(text.contains("https://gridhub.example.cn/api/v1/photos/") && text.contains("已到现场"))
            let discovery = try await client.get("/open311/v2/discovery.json")
            #expect(discovery.text.contains("https://gridhub.example.cn/open311/v2"))
        }
    }

    @Test("a short GRIDHUB_JWT_SECRET stops start-up with a clear error; a long one is used as given")
    func shortSecret() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString)").path
        #expect(throws: GridHubError.self) { try Secret.load(path: path, environment: ["GRIDHUB_JWT_SECRET": "short"]) }
        #expect(!FileManager.default.fileExists(atPath: path))
        let long = String(repeating: "k", count: 40)
        #expect(try Secret.load(path: path, environment: ["GRIDHUB_JWT_SECRET": long]) == Array(long.utf8))
    }

    static func crc(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            c ^= UInt32(byte)
            for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        }
        return c ^ 0xFFFF_FFFF
    }
}

@Suite("Idempotency-Key on every POST")
struct IdempotencyHTTPTests {
    @Test(
        "a retried workflow move and a retried rating get the first answer and write nothing; a new body under the key is 422",
        arguments: Engine.all)
    func retries(engine: Engine) async throws {
        try await TestApp.run(engine) { client, runtime async throws in
            let resident = try await client.token("jumin13")
            let worker = try await client.token("wgy01")
            let p = try Fixtures.center(runtime, grid: Fixtures.grid1)
            let filed = try await client.post(
                "/api/v1/reports", json: ["lat": p.lat, "lon": p.lon, "class_code": "E0101", "description": "垃圾桶满了"],
                token: resident)
            let id = try #require(filed.object["case_id"] as? Int)
            #expect(filed.object["merged"] as? Bool == false, "a case of its own")
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "move-\(UUID().uuidString)"]
            let first = try await client.post(
                "/api/v1/cases/\(id)/actions", json: ["action": "verify"], token: worker, headers: key)
            #expect(first.status == .ok && first.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
            let again = try await client.post(
                "/api/v1/cases/\(id)/actions", json: ["action": "verify"], token: worker, headers: key)
            #expect(
                again.status == .ok && again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true" && again.text == first.text
            )
            let other = try await client.post(
                "/api/v1/cases/\(id)/actions", json: ["action": "accept"], token: worker, headers: key)
            #expect(other.status == .unprocessableContent && other.errorCode == "idempotency_key_reused")
            // Without the key the same move is refused by the workflow: it is already made.
            #expect(
                try await client.post("/api/v1/cases/\(id)/actions", json: ["action": "verify"], token: worker).status
                    == .conflict)
            let timeline = try await CaseStore(database: runtime.database).timeline(caseID: Int64(id)).map(\.kind)
            #expect(timeline == [.reported, .verify])

            // A rating, retried after a lost answer.
            try await runtime.database.write { sql in
                try await sql.update("cases").set("state", to: "closed").set("closed_at", to: StoredTime.millis(Date()))
                    .where("id", .equal, id).run()
            }
            let rateKey: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "rate-\(UUID().uuidString)"]
            let rated = try await client.post(
                "/api/v1/cases/\(id)/rating", json: ["rating": "satisfied"], token: resident, headers: rateKey)
            let retried = try await client.post(
                "/api/v1/cases/\(id)/rating", json: ["rating": "satisfied"], token: resident, headers: rateKey)
            #expect(rated.status == .ok && retried.status == .ok && retried.text == rated.text)
            #expect(retried.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            let ratings = try await CaseStore(database: runtime.database).timeline(caseID: Int64(id)).filter { $0.kind == .rated }
            #expect(ratings.count == 1)
            // Another caller's identical request under the same key is theirs, not a replay.
            let stranger = try await client.post(
                "/api/v1/cases/\(id)/rating", json: ["rating": "satisfied"], token: try await client.token("jumin14"),
                headers: rateKey)
            #expect(stranger.headers[HTTPField.Name("Idempotent-Replayed")!] == nil && stranger.status != .ok)
        }
    }
}
