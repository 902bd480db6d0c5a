import Foundation
import GridHubCore
import GridHubServer
import GridHubStore
import GridHubTestSupport
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("Report intake over HTTP (随手拍)")
struct ReportTests {
    @Test("a grid worker reports with a GPS-tagged JPEG: the case is in their grid, the photo has no EXIF", arguments: Engine.all)
    func photoReport(engine: Engine) async throws {
        try await TestApp.run(engine) { client, runtime async throws in
            let worker = try await client.token("wgy01")
            let p = try Fixtures.center(runtime, grid: Fixtures.grid1)
            let r = try await client.postMultipart(
                "/api/v1/reports",
                fields: ["lat": "\(p.lat)", "lon": "\(p.lon)", "class_code": "C0102", "description": "污水井盖丢失，很危险"],
                files: [Fixtures.jpegWithGPS], token: worker)
            #expect(r.status == .created)
            let number = try #require(r.object["tracking_number"] as? String)
            #expect(number.range(of: #"^YC-\d{8}-\d{4}$"#, options: .regularExpression) != nil)
            #expect(r.object["grid_code"] as? String == Fixtures.grid1)
            let sha = try #require((r.object["photos"] as? [String])?.first)
            let id = try #require(r.object["case_id"] as? Int)

            let photo = try await client.get("/api/v1/photos/\(sha)")
            #expect(photo.status == .ok && photo.headers[.contentType] == "image/jpeg")
            #expect(!photo.text.contains("Exif") && !photo.text.contains("GPSLatitude"))
            let onDisk = try #require(runtime.photos.read(sha256: sha))
            #expect(!String(decoding: onDisk, as: UTF8.self).contains("GPS"))

            let listed = try await client.get("/api/v1/cases?grid=\(Fixtures.grid1)&state=reported", token: worker)
            let item = (listed.object["items"] as? [[String: Any]])?.first { $0["id"] as? Int == id }
            #expect(item?["photos"] as? [String] == [sha])  // the page's photos come in the page's one query
            let one = try await client.get("/api/v1/cases/\(id)", token: worker)
            #expect(one.status == .ok && one.object["state"] as? String == "reported")
            #expect(one.object["photos"] as? [String] == [sha])  // read beside the case in one query
            let timeline = try await client.get("/api/v1/cases/\(id)/timeline", token: worker)
            #expect(timeline.array.count == 1 && timeline.array[0]["kind"] as? String == "reported")
        }
    }

    @Test("another grid's worker, a department and another resident cannot see the case (404)", arguments: Engine.all)
    func scope(engine: Engine) async throws {
        try await TestApp.run(engine) { client, runtime async throws in
            let resident = try await client.token("jumin01")
            let p = try Fixtures.center(runtime, grid: Fixtures.grid1)
            let r = try await client.post(
                "/api/v1/reports", json: ["lat": p.lat, "lon": p.lon, "class_code": "E0101", "description": "垃圾没人清"],
                token: resident)
            #expect(r.status == .created)
            let id = try #require(r.object["case_id"] as? Int)
            for user in ["wgy11", "bm-ps", "jumin02", "sq02"] {
                let token = try await client.token(user)
                #expect(try await client.get("/api/v1/cases/\(id)", token: token).status == .notFound, "\(user)")
                #expect(try await client.get("/api/v1/cases/\(id)/timeline", token: token).status == .notFound, "\(user)")
            }
            for user in ["wgy01", "sq01", "zhihui", "lingdao", "jumin01"] {
                let token = try await client.token(user)
                #expect(try await client.get("/api/v1/cases/\(id)", token: token).status == .ok, "\(user)")
                let timeline = try await client.get("/api/v1/cases/\(id)/timeline", token: token)
                #expect(timeline.status == .ok && timeline.array.count == 1, "\(user)")
            }
            #expect(try await client.get("/api/v1/cases/\(id + 1000)/timeline", token: resident).status == .notFound)
            let mine = try await client.get("/api/v1/me/reports", token: resident)
            #expect((mine.object["items"] as? [[String: Any]])?.first?["id"] as? Int == id)
            let others = try await client.get("/api/v1/cases", token: try await client.token("wgy11"))
            #expect((others.object["items"] as? [[String: Any]])?.contains { $0["id"] as? Int == id } == false)
            #expect(try await client.get("/api/v1/cases").status == .unauthorized)
        }
    }

    @Test("an anonymous rider's first report gets a device token; its reports and notices are read with it, never by the id alone", arguments: Engine.all)
    func anonymous(engine: Engine) async throws {
        try await TestApp.run(engine) { client, runtime async throws in
            let p = try Fixtures.center(runtime, grid: Fixtures.otherGrid)
            let r = try await client.post(
                "/api/v1/reports",
                json: ["lat": p.lat, "lon": p.lon, "text": "路边一堆建筑垃圾", "device_id": "rider-4711", "channel": "mini_program"])
            #expect(r.status == .created)
            let token = try #require(r.headers[.deviceToken])
            #expect(token.count >= 43, "at least 256 bits, base64url")
            let mine = try await client.get("/api/v1/me/reports?device_id=rider-4711", headers: [.deviceToken: token])
            #expect((mine.object["items"] as? [[String: Any]])?.count == 1)
            let notices = try await client.get("/api/v1/me/notifications?device_id=rider-4711", headers: [.deviceToken: token])
            #expect(notices.status == .ok)
            for headers: HTTPFields in [[:], [.deviceToken: "guess"], [.deviceToken: token + "x"]] {
                let guessed = try await client.get("/api/v1/me/reports?device_id=rider-4711", headers: headers)
                #expect(guessed.status == .unauthorized && guessed.errorCode == "invalid_device_token")
                let theirs = try await client.get("/api/v1/me/notifications?device_id=rider-4711", headers: headers)
                #expect(theirs.status == .unauthorized)
            }
            #expect(try await client.get("/api/v1/me/reports").status == .unauthorized)
            // A second report that shows the token gets no new one; one that does not show it gets none either.
            let second = try await client.post(
                "/api/v1/reports", json: ["lat": p.lat, "lon": p.lon, "text": "又一处", "device_id": "rider-4711"],
                headers: [.deviceToken: token])
            #expect(second.status == .created && second.headers[.deviceToken] == nil)
            let stranger = try await client.post(
                "/api/v1/reports", json: ["lat": p.lat, "lon": p.lon, "text": "冒名", "device_id": "rider-4711"])
            #expect(stranger.status == .created && stranger.headers[.deviceToken] == nil)
            let stored = try await runtime.database.read { sql in
                try await sql.raw("SELECT token_hash FROM devices WHERE device_id = 'rider-4711'").all()
            }
            let hash = try stored.first?.decode(column: "token_hash", as: String.self)
            #expect(stored.count == 1 && hash != nil && hash != token, "only a hash is kept")
        }
    }

    @Test(
        "an anonymous device may file ten reports in ten minutes; the eleventh gets 429 and writes nothing", arguments: Engine.all
    )
    func anonymousLimit(engine: Engine) async throws {
        try await TestApp.run(engine) { client, runtime async throws in
            let p = try Fixtures.center(runtime, grid: Fixtures.otherGrid)
            var first: TestResponse?
            for i in 0..<10 {
                let r = try await client.post(
                    "/api/v1/reports",
                    json: ["lat": p.lat + Double(i) * 0.0001, "lon": p.lon, "text": "第\(i)处", "device_id": "busy-1"])
                #expect(r.status == .created, "report \(i)")
                if i == 0 { first = r }
            }
            let limited = try await client.post(
                "/api/v1/reports", json: ["lat": p.lat, "lon": p.lon, "text": "再来一次", "device_id": "busy-1"])
            #expect(limited.status == .tooManyRequests && limited.errorCode == "too_many_reports")
            let token = try #require(first?.headers[.deviceToken])
            let mine = try await client.get("/api/v1/me/reports?device_id=busy-1", headers: [.deviceToken: token])
            #expect((mine.object["items"] as? [Any])?.count == 10)
            let other = try await client.post(
                "/api/v1/reports", json: ["lat": p.lat, "lon": p.lon, "text": "另一台", "device_id": "calm-2"])
            #expect(other.status == .created)
        }
    }

    @Test(
        "a retried report with the same Idempotency-Key makes one case; a new body under that key is 422", arguments: Engine.all)
    func idempotency(engine: Engine) async throws {
        try await TestApp.run(engine) { client, runtime async throws in
            let token = try await client.token("jumin03")
            let p = try Fixtures.center(runtime, grid: Fixtures.grid1)
            let body: [String: Any] = ["lat": p.lat, "lon": p.lon, "class_code": "C0113", "description": "路灯不亮"]
            let key: HTTPFields = [.init("Idempotency-Key")!: "retry-1"]
            let mineBefore = try #require(try await client.get("/api/v1/me/reports", token: token).object["total"] as? Int)
            let first = try await client.post("/api/v1/reports", json: body, token: token, headers: key)
            let second = try await client.post("/api/v1/reports", json: body, token: token, headers: key)
            #expect(first.status == .created && second.status == .created)
            #expect(first.text == second.text)
            #expect(second.headers[.init("Idempotent-Replayed")!] == "true")
            let mine = try await client.get("/api/v1/me/reports", token: token)
            #expect(mine.object["total"] as? Int == mineBefore + 1)
            var other = body
            other["description"] = "另一盏路灯"
            let clash = try await client.post("/api/v1/reports", json: other, token: token, headers: key)
            #expect(clash.status == .unprocessableContent && clash.errorCode == "idempotency_key_reused")
            #expect(try await client.get("/api/v1/me/reports", token: token).object["total"] as? Int == mineBefore + 1)
        }
    }

    @Test("a second report of the same problem nearby joins the case and says so", arguments: Engine.all)
    func nearDuplicate(engine: Engine) async throws {
        try await TestApp.run(engine) { client, runtime async throws in
            let p = try Fixtures.center(runtime, grid: Fixtures.otherGrid)
            let a = try await client.post(
                "/api/v1/reports", json: ["lat": p.lat, "lon": p.lon, "class_code": "E0301", "device_id": "rider-1"])
            let b = try await client.post(
                "/api/v1/reports",
                json: ["lat": p.lat + 0.0002, "lon": p.lon, "class_code": "E0301", "device_id": "rider-2"])
            #expect(a.status == .created && b.status == .ok)
            #expect(b.object["merged"] as? Bool == true)
            #expect(b.object["tracking_number"] as? String == a.object["tracking_number"] as? String)
            let staff = try await client.token("zhihui")
            let id = try #require(a.object["case_id"] as? Int)
            #expect(try await client.get("/api/v1/cases/\(id)", token: staff).object["reporter_count"] as? Int == 2)
        }
    }

    @Test("bad reports get a clear 4xx and write nothing", arguments: Engine.all)
    func badInput(engine: Engine) async throws {
        try await TestApp.run(engine) { client, runtime async throws in
            let token = try await client.token("jumin04")
            let p = try Fixtures.center(runtime, grid: Fixtures.grid1)
            let staff = try await client.token("zhihui")
            let before = try await client.get("/api/v1/cases?limit=1", token: staff).object["total"] as? Int
            let mineBefore = try await client.get("/api/v1/me/reports", token: token).object["total"] as? Int
            let filesBefore = PhotoFiles.count(runtime.photos.root)
            let jsonCases: [(String, Int, String?)] = [
                ("{", 400, "bad_request"),
                ("{\"lat\": \"north\", \"lon\": 125.31, \"class_code\": \"E0101\"}", 400, "bad_request"),
                ("{\"lon\": 125.31, \"class_code\": \"E0101\"}", 400, "missing_lat"),
                ("{\"lat\": 95, \"lon\": 125.31, \"class_code\": \"E0101\"}", 400, "invalid_lat"),
                ("{\"lat\": \(p.lat), \"lon\": \(p.lon)}", 422, "missing_class"),
                ("{\"lat\": \(p.lat), \"lon\": \(p.lon), \"class_code\": \"Z0000\"}", 422, "unknown_class"),
                ("{\"lat\": 39.9, \"lon\": 116.4, \"class_code\": \"E0101\"}", 422, "outside_service_area"),
                (
                    "{\"lat\": \(p.lat), \"lon\": \(p.lon), \"class_code\": \"E0101\", \"channel\": \"patrol\"}", 403,
                    "channel_not_allowed"
                ),
                (
                    "{\"lat\": \(p.lat), \"lon\": \(p.lon), \"class_code\": \"E0101\", \"description\": \"\(String(repeating: "长", count: 4_001))\"}",
                    400, "invalid_description"
                ),
            ]
            for (raw, status, code) in jsonCases {
                let r = try await client.post("/api/v1/reports", raw: raw, token: token)
                #expect(r.status.code == status, "\(raw.prefix(80))")
                #expect(r.errorCode == code, "\(raw.prefix(80))")
            }
            let anon = try await client.post("/api/v1/reports", json: ["lat": p.lat, "lon": p.lon, "class_code": "E0101"])
            #expect(anon.status == .unauthorized && anon.errorCode == "missing_device_id")
            let text = try await client.post("/api/v1/reports", raw: "lat=1", contentType: "text/plain", token: token)
            #expect(text.status == .unsupportedMediaType)

            let fields = ["lat": "\(p.lat)", "lon": "\(p.lon)", "class_code": "E0101"]
            let notImage = try await client.postMultipart(
                "/api/v1/reports", fields: fields, files: [Array("<?php echo 1; ?>".utf8)], token: token)
            #expect(notImage.status == .unsupportedMediaType && notImage.errorCode == "not_an_image")
            let huge = [0xFF, 0xD8, 0xFF] + [UInt8](repeating: 0, count: ReportRules.maxPhotoBytes)
            let tooBig = try await client.postMultipart("/api/v1/reports", fields: fields, files: [huge], token: token)
            #expect(tooBig.status == .contentTooLarge && tooBig.errorCode == "photo_too_large")
            let ten = try await client.postMultipart(
                "/api/v1/reports", fields: fields, files: Array(repeating: Fixtures.jpegWithGPS, count: 10), token: token)
            #expect(ten.status == .badRequest && ten.errorCode == "invalid_photos")
            let badNumber = try await client.postMultipart(
                "/api/v1/reports", fields: ["lat": "north", "lon": "125.31", "class_code": "E0101"], files: [], token: token)
            #expect(badNumber.status == .badRequest && badNumber.errorCode == "invalid_lat")

            let after = try await client.get("/api/v1/cases?limit=1", token: staff).object["total"] as? Int
            #expect(before == after)
            #expect(try await client.get("/api/v1/me/reports", token: token).object["total"] as? Int == mineBefore)
            #expect(PhotoFiles.count(runtime.photos.root) == filesBefore)
        }
    }

    @Test("case lists validate their filters", arguments: Engine.all)
    func listFilters(engine: Engine) async throws {
        try await TestApp.run(engine) { client, _ async throws in
            let staff = try await client.token("zhihui")
            let all = try await client.get("/api/v1/cases?limit=5", token: staff)
            #expect((all.object["items"] as? [Any])?.count == 5 && (all.object["total"] as? Int ?? 0) > 250)
            #expect(try await client.get("/api/v1/cases?state=lost", token: staff).errorCode == "invalid_state")
            #expect(try await client.get("/api/v1/cases?limit=0", token: staff).errorCode == "invalid_limit")
            #expect(try await client.get("/api/v1/cases?from=yesterday", token: staff).errorCode == "invalid_from")
            #expect(try await client.get("/api/v1/cases/abc", token: staff).status == .notFound)
            #expect(try await client.get("/api/v1/cases/999999", token: staff).status == .notFound)
            let classed = try await client.get("/api/v1/cases?class_code=E0101&limit=200", token: staff)
            let items = try #require(classed.object["items"] as? [[String: Any]])
            #expect(!items.isEmpty && items.allSatisfy { $0["class_code"] as? String == "E0101" })
        }
    }
}

/// How many photo files a data folder holds.
enum PhotoFiles {
    static func count(_ root: URL) -> Int {
        (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String])?.filter { $0.count > 60 }.count ?? 0
    }
}
