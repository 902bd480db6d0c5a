import Foundation
import GridHubCore
import GridHubStore
import GridHubTestSupport
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Points and the shop over HTTP")
struct PointsHTTPTests {
    static func points(_ client: any TestClientProtocol, _ token: String) async throws -> [String: Any] {
        let r = try await client.get("/api/v1/me/points", token: token)
        #expect(r.status == .ok)
        return r.object
    }

    static func report(_ client: any TestClientProtocol, _ token: String?, device: String? = nil, code: String = "E0101")
        async throws
        -> Int
    {
        let p = SmallWorld.centre(of: .a1)
        var body: [String: Any] = ["lat": p.lat, "lon": p.lon, "class_code": code]
        if let device { body["device_id"] = device }
        let filed = try await client.post("/api/v1/reports", json: body, token: token)
        return try #require(filed.object["case_id"] as? Int)
    }

    @Test(
        "a verified report pays its reporters, a false one takes it back; a resident redeems once per key, the counter fulfils once",
        arguments: Engine.all)
    func loop(engine: Engine) async throws {
        try await TestApp.runSmall(engine) { client, runtime, _ async throws in
            let centre = try await client.signIn("centre")
            let resident = try await client.signIn("resident")
            let worker = try await client.signIn("worker-a1")
            let staff = try await client.signIn("staff-a")
            #expect(
                try await client.post(
                    "/api/v1/points/adjust", json: ["holder": "budget", "amount": 1_000, "reason": "年度预算"], token: centre
                )
                .status == .ok)
            // Verified: 10 for the report, 5 more for being first; the worker who verified earns nothing.
            let id = try await Self.report(client, resident)
            for action in ["verify", "accept"] { _ = try await WorkflowHTTPTests.act(client, id, action, token: worker) }
            let paid = try await Self.points(client, resident)
            #expect(paid["available"] as? Int == 15 && paid["held"] as? Int == 0)
            #expect(
                ((paid["lines"] as? [[String: Any]]) ?? []).compactMap { $0["reason"] as? String }.contains {
                    $0.contains("首位上报")
                })
            #expect(try await Self.points(client, worker)["available"] as? Int == 0)

            // A second report found false after verification: rejected, its 15 taken back.
            let other = try await Self.report(client, nil, device: "rider-pts", code: "E0404")
            #expect(other != id)
            _ = try await WorkflowHTTPTests.act(client, other, "verify", token: worker)
            _ = try await WorkflowHTTPTests.act(client, other, "reject", token: worker, extra: ["note": "现场不属实"])
            try await runtime.relay.drain(waiting: true)
            let ledger = try await client.get("/api/v1/points/ledger?holder=device:rider-pts", token: centre)
            #expect(ledger.status == .ok)
            #expect(ledger.array.compactMap { $0["kind"] as? String }.sorted() == ["earn", "earn", "reverse", "reverse"])

            // The shop: an item, a redemption retried under one key, the counter.
            let made = try await client.post(
                "/api/v1/shop/items", json: ["name": "洗衣液", "price": 10, "stock": 3, "monthly_limit": 1], token: staff)
            #expect(made.status == .created)
            let item = try #require(made.object["id"] as? Int)
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "redeem-1"]
            let first = try await client.post("/api/v1/shop/items/\(item)/redeem", json: [:], token: resident, headers: key)
            let again = try await client.post("/api/v1/shop/items/\(item)/redeem", json: [:], token: resident, headers: key)
            #expect(first.status == .created && again.status == .created)
            let code = try #require(first.object["code"] as? String)
            #expect(again.object["code"] as? String == code && code.count == 8 && first.object["expires_at"] != nil)
            #expect(try await Self.points(client, resident)["held"] as? Int == 10)
            #expect(try await client.post("/api/v1/shop/items/\(item)/redeem", json: [:], token: resident).status == .conflict)
            // Bad input: 4xx, nothing held.
            #expect(
                try await client.post("/api/v1/shop/items/\(item)/redeem", json: ["quantity": 0], token: resident).status
                    == .unprocessableContent)
            #expect(try await client.post("/api/v1/shop/items/\(item)/redeem", raw: "{", token: resident).status == .badRequest)
            #expect(try await client.post("/api/v1/shop/items/999999/redeem", json: [:], token: resident).status == .notFound)
            #expect(
                try await client.post("/api/v1/shop/items", json: ["name": "", "price": 10, "stock": 1], token: staff).status
                    == .unprocessableContent)
            #expect(
                try await client.post("/api/v1/shop/items", json: ["name": "米", "price": 10, "stock": 1], token: resident).status
                    == .forbidden)
            // A community id below 1 is outside the schema: 400 on create and change, by JSON or form, and nothing changes.
            #expect(
                try await client.post(
                    "/api/v1/shop/items", json: ["name": "米", "price": 10, "stock": 1, "community_id": 0], token: staff
                ).status == .badRequest)
            let zeroForm = try await client.postMultipart(
                "/api/v1/shop/items", fields: ["name": "米", "price": "10", "stock": "1", "community_id": "0"], files: [],
                token: staff)
            #expect(
                zeroForm.status == .badRequest && zeroForm.errorCode == "invalid_community_id",
                "\(zeroForm.status) \(zeroForm.text)")
            let change = try await client.execute(
                uri: "/api/v1/shop/items/\(item)", method: .put,
                headers: [.contentType: "application/json", .authorization: "Bearer \(staff)"],
                body: ByteBuffer(
                    bytes: try JSONSerialization.data(withJSONObject: [
                        "name": "改名", "price": 1, "stock": 1, "community_id": 0,
                    ])))
            #expect(change.status == .badRequest)
            #expect(try await client.get("/api/v1/shop/items/\(item)", token: staff).object["name"] as? String == "洗衣液")
            #expect(try await client.get("/api/v1/points/ledger", token: resident).status == .forbidden)
            #expect(try await client.get("/api/v1/points/month?month=2026-13", token: centre).status == .unprocessableContent)
            #expect(
                try await client.post(
                    "/api/v1/points/adjust", json: ["holder": "budget", "amount": 5, "reason": "自己加"], token: resident
                ).status == .forbidden)
            #expect(try await Self.points(client, resident)["held"] as? Int == 10)
            // The counter: another community's staff does not find it; the right one fulfils once.
            #expect(
                try await client.get("/api/v1/shop/redemptions/\(code)", token: try await client.signIn("staff-b")).status
                    == .notFound)
            #expect(
                try await client.get("/api/v1/shop/redemptions/\(code.lowercased())", token: staff).object["state"] as? String
                    == "held")
            #expect(try await client.post("/api/v1/shop/redemptions/\(code)/fulfil", json: [:], token: staff).status == .ok)
            let twice = try await client.post("/api/v1/shop/redemptions/\(code)/fulfil", json: [:], token: staff)
            #expect(twice.status == .conflict && twice.object["error"] as? String == "already_fulfilled")
            #expect(
                try await client.post("/api/v1/shop/redemptions/O0IL/fulfil", json: [:], token: staff).status
                    == .unprocessableContent)
            let after = try await Self.points(client, resident)
            #expect(after["available"] as? Int == 5 && after["held"] as? Int == 0)
            let month = try await client.get("/api/v1/points/month", token: centre).object
            #expect(month["balanced"] as? Bool == true && month["issued"] as? Int == 1_000)
            #expect(month["fulfilled"] as? Int == 10)
        }
    }

    @Test(
        "a clean-up: residents sign up to the capacity, staff check them in on the spot, each earns once", arguments: Engine.all)
    func volunteering(engine: Engine) async throws {
        try await TestApp.runSmall(engine) { client, runtime, world async throws in
            let centre = try await client.signIn("centre")
            let staff = try await client.signIn("staff-a")
            let resident = try await client.signIn("resident")
            let head = try await client.signIn("building-head")
            _ = try await client.post(
                "/api/v1/points/adjust", json: ["holder": "budget", "amount": 500, "reason": "预算"], token: centre)
            let f = ISO8601DateFormatter()
            let start = f.string(from: Date().addingTimeInterval(1_800))
            let end = f.string(from: Date().addingTimeInterval(3 * 3_600))
            let made = try await client.post(
                "/api/v1/activities",
                json: ["title": "周六清洁家园", "place": "1号楼前广场", "starts_at": start, "ends_at": end, "points": 8, "capacity": 1],
                token: staff)
            #expect(made.status == .created)
            let id = try #require(made.object["id"] as? Int)
            #expect(
                try await client.post(
                    "/api/v1/activities",
                    json: ["title": "反了", "place": "广场", "starts_at": end, "ends_at": start, "points": 8, "capacity": 1],
                    token: staff
                ).status == .unprocessableContent)
            #expect(
                try await client.post(
                    "/api/v1/activities",
                    json: ["title": "x", "place": "广场", "starts_at": "明天", "ends_at": end, "points": 8, "capacity": 1],
                    token: staff
                ).status == .unprocessableContent)
            #expect(try await client.post("/api/v1/activities", json: ["title": "x"], token: resident).status == .forbidden)
            #expect(try await client.post("/api/v1/activities/\(id)/signup", json: [:], token: resident).status == .ok)
            #expect(
                try await client.post("/api/v1/activities/\(id)/signup", json: [:], token: head).object["error"] as? String
                    == "full")
            let me = world.accountID("resident")
            #expect(
                try await client.post(
                    "/api/v1/activities/\(id)/checkin", json: ["account_id": me], token: try await client.signIn("staff-b")
                )
                .status == .notFound)
            let seen = try await client.post("/api/v1/activities/\(id)/checkin", json: ["account_id": me], token: staff)
            #expect(seen.status == .ok && (seen.object["signups"] as? [[String: Any]])?.first?["checked_in_at"] != nil)
            #expect(
                try await client.post("/api/v1/activities/\(id)/checkin", json: ["account_id": me], token: staff).status
                    == .conflict)
            let points = try await Self.points(client, resident)
            #expect(points["available"] as? Int == 8)
            let listed = try await client.get("/api/v1/activities", token: resident).array
            #expect(
                listed.first?["mine"] as? Bool == true && listed.first?["checked_in"] as? Bool == true
                    && listed.first?["signups"] == nil)
            _ = runtime
        }
    }

    @Test(
        "a rider claims the device's points with a code to the phone: the account is made, points move once, later ones follow",
        arguments: Engine.all)
    func riderClaim(engine: Engine) async throws {
        try await TestApp.runSmall(engine) { client, runtime, _ async throws in
            let centre = try await client.signIn("centre")
            let worker = try await client.signIn("worker-a1")
            _ = try await client.post(
                "/api/v1/points/adjust", json: ["holder": "budget", "amount": 500, "reason": "预算"], token: centre)
            let p = SmallWorld.centre(of: .a1)
            let filed = try await client.post(
                "/api/v1/reports", json: ["lat": p.lat, "lon": p.lon, "class_code": "E0101", "device_id": "rider-claim"])
            let token = try #require(filed.headers[HTTPField.Name("Device-Token")!])
            let proof: HTTPFields = [HTTPField.Name("Device-Token")!: token]
            let id = try #require(filed.object["case_id"] as? Int)
            _ = try await WorkflowHTTPTests.act(client, id, "verify", token: worker)
            let device = try await client.get("/api/v1/me/points?device_id=rider-claim", headers: proof)
            #expect(device.object["available"] as? Int == 15)
            #expect(try await client.get("/api/v1/me/points?device_id=rider-claim").status == .unauthorized)
            let claim = "/api/v1/points/claim"
            #expect(
                try await client.post("\(claim)/start?device_id=rider-claim", json: ["phone": "12345"], headers: proof).status
                    == .unprocessableContent)
            let started = try await client.post(
                "\(claim)/start?device_id=rider-claim", json: ["phone": "139 1234 5678"], headers: proof)
            #expect(started.status == .created)
            let code = try #require(started.object["demo_code"] as? String)
            let wrong = code == "000000" ? "111111" : "000000"
            let bad = try await client.post(
                "\(claim)/finish?device_id=rider-claim",
                json: ["phone": "13912345678", "code": wrong, "password": "rider-pass-1"], headers: proof)
            #expect(bad.status == .unprocessableContent && bad.object["error"] as? String == "wrong_code")
            #expect(
                try await client.post(
                    "\(claim)/finish?device_id=rider-claim",
                    json: ["phone": "13912345678", "code": code, "password": "rider-pass-1"]
                )
                .status == .unauthorized)
            let done = try await client.post(
                "\(claim)/finish?device_id=rider-claim",
                json: ["phone": "13912345678", "code": code, "password": "rider-pass-1", "display_name": "小王"], headers: proof)
            #expect(done.status == .ok && done.object["moved"] as? Int == 15 && done.object["created"] as? Bool == true)
            #expect(
                try await client.post("\(claim)/start?device_id=rider-claim", json: ["phone": "13912345678"], headers: proof)
                    .status == .conflict)
            let rider = try await client.token("13912345678", password: "rider-pass-1")
            #expect(try await Self.points(client, rider)["available"] as? Int == 15)
            // The device's next verified report pays the account.
            let next = try await client.post(
                "/api/v1/reports", json: ["lat": p.lat, "lon": p.lon, "class_code": "E0404", "device_id": "rider-claim"],
                headers: proof)
            _ = try await WorkflowHTTPTests.act(client, try #require(next.object["case_id"] as? Int), "verify", token: worker)
            #expect(try await Self.points(client, rider)["available"] as? Int == 30)
            #expect(
                try await client.get("/api/v1/me/points?device_id=rider-claim", headers: proof).object["available"] as? Int == 0)
            _ = runtime
        }
    }
}
