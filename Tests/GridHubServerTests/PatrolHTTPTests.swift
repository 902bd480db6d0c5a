import Foundation
import GridHubCore
import GridHubStore
import GridHubTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Patrols over HTTP")
struct PatrolHTTPTests {
    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    /// Fixes round the centre of grid a1 every five seconds for `minutes`, as JSON.
    static func fixes(minutes: Double, from start: Date) -> [[String: Any]] {
        Walks.loop(round: SmallWorld.centre(of: .a1), start: start, minutes: minutes, interval: 5).map {
            ["at": iso($0.at), "lat": $0.coordinate.lat, "lon": $0.coordinate.lon, "accuracy": 6]
        }
    }

    @Test(
        "a worker starts, records, checks in and ends a patrol; their community reads the track, audited; others get 404",
        arguments: Engine.all)
    func patrol(engine: Engine) async throws {
        try await TestApp.runSmall(engine) { client, runtime, _ async throws in
            let worker = try await client.signIn("worker-a1")
            let started = try await client.post("/api/v1/patrols", json: [:], token: worker)
            #expect(started.status == .created)
            let id = try #require(started.object["id"] as? Int)
            #expect(
                started.object["running"] as? Bool == true
                    && started.object["grid_code"] as? String == SmallWorld.GridName.a1.rawValue)
            #expect(try await client.post("/api/v1/patrols", json: [:], token: worker).status == .conflict)

            // The patrol began a moment ago: its fixes lie within the minute a phone's clock may be off.
            let start = Date().addingTimeInterval(-55)
            let batch = Self.fixes(minutes: 1.6, from: start).filter {
                ($0["at"] as? String ?? "") <= Self.iso(Date().addingTimeInterval(40))
            }
            let sent = try await client.post("/api/v1/patrols/\(id)/fixes", json: ["fixes": batch], token: worker)
            #expect(sent.status == .ok && sent.object["stored"] as? Int == batch.count)
            let again = try await client.post("/api/v1/patrols/\(id)/fixes", json: ["fixes": batch], token: worker)
            #expect(again.object["stored"] as? Int == 0 && again.object["duplicates"] as? Int == batch.count)

            // Bad fixes are refused whole (400 for a malformed one, 422 for a time that cannot be); nothing is written.
            let bad: [(fix: [String: Any], status: HTTPResponse.Status)] = [
                (["at": Self.iso(Date()), "lat": 91, "lon": 125.4], .badRequest),
                (["at": Self.iso(Date()), "lat": 43.9, "lon": 125.4, "accuracy": -3], .badRequest),
                (["at": "yesterday", "lat": 43.9, "lon": 125.4], .unprocessableContent),
                (["at": 1e300, "lat": 43.9, "lon": 125.4], .unprocessableContent),
                (["at": "2026-02-30T10:00:00Z", "lat": 43.9, "lon": 125.4], .unprocessableContent),
            ]
            for (fix, status) in bad {
                let r = try await client.post("/api/v1/patrols/\(id)/fixes", json: ["fixes": batch + [fix]], token: worker)
                #expect(r.status == status, "\(fix)")
            }
            let many = (0...1000).map { _ in ["at": Self.iso(Date()), "lat": 43.9, "lon": 125.4] }
            #expect(
                try await client.post("/api/v1/patrols/\(id)/fixes", json: ["fixes": many], token: worker).status == .badRequest)
            let shown = try await client.get("/api/v1/patrols/\(id)", token: worker)
            #expect(shown.object["fixes_raw"] as? Int == batch.count)

            let places = try await client.get("/api/v1/patrols/places?grid=\(SmallWorld.GridName.a1.rawValue)", token: worker)
                .array
            let building = try #require(places.first { $0["kind"] as? String == "building" })
            let key = try #require(building["key"] as? String)
            let (lat, lon) = (try #require(building["lat"] as? Double), try #require(building["lon"] as? Double))
            let far = try await client.post(
                "/api/v1/patrols/\(id)/check-ins", json: ["place": key, "lat": lat + 0.001, "lon": lon], token: worker)
            #expect(far.status == .unprocessableContent)
            let near = try await client.post(
                "/api/v1/patrols/\(id)/check-ins", json: ["place": key, "lat": lat + 0.0002, "lon": lon], token: worker)
            #expect(near.status == .created && near.object["place"] as? String == key)

            let ended = try await client.post("/api/v1/patrols/\(id)/end", json: [:], token: worker)
            #expect(ended.object["running"] as? Bool == false && ended.object["check_ins"] as? Int == 1)

            let staff = try await client.signIn("staff-a")
            let track = try await client.get("/api/v1/patrols/\(id)/track", token: staff)
            #expect(track.status == .ok && track.object["type"] as? String == "Feature")
            let geometry = try #require(track.object["geometry"] as? [String: Any])
            #expect(geometry["type"] as? String == "LineString" && ((geometry["coordinates"] as? [[Double]])?.count ?? 0) > 2)
            let properties = try #require(track.object["properties"] as? [String: Any])
            #expect(properties["raw_fixes"] as? Int == batch.count && (properties["check_ins"] as? [Any])?.count == 1)
            let audit = try await AuditTrail(database: runtime.database).entries(since: start.addingTimeInterval(-60))
            #expect(audit.filter { $0.action == .trackRead }.map(\.actor) == ["staff-a"])  // the worker's own reads are not
            _ = try await client.get("/api/v1/patrols/\(id)/track", token: worker)
            #expect(
                try await AuditTrail(database: runtime.database).entries(since: start.addingTimeInterval(-60)).filter {
                    $0.action == .trackRead
                }.count == 1)
            for other in ["worker-a2", "staff-b"] {
                #expect(
                    try await client.get("/api/v1/patrols/\(id)/track", token: try await client.signIn(other)).status == .notFound
                )
            }
            let listed = try await client.get("/api/v1/patrols?worker=worker-a1", token: try await client.signIn("centre")).array
            #expect(listed.map { $0["id"] as? Int } == [id])
            #expect(try await client.get("/api/v1/patrols?date=2026-02-30", token: staff).status == .unprocessableContent)
        }
    }

    @Test(
        "OsmAnd: a query, a form and the JSON of background-geolocation apps all land on the running patrol; unknown ids get 400",
        arguments: Engine.all)
    func osmand(engine: Engine) async throws {
        try await TestApp.runSmall(engine) { client, runtime, _ async throws in
            try await Trackers(database: runtime.database).add("wgy-a1", username: "worker-a1")
            let worker = try await client.signIn("worker-a1")
            let id = try #require(try await client.post("/api/v1/patrols", json: [:], token: worker).object["id"] as? Int)
            let p = SmallWorld.centre(of: .a1)
            let now = Date()
            let query = try await client.get(
                "/osmand?id=wgy-a1&timestamp=\(Int(now.timeIntervalSince1970) - 20)&lat=\(p.lat)&lon=\(p.lon)&speed=2&accuracy=5&batt=77"
            )
            #expect(query.status == .ok && query.object["stored"] as? Int == 1 && query.object["patrols"] as? [Int] == [id])
            let form = try await client.postForm(
                "/osmand",
                [
                    ("id", "wgy-a1"), ("timestamp", "\(Int(now.timeIntervalSince1970 * 1000) - 10_000)"),
                    ("lat", "\(p.lat + 0.0001)"),
                    ("lon", "\(p.lon)"),
                ])
            #expect(form.status == .ok && form.object["stored"] as? Int == 1)
            let json = """
                {"location":{"timestamp":"\(Self.iso(now))","coords":{"latitude":\(p.lat + 0.0002),"longitude":\(p.lon),"accuracy":4,
                "speed":1.2,"heading":90},"battery":{"level":0.7}},"device_id":"wgy-a1"}
                """
            let posted = try await client.post("/osmand", raw: json)
            #expect(posted.status == .ok && posted.object["stored"] as? Int == 1)
            #expect(try await client.get("/osmand?id=stranger&lat=43.9&lon=125.4").status == .badRequest)
            #expect(try await client.get("/osmand?id=wgy-a1&lat=43.9").status == .badRequest)
            #expect(try await client.get("/osmand?id=wgy-a1&lat=43.9&lon=125.4&timestamp=soon").status == .badRequest)
            #expect(try await client.post("/osmand", raw: "{\"location\":7}").status == .badRequest)
            let own = """
                {"_type":"location","lat":\(p.lat + 0.0003),"lon":\(p.lon),"tst":\(Int(now.timeIntervalSince1970) - 5),"acc":6,"vel":4}
                """
            let owned = try await client.post("/owntracks", raw: own, headers: [.init("X-Limit-D")!: "wgy-a1"])
            #expect(owned.status == .ok && owned.text == "[]")
            #expect(try await client.post("/owntracks", raw: "{\"_type\":\"transition\"}").status == .ok)
            #expect(try await client.post("/owntracks", raw: own).status == .badRequest)  // no device named
            let shown = try await client.get("/api/v1/patrols/\(id)", token: worker)
            #expect(shown.object["fixes_raw"] as? Int == 4)
            let mine = try await client.get("/api/v1/me/trackers", token: worker).array
            #expect(mine.map { $0["device_id"] as? String } == ["wgy-a1"] && mine.first?["last_seen_at"] != nil)
            let centre = try await client.signIn("centre")
            let out = try await client.get("/api/v1/patrols/now", token: centre).array
            #expect(out.map { $0["worker"] as? String } == ["worker-a1"])
            #expect(try await client.get("/api/v1/patrols/now", token: try await client.signIn("resident")).status == .forbidden)
        }
    }

    @Test("the plan, make-ups and the assessment: who may set, ask, decide and read; bad input is a 4xx", arguments: Engine.all)
    func office(engine: Engine) async throws {
        try await TestApp.runSmall(engine) { client, _, _ async throws in
            let centre = try await client.signIn("centre")
            let worker = try await client.signIn("worker-a1")
            let staffA = try await client.signIn("staff-a")
            let plan: [String: Any] = [
                "windows": [["start": "08:00", "end": "11:00"], ["start": "14:30", "end": "17:30"]], "min_duration_minutes": 50,
                "min_coverage": 0.8,
            ]
            var put = try await client.execute(
                uri: "/api/v1/patrols/plan", method: .put,
                headers: [.contentType: "application/json", .authorization: "Bearer \(centre)"],
                body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: plan)))
            #expect(put.status == .ok)
            #expect(try await client.get("/api/v1/patrols/plan", token: worker).object["min_duration_minutes"] as? Int == 50)
            put = try await client.execute(
                uri: "/api/v1/patrols/plan", method: .put,
                headers: [.contentType: "application/json", .authorization: "Bearer \(worker)"],
                body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: plan)))
            #expect(put.status == .forbidden)
            var bad = plan
            bad["windows"] = [["start": "11:00", "end": "08:00"]]
            put = try await client.execute(
                uri: "/api/v1/patrols/plan", method: .put,
                headers: [.contentType: "application/json", .authorization: "Bearer \(centre)"],
                body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: bad)))
            #expect(put.status == .unprocessableContent)
            bad["windows"] = [["start": "25:00", "end": "26:00"]]
            put = try await client.execute(
                uri: "/api/v1/patrols/plan", method: .put,
                headers: [.contentType: "application/json", .authorization: "Bearer \(centre)"],
                body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: bad)))
            #expect(put.status == .badRequest)

            let future = PatrolDay.key(Date().addingTimeInterval(3 * 86_400))
            let early = try await client.post(
                "/api/v1/patrols/makeups", json: ["day": future, "window": 0, "reason": "提前申请"], token: worker)
            #expect(early.status == .unprocessableContent)
            #expect(
                try await client.post(
                    "/api/v1/patrols/makeups", json: ["day": future, "window": 9, "reason": "x"], token: worker
                ).status
                    == .badRequest)
            #expect(
                try await client.post(
                    "/api/v1/patrols/makeups", json: ["day": "2026-02-30", "window": 0, "reason": "原因"], token: worker
                )
                .status == .unprocessableContent)
            #expect(try await client.get("/api/v1/patrols/makeups?state=lost", token: staffA).status == .badRequest)

            let codes = try await client.get(
                "/api/v1/patrols/places/codes?grid=\(SmallWorld.GridName.a1.rawValue)", token: staffA)
            let code = try #require(codes.array.first)
            #expect((code["url"] as? String)?.hasSuffix("/patrol?check_in=\(code["key"] as? String ?? "")") == true)
            #expect((code["svg"] as? String)?.hasPrefix("<svg") == true)
            let other = try await client.signIn("staff-b")
            #expect(
                try await client.get("/api/v1/patrols/places/codes?grid=\(SmallWorld.GridName.a1.rawValue)", token: other).status
                    == .notFound)

            let month = String(PatrolDay.key(Date()).prefix(7))
            let csv = try await client.get("/api/v1/patrols/assessment?month=\(month)&format=csv", token: centre)
            #expect(csv.status == .ok && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.contains("账号,姓名") && csv.text.contains("worker-a1") && csv.text.contains("worker-b1"))
            let mine = try await client.get("/api/v1/patrols/assessment?month=\(month)&level=community", token: staffA).array
            #expect(Set(mine.compactMap { $0["username"] as? String }) == ["worker-a1", "worker-a2"])
            #expect(try await client.get("/api/v1/patrols/assessment?month=\(month)", token: worker).status == .notFound)
            #expect(try await client.get("/api/v1/patrols/assessment?month=2026-13", token: centre).status == .badRequest)
            #expect(
                try await client.get("/api/v1/patrols/assessment?month=\(month)&level=city", token: centre).status == .badRequest)
            #expect(
                try await client.get("/api/v1/patrols/assessment?month=\(month)&format=pdf", token: centre).status == .badRequest)
        }
    }
}
