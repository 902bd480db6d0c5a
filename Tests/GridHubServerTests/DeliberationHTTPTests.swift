import Foundation
import GridHubCore
import GridHubStore
import GridHubTestSupport
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Four-step deliberation over HTTP")
struct DeliberationHTTPTests {
    static func act(_ client: any TestClientProtocol, _ id: Int, _ body: [String: Any], token: String) async throws
        -> TestResponse
    {
        try await client.post("/api/v1/topics/\(id)/actions", json: body, token: token)
    }

    @Test(
        "a resident raises a matter at the 说事点; the committees take it up; representatives vote on their phones and on paper; the resolution is posted without names",
        arguments: Engine.all)
    func loop(engine: Engine) async throws {
        try await TestApp.runSmall(engine) { client, runtime, world async throws in
            let centre = try await client.signIn("centre")
            let staff = try await client.signIn("staff-a")
            let resident = try await client.signIn("resident")
            let head = try await client.signIn("building-head")
            let community = Int(world.written.communityIDs[0])
            _ = try await client.post(
                "/api/v1/points/adjust", json: ["holder": "budget", "amount": 1_000, "reason": "年度预算"], token: centre)

            // Representatives: two with phones, two on paper.
            for (name, kind, account) in [
                ("居民甲", "party_member", world.accountID("resident")), ("楼栋长乙", "resident", world.accountID("building-head")),
            ] {
                let r = try await client.post(
                    "/api/v1/representatives", json: ["name": name, "kind": kind, "account_id": account], token: staff)
                #expect(r.status == .created)
            }
            var paper: [Int] = []
            for name in ["王大爷", "李阿姨"] {
                let r = try await client.post("/api/v1/representatives", json: ["name": name, "kind": "resident"], token: staff)
                paper.append(try #require(r.object["id"] as? Int))
            }
            #expect(
                try await client.post("/api/v1/representatives", json: ["name": "x", "kind": "mayor"], token: staff).status
                    == .badRequest)
            let unknown = try await client.post(
                "/api/v1/representatives", json: ["name": "x", "kind": "resident", "username": "nobody"], token: staff)
            #expect(unknown.status == .unprocessableContent && unknown.errorCode == "unknown_account")
            let long = try await client.post(
                "/api/v1/representatives",
                json: [
                    "name": "x", "kind": "resident", "account_id": world.accountID("unit-head"),
                    "username": String(repeating: "0", count: 101),
                ],
                token: staff)
            #expect(long.status == .badRequest)  // a username past the schema's 100 characters, even beside an account id
            let twice = try await client.post(
                "/api/v1/representatives", json: ["name": "又一次", "kind": "resident", "username": "resident"], token: staff)
            #expect(twice.status == .conflict && twice.errorCode == "seated_already")  // one seat per account
            #expect(
                try await client.post("/api/v1/representatives", json: ["name": "x", "kind": "resident"], token: resident).status
                    == .forbidden)

            // Raised by the resident; the committee proposes and discusses.
            let raised = try await client.post(
                "/api/v1/topics",
                json: ["community_id": community, "title": "小区车位不足", "description": "晚上回家找不到车位，建议划线增加车位"], token: resident)
            #expect(raised.status == .created && raised.object["source"] as? String == "resident")
            let id = try #require(raised.object["id"] as? Int)
            #expect(try await client.post("/api/v1/topics", json: ["title": "没有社区"], token: resident).status == .badRequest)
            #expect(
                try await client.post(
                    "/api/v1/topics", json: ["community_id": 0, "title": "零号社区", "description": "x"], token: resident
                ).status == .badRequest)
            #expect(
                try await Self.act(client, id, ["action": "propose", "committee_id": 1], token: resident).status == .forbidden)
            #expect(try await Self.act(client, id, ["action": "dance"], token: staff).status == .badRequest)
            let committees = try await client.get("/api/v1/committees?community_id=\(community)", token: staff).array
            #expect(committees.count == 5)
            let committee = try #require(committees.first { $0["kind"] as? String == "environment" }?["id"] as? Int)
            #expect(try await Self.act(client, id, ["action": "propose", "committee_id": committee], token: staff).status == .ok)
            let noMinutes = try await Self.act(client, id, ["action": "discuss"], token: staff)
            #expect(noMinutes.status == .unprocessableContent && noMinutes.errorCode == "reason_required")
            #expect(
                try await Self.act(client, id, ["action": "discuss", "reason": "两委商议：东侧空地划线，增加12个车位"], token: staff).status == .ok
            )

            // The review meeting: the resident checks in and votes on the phone, staff enter two paper votes.
            let called = try await client.post(
                "/api/v1/topics/\(id)/meetings", json: ["starts_at": "2026-12-01T19:00:00+08:00", "place": "社区议事厅"], token: staff)
            #expect(called.status == .created)
            #expect(
                try await client.post("/api/v1/topics/\(id)/votes", json: ["choice": "agree"], token: resident).status
                    == .conflict)
            #expect(try await client.post("/api/v1/topics/\(id)/attendance", json: [:], token: resident).status == .ok)
            let voted = try await client.post("/api/v1/topics/\(id)/votes", json: ["choice": "agree"], token: resident)
            #expect(voted.status == .ok)
            let mine = (voted.object["meetings"] as? [[String: Any]])?.first?["mine"] as? [String: Any]
            #expect(
                mine?["vote"] as? String == "agree" && (voted.object["meetings"] as? [[String: Any]])?.first?["invitees"] == nil)
            #expect(
                try await client.post("/api/v1/topics/\(id)/votes", json: ["choice": "maybe"], token: resident).status
                    == .badRequest)
            for seat in paper {
                #expect(
                    try await client.post(
                        "/api/v1/topics/\(id)/votes", json: ["choice": "agree", "representative_id": seat], token: staff
                    ).status == .ok)
            }
            #expect(
                try await client.post(
                    "/api/v1/topics/\(id)/votes", json: ["choice": "agree", "representative_id": paper[0]], token: head
                ).status == .forbidden)
            let closed = try await client.post("/api/v1/topics/\(id)/votes/close", json: [:], token: staff)
            #expect(closed.status == .ok && closed.object["state"] as? String == "reviewed")

            // Published for 7 days; the building head objects once; enacting waits for the notice period.
            let published = try await Self.act(
                client, id,
                [
                    "action": "publish", "reason": NSNull(),
                    "resolution": [
                        "text": "同意在东侧空地划线增加12个车位",
                        "measures": [["title": "东侧空地划线", "owner": "物业公司", "due_on": "2027-01-31"]],
                    ],
                ], token: staff)
            #expect(published.status == .ok && published.object["may_object"] as? Bool == false)
            let seen = try await client.get("/api/v1/topics/\(id)", token: head).object
            #expect(seen["may_object"] as? Bool == true && seen["raised_by_name"] == nil)  // a neighbour does not see who raised it
            #expect(
                try await client.post("/api/v1/topics/\(id)/objections", json: ["reason": "占用了绿地"], token: head).status
                    == .created)
            #expect(
                try await client.post("/api/v1/topics/\(id)/objections", json: ["reason": "占用了绿地"], token: head).status
                    == .conflict)
            let early = try await Self.act(client, id, ["action": "enact", "reason": "已答复"], token: staff)
            #expect(early.status == .conflict && early.errorCode == "notice_running")

            // The public page: no sign-in, the count and measures, no one's name.
            let posted = try await client.get("/api/v1/public/resolutions?community_id=\(community)")
            #expect(posted.status == .ok && posted.array.count == 1)
            let text = posted.text
            for name in ["居民甲", "楼栋长乙", "王大爷", "李阿姨", "占用了绿地"] { #expect(!text.contains(name), "\(name)") }
            #expect((posted.array.first?["tally"] as? [String: Any])?["agree"] as? Int == 3)
            // Staff see the objection with its author; the board lists the topic as published.
            let full = try await client.get("/api/v1/topics/\(id)", token: staff).object
            #expect((full["objections"] as? [[String: Any]])?.first?["name"] as? String == "楼栋长")
            #expect(
                try await client.get("/api/v1/topics?state=published", token: resident).array.compactMap { $0["id"] as? Int } == [
                    id
                ])
            #expect(try await client.get("/api/v1/topics?state=nonsense", token: resident).status == .badRequest)
            // JSON Schema counts 1.0 as an integer, and so do the query parameters; 1.5 is not one.
            #expect(try await client.get("/api/v1/topics?community_id=\(community).0", token: resident).array.count == 1)
            #expect(try await client.get("/api/v1/topics?community_id=1.5", token: resident).status == .badRequest)

            // Points: the resident for raising an adopted topic and for taking part; the paper voters have no account.
            try await runtime.relay.drain(waiting: true)
            let points = try await client.get("/api/v1/me/points", token: resident).object
            #expect(points["available"] as? Int == 15)
            let report = try await client.get("/api/v1/topics/report?year=\(CivilDate(Date()).year)", token: centre).array
            #expect(report.first?["topics"] as? Int == 1)
            #expect(try await client.get("/api/v1/topics/report?year=1999", token: centre).status == .unprocessableContent)
        }
    }
}
