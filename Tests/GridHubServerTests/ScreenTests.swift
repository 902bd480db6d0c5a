import Foundation
import GridHubCore
import GridHubStore
import GridHubTestSupport
import HTTPTypes
import HummingbirdTesting
import SQLKit
import Testing

@testable import GridHubServer

@Suite("Screens: pages, assets and the live feed")
struct ScreenTests {
    @Test("every page is HTML in Chinese first, in English on request, with only GridHub's own scripts allowed")
    func pages() async throws {
        try await TestApp.run(.sqlite) { client, _ async throws in
            // Every page the router serves (a new page's words and template are checked the moment it is added).
            for path in ScreenController.pages.map({ $0.path.replacingOccurrences(of: "{id}", with: "1") }) {
                let page = try await client.get(path)
                #expect(page.status == .ok, "\(path)")
                #expect(page.headers[.contentType] == "text/html; charset=utf-8", "\(path)")
                #expect(page.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("script-src 'self'") == true)
                #expect(page.text.contains(#"<html lang="zh-CN">"#), "\(path)")
                #expect(!page.text.contains("http://") && !page.text.contains("https://"), "no external URL on \(path)")
            }
            for lang in [PageLanguage.zh, .en] {
                let (words, _) = PageText.of(lang)
                #expect(words["topics_title"] != nil && words["evaluation_title"] != nil)
            }
            let english = try await client.get("/report?lang=en")
            #expect(english.text.contains(#"<html lang="en">"#) && english.text.contains("Report a problem"))
            let chinese = try await client.get("/report")
            #expect(chinese.text.contains("随手拍") && chinese.text.contains("用我的位置"))
            #expect([.badRequest, .notFound].contains(try await client.get("/cases/abc").status))
        }
    }

    @Test("the page's words and the workflow's rules reach the scripts as JSON that cannot close its script element")
    func embeddedJSON() {
        let words = ScreenController.scriptJSON(["x": "</script><script>alert(1)</script>"])
        #expect(!words.contains("</script>") && words.contains("<\\/script>"))
        let rules = try? JSONSerialization.jsonObject(with: Data(ScreenController.workflowJSON.utf8)) as? [String: [String: Bool]]
        #expect(rules?["handle"]?["needs_photo"] == true && rules?["reject"]?["needs_reason"] == true)
        #expect(rules?["verify"]?["needs_reason"] == false)
    }

    @Test("static assets are served with their types; nothing else is")
    func assets() async throws {
        try await TestApp.run(.sqlite) { client, _ async throws in
            let css = try await client.get("/static/app.css")
            #expect(css.status == .ok && css.headers[.contentType] == "text/css; charset=utf-8")
            for name in ["app.js", "map.js", "centre.js", "case.js", "report.js", "work.js", "login.js", "home.js"] {
                let js = try await client.get("/static/\(name)")
                #expect(js.status == .ok && js.headers[.contentType] == "text/javascript; charset=utf-8", "\(name)")
                #expect(!js.text.contains("innerHTML"), "\(name) puts text on the page only as text")
                let outside = js.text.replacingOccurrences(of: "http://www.w3.org/", with: "")  // XML namespaces, not URLs
                #expect(!outside.contains("http://") && !outside.contains("https://"), "\(name) names no external URL")
            }
            #expect(try await client.get("/static/../Package.swift").status == .notFound)
            #expect(try await client.get("/static/secret.key").status == .notFound)
        }
    }

    @Test("the live feed sends each case in scope that changes, and nothing outside the scope", arguments: Engine.all)
    func events(engine: Engine) async throws {
        try await TestApp.run(engine, configure: { $0.eventStreamLifetime = 2.5 }) { client, runtime async throws in
            #expect(try await client.get("/api/v1/events").status == .unauthorized)
            #expect(try await client.get("/api/v1/events?access_token=nonsense").status == .unauthorized)
            let centre = try await client.token("zhihui")
            let stranger = try await client.token("wgy11")
            let since = Int64(Date().timeIntervalSince1970 * 1000)
            let p = try Fixtures.center(runtime, grid: Fixtures.grid1)
            let filed = try await client.post(
                "/api/v1/reports", json: ["lat": p.lat, "lon": p.lon, "class_code": "E0101", "description": "垃圾满了"],
                token: try await client.token("jumin01"))
            let tracking = try #require(filed.object["tracking_number"] as? String)

            let stream = try await client.get("/api/v1/events?access_token=\(centre)&since=\(since)")
            #expect(stream.status == .ok && stream.headers[.contentType] == "text/event-stream; charset=utf-8")
            #expect(stream.text.contains("event: case\n") && stream.text.contains(tracking))
            #expect(stream.text.components(separatedBy: tracking).count == 2, "sent once")
            let outside = try await client.get("/api/v1/events?since=\(since)", token: stranger)
            #expect(outside.status == .ok && !outside.text.contains(tracking))
            // A browser reconnecting by itself names the last event it had; the stream goes on after it.
            let last = try #require(stream.text.split(separator: "\n").last { $0.hasPrefix("id: ") }?.dropFirst(4))
            let resumed = try await client.get(
                "/api/v1/events?since=\(since)", token: centre, headers: [HTTPField.Name("Last-Event-ID")!: String(last)])
            #expect(resumed.status == .ok && !resumed.text.contains(tracking))
        }
    }

    @Test("a burst of more changes than one read of the log still reaches the screen, every case", arguments: Engine.all)
    func burst(engine: Engine) async throws {
        try await TestApp.run(engine, configure: { $0.eventStreamLifetime = 8 }) { client, runtime async throws in
            let centre = try await client.token("zhihui")
            let since = Int64(Date().timeIntervalSince1970 * 1000)
            let all = try await InstancesTests.count(runtime, "cases")
            #expect(all > EventsController.batch, "the demo has enough cases for a burst longer than one read of the log")
            try await runtime.database.write { sql in  // every case changes in one transaction
                let ids = try await sql.select().column("id").from("cases").all().map {
                    try $0.decode(column: "id", as: Int64.self)
                }
                for id in ids {
                    try await EventLog.append(
                        sql,
                        try DomainEvent(
                            kind: EventKind("test.touched"), streetID: 1, subject: .case(id), actorAccountID: nil,
                            at: Date(timeIntervalSince1970: Double(since + 5) / 1000), facts: ["burst": true]))
                }
            }
            let stream = try await client.get("/api/v1/events?since=\(since)", token: centre)
            let ids = stream.text.split(separator: "\n").filter { $0.hasPrefix("data: ") }
                .compactMap { line in
                    (try? JSONSerialization.jsonObject(with: Data(line.dropFirst(6).utf8)) as? [String: Any])?["id"] as? Int
                }
            // Every case reaches the screen; one the overdue sweep also changed meanwhile may come again.
            let others = try await runtime.database.read { sql in
                let first =
                    try await sql.select().column(SQLFunction("MIN", args: SQLColumn("id")), as: "n").from("domain_events")
                    .where("kind", .equal, "test.touched").first()?.decode(column: "n", as: Int64.self) ?? 0
                return try await sql.select().column("id").from("domain_events").where("kind", .notEqual, "test.touched")
                    .where { $0.where("at", .greaterThanOrEqual, since).orWhere("id", .greaterThan, first) }.all().count
            }
            #expect(
                Set(ids).count == all && ids.count <= all + others, "\(ids.count) sent, \(Set(ids).count) cases, \(all) changed")
        }
    }
}
