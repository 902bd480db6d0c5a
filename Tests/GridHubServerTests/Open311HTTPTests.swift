import Foundation
import GridHubCore
import GridHubServer
import GridHubStore
import GridHubTestSupport
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import GridHubDemo

@Suite("Open311 GeoReport v2")
struct Open311HTTPTests {
    static let base = Open311Fixture.base

    @Test(
        "discovery, services and a service definition in JSON and XML, with the specification's wrappers", arguments: Engine.all)
    func catalogue(engine: Engine) async throws {
        try await TestApp.run(engine) { client, _ async throws in
            let discovery = try await client.get("\(Self.base)/discovery.json")
            #expect(discovery.status == .ok && discovery.headers[.contentType] == "application/json; charset=utf-8")
            let endpoint = try #require((discovery.object["endpoints"] as? [[String: Any]])?.first)
            #expect(endpoint["specification"] as? String == "http://wiki.open311.org/GeoReport_v2")
            #expect(endpoint["formats"] as? [String] == ["text/xml", "application/json"])
            #expect((discovery.object["contact"] as? String)?.contains("永昌街道") == true)
            let discoveryXML = try await client.get("\(Self.base)/discovery.xml")
            #expect(discoveryXML.headers[.contentType] == "text/xml; charset=utf-8")
            #expect(discoveryXML.xml?.child("endpoints")?.child("endpoint")?.child("formats")?.all("format").count == 2)

            let services = try await client.get("\(Self.base)/services.json")
            #expect(services.status == .ok && services.array.count == StandardCatalog.items.count)
            let manhole = try #require(services.array.first { $0["service_code"] as? String == "C0101" })
            #expect(manhole["service_name"] as? String == "上水井盖" && manhole["group"] as? String == "公用设施")
            #expect(manhole["metadata"] as? Bool == true && manhole["type"] as? String == "realtime")
            #expect((manhole["keywords"] as? String)?.contains("供水") == true)
            let servicesXML = try #require(try await client.get("\(Self.base)/services.xml").xml)
            #expect(servicesXML.name == "services" && servicesXML.all("service").count == StandardCatalog.items.count)
            #expect(servicesXML.all("service").first?["service_name"] == "上水井盖")

            let definition = try await client.get("\(Self.base)/services/C0101.json")
            #expect(definition.object["service_code"] as? String == "C0101")
            let attributes = try #require(definition.object["attributes"] as? [[String: Any]])
            #expect(Set(attributes.compactMap { $0["datatype"] as? String }) == Set(Open311Datatype.allCases.map(\.rawValue)))
            for key in ["variable", "code", "datatype", "required", "datatype_description", "order", "description", "values"] {
                #expect(attributes.allSatisfy { $0.keys.contains(key) }, "\(key)")
            }
            let definitionXML = try #require(try await client.get("\(Self.base)/services/C0101.xml").xml)
            #expect(definitionXML.name == "service_definition")
            let severity = try #require(definitionXML.child("attributes")?.all("attribute").first)
            #expect(severity["code"] == "severity" && severity["datatype"] == "singlevaluelist")
            #expect(severity.child("values")?.all("value").map { $0["key"] ?? "" } == ["normal", "serious", "urgent"])

            for format in Open311Format.allCases {
                let missing = try await client.get("\(Self.base)/services/X9999.\(format.rawValue)")
                #expect(missing.status == .notFound)
                let code =
                    format == .json
                    ? missing.array.first?["code"] as? Int
                    : missing.xml?.child("error")?["code"].flatMap { Int($0) }
                #expect(code == 404, "\(format)")
            }
            #expect(try await client.get("\(Self.base)/services.csv").status == .notFound)
        }
    }

    @Test(
        "POST requests, form-encoded: a case through the same intake, its token, and the request read back in both formats",
        arguments: Engine.all)
    func fileAndFollow(engine: Engine) async throws {
        try await TestApp.run(engine) { client, runtime async throws in
            let key = try await Open311Fixture.key(runtime)
            let p = try Fixtures.center(runtime, grid: Fixtures.grid1)
            let posted = try await client.postForm(
                "\(Self.base)/requests.json",
                [
                    ("api_key", key), ("jurisdiction_id", DemoStreet.jurisdiction), ("service_code", "C0102"),
                    ("lat", "\(p.lat)"), ("long", "\(p.lon)"), ("description", "污水井盖丢了 <小心> & 绕行"),
                    ("attribute[severity]", "urgent"), ("attribute[impacts][]", "traffic"), ("attribute[impacts][]", "safety"),
                    ("attribute[component_number]", "PS-0815"), ("email", "zhang@example.cn"), ("first_name", "张"),
                    ("last_name", "三"), ("phone", "13912345678"), ("account_id", "acct-42"), ("device_id", "phone-7"),
                ])
            #expect(posted.status == .ok)
            let answer = try #require(posted.array.first)
            let id = try #require(answer["service_request_id"] as? String)
            let token = try #require(answer["token"] as? String)
            #expect(id.hasPrefix("YC-") && answer["account_id"] as? String == "acct-42")
            #expect((answer["service_notice"] as? String)?.contains(id) == true)

            // It is a GridHub case like any other: in the grid, on the open311 channel, the client's app.
            var query = CaseQuery()
            query.trackingNumbers = [id]
            let stored = try #require(try await CaseStore(database: runtime.database).cases(in: .street(1), query).items.first)
            #expect(stored.channel == .open311 && stored.classCode == "C0102")
            #expect(runtime.directory.current.grids[stored.gridID]?.code.value == Fixtures.grid1)
            #expect(stored.description.contains("严重程度：紧急") && stored.description.contains("部件编号"))

            let tokenJSON = try await client.get("\(Self.base)/tokens/\(token).json")
            #expect(tokenJSON.array.first?["service_request_id"] as? String == id)
            #expect(tokenJSON.array.first?["token"] as? String == token)
            let tokenXML = try #require(try await client.get("\(Self.base)/tokens/\(token).xml").xml)
            #expect(tokenXML.name == "service_requests" && tokenXML.child("request")?["service_request_id"] == id)
            #expect(try await client.get("\(Self.base)/tokens/no-such-token.json").status == .notFound)

            let one = try await client.get("\(Self.base)/requests/\(id).json?jurisdiction_id=\(DemoStreet.jurisdiction)")
            let request = try #require(one.array.first)
            #expect(one.array.count == 1)
            #expect(request["status"] as? String == "open" && request["service_code"] as? String == "C0102")
            #expect(request["service_name"] as? String == "污水井盖" && request["agency_responsible"] as? String == "排水")
            #expect((request["description"] as? String)?.hasPrefix("污水井盖丢了 <小心> & 绕行") == true)
            #expect(abs((request["lat"] as? Double ?? 0) - p.lat) < 1e-9 && abs((request["long"] as? Double ?? 0) - p.lon) < 1e-9)
            let requested = try #require(request["requested_datetime"] as? String)
            #expect(requested.hasSuffix("+08:00") && Open311Time.parse(requested) != nil)
            #expect(request.keys.contains("expected_datetime") && request["notes"] == nil)
            for field in ["email", "phone", "first_name", "device_id"] {
                #expect(!one.text.contains(field == "phone" ? "13912345678" : field))
            }

            let xml = try #require(try await client.get("\(Self.base)/requests/\(id).xml").xml)
            let r = try #require(xml.child("request"))
            #expect(xml.name == "service_requests" && r["service_request_id"] == id)
            #expect(r["description"]?.hasPrefix("污水井盖丢了 <小心> & 绕行") == true && r["agency_responsible"] == "排水")
            #expect(try await client.get("\(Self.base)/requests/YC-20000101-0001.json").status == .notFound)
        }
    }

    @Test(
        "POST with a photo (multipart media), address_string and address_id; a near-duplicate joins the first request",
        arguments: Engine.all)
    func mediaAndAddresses(engine: Engine) async throws {
        try await TestApp.run(engine) { client, runtime async throws in
            let key = try await Open311Fixture.key(runtime)
            let building = try #require(
                try await OrgStore(database: runtime.database).buildings(gridIDs: Array(runtime.directory.current.grids.keys))
                    .first)
            let withPhoto = try await client.postMultipart(
                "\(Self.base)/requests.xml",
                fields: [
                    "api_key": key, "service_code": "E0101", "address_string": "长春市朝阳区\(building.name)门口",
                    "description": "垃圾堆了三天",
                ],
                files: [Fixtures.jpegWithGPS])
            #expect(withPhoto.status == .ok)
            let id = try #require(Open311Fixture.requestID(withPhoto, .xml))
            let read = try #require(try await client.get("\(Self.base)/requests/\(id).json").array.first)
            let media = try #require(read["media_url"] as? String)
            #expect(media.contains("/api/v1/photos/") && read["address"] as? String == "长春市朝阳区\(building.name)门口")
            let photo = try await client.get(String(media[media.range(of: "/api/v1/photos/")!.lowerBound...]))
            #expect(photo.status == .ok && photo.headers[.contentType] == "image/jpeg")

            // The same class at the same building by address_id: the same problem, so the same request.
            let again = try await client.postForm(
                "\(Self.base)/requests.json?api_key=\(key)",
                [("service_code", "E0101"), ("address_id", "\(building.id)"), ("description", "还是那堆垃圾")])
            #expect(Open311Fixture.requestID(again, .json) == id)
            #expect((again.array.first?["service_notice"] as? String)?.contains("合并") == true)
            #expect(again.array.first?["token"] as? String != nil)
        }
    }

    @Test("bad POSTs get the specification's codes and write nothing", arguments: Engine.all)
    func refusals(engine: Engine) async throws {
        try await TestApp.run(engine) { client, runtime async throws in
            let key = try await Open311Fixture.key(runtime)
            let p = try Fixtures.center(runtime, grid: Fixtures.grid1)
            let place = [("lat", "\(p.lat)"), ("long", "\(p.lon)")]
            let before = try await Open311Fixture.count(runtime, "cases")
            let reporters = try await Open311Fixture.count(runtime, "case_reporters")
            let cases: [(String, [(String, String)], Int)] = [
                ("no key", [("service_code", "E0101")] + place, 403),
                ("wrong key", [("api_key", "gh311_wrong"), ("service_code", "E0101")] + place, 403),
                ("no service_code", [("api_key", key)] + place, 400),
                ("unknown service_code", [("api_key", key), ("service_code", "E9999")] + place, 404),
                ("no location", [("api_key", key), ("service_code", "E0101")], 400),
                ("lat without long", [("api_key", key), ("service_code", "E0101"), ("lat", "\(p.lat)")], 400),
                ("unknown address", [("api_key", key), ("service_code", "E0101"), ("address_string", "人民广场")], 400),
                ("outside the street", [("api_key", key), ("service_code", "E0101"), ("lat", "39.9"), ("long", "116.4")], 400),
                ("unknown attribute", [("api_key", key), ("service_code", "E0101"), ("attribute[colour]", "red")] + place, 400),
                ("bad list value", [("api_key", key), ("service_code", "E0101"), ("attribute[severity]", "dire")] + place, 400),
                ("bad email", [("api_key", key), ("service_code", "E0101"), ("email", "nobody")] + place, 400),
                (
                    "bad media_url", [("api_key", key), ("service_code", "E0101"), ("media_url", "file:///etc/passwd")] + place,
                    400
                ),
                (
                    "unknown jurisdiction",
                    [("api_key", key), ("service_code", "E0101"), ("jurisdiction_id", "x.gov.cn")] + place, 404
                ),
            ]
            for (why, fields, status) in cases {
                let json = try await client.postForm("\(Self.base)/requests.json", fields)
                #expect(json.status.code == status, "\(why)")
                #expect(json.array.first?["code"] as? Int == status && json.array.first?["description"] is String, "\(why)")
                let xml = try await client.postForm("\(Self.base)/requests.xml", fields)
                #expect(xml.xml?.name == "errors" && xml.xml?.child("error")?["code"] == "\(status)", "\(why)")
            }
            let json = try await client.post(
                "\(Self.base)/requests.json", raw: #"{"service_code":"E0101"}"#, contentType: "application/json")
            #expect(json.status == .unsupportedMediaType)
            #expect(try await Open311Fixture.count(runtime, "cases") == before)
            #expect(try await Open311Fixture.count(runtime, "case_reporters") == reporters)

            // A revoked key stops working at once.
            let revoked = try await ApiKeyStore(database: runtime.database).revoke("1")
            #expect(revoked.count == 1)
            let refused = try await client.postForm(
                "\(Self.base)/requests.json", [("api_key", key), ("service_code", "E0101")] + place)
            #expect(refused.status == .forbidden)
        }
    }

    @Test("GET requests: ids, codes, status, dates (at most 90 days), paging and extensions", arguments: Engine.all)
    func listing(engine: Engine) async throws {
        try await TestApp.run(engine) { client, runtime async throws in
            // The demo's history, around its fixed day.
            let from = Open311Time.format(TestApp.today.addingTimeInterval(-12 * 86_400))
            let to = Open311Time.format(TestApp.today.addingTimeInterval(86_400))
            let window = "start_date=\(from)&end_date=\(to)".replacingOccurrences(of: "+", with: "%2B")
            let all = try await client.get("\(Self.base)/requests.json?\(window)&page_size=200")
            #expect(all.status == .ok && all.array.count > 20 && all.array.count < 200)
            let dates = all.array.compactMap { ($0["requested_datetime"] as? String).flatMap(Open311Time.parse) }
            #expect(dates == dates.sorted(by: >) && dates.count == all.array.count)
            #expect(Set(all.array.compactMap { $0["status"] as? String }) == ["open", "closed"])

            let closed = try await client.get("\(Self.base)/requests.json?\(window)&status=closed&page_size=200")
            #expect(!closed.array.isEmpty && closed.array.allSatisfy { $0["status"] as? String == "closed" })
            let open = try await client.get("\(Self.base)/requests.json?\(window)&status=open&page_size=200")
            #expect(open.array.count + closed.array.count == all.array.count)
            let both = try await client.get("\(Self.base)/requests.json?\(window)&status=open,closed&page_size=200")
            #expect(both.array.count == all.array.count)

            let code = try #require(all.array.first?["service_code"] as? String)
            let byCode = try await client.get("\(Self.base)/requests.json?\(window)&service_code=\(code)&page_size=200")
            #expect(!byCode.array.isEmpty && byCode.array.allSatisfy { $0["service_code"] as? String == code })

            let ids = all.array.prefix(3).compactMap { $0["service_request_id"] as? String }
            let byID = try await client.get(
                "\(Self.base)/requests.json?service_request_id=\(ids.joined(separator: ","))&service_code=NONE")
            #expect(Set(byID.array.compactMap { $0["service_request_id"] as? String }) == Set(ids))

            let page1 = try await client.get("\(Self.base)/requests.json?\(window)&page_size=5")
            let page2 = try await client.get("\(Self.base)/requests.xml?\(window)&page_size=5&page=2")
            let second = try #require(page2.xml).all("request").compactMap { $0["service_request_id"] }
            #expect(page1.array.count == 5 && second.count == 5)
            #expect(
                page1.array.compactMap { $0["service_request_id"] as? String } + second
                    == all.array.prefix(10).compactMap { $0["service_request_id"] as? String })

            // Dates: the demo lies in the past, so the default window (the last 90 days from now) may hold
            // none of it, but a fresh request is always in it.
            let key = try await Open311Fixture.key(runtime)
            let p = try Fixtures.center(runtime, grid: Fixtures.otherGrid)
            let fresh = try await client.postForm(
                "\(Self.base)/requests.json",
                [("api_key", key), ("service_code", "E0102"), ("lat", "\(p.lat)"), ("long", "\(p.lon)")])
            let freshID = try #require(Open311Fixture.requestID(fresh, .json))
            let recent = try await client.get("\(Self.base)/requests.json")
            #expect(recent.array.contains { $0["service_request_id"] as? String == freshID })
            #expect(
                !recent.array.contains {
                    ($0["requested_datetime"] as? String).flatMap(Open311Time.parse).map {
                        $0 < Date().addingTimeInterval(-91 * 86_400)
                    } ?? true
                })

            for bad in [
                "start_date=2026-01-01&end_date=2026-06-01", "start_date=yesterday", "end_date=2026-01-01&start_date=2026-02-01",
                "status=pending", "page=0", "page_size=201", "page_size=ten", "page=9223372036854775807",
                "page=99999999999999999999", "page=-9223372036854775808", "page_size=9223372036854775807",
            ] {
                let r = try await client.get("\(Self.base)/requests.json?\(bad)")
                #expect(r.status == .badRequest && r.array.first?["code"] as? Int == 400, "\(bad)")
            }
        }
    }

    @Test(
        "extensions=true adds the timeline as notes, photos and the GridHub state; the due time becomes expected_datetime",
        arguments: Engine.all)
    func extensions(engine: Engine) async throws {
        try await TestApp.run(engine) { client, runtime async throws in
            let key = try await Open311Fixture.key(runtime)
            let p = try Fixtures.center(runtime, grid: Fixtures.grid1)
            let posted = try await client.postMultipart(
                "\(Self.base)/requests.json",
                fields: [
                    "api_key": key, "service_code": "E0404", "lat": "\(p.lat)", "long": "\(p.lon)", "description": "下水外溢",
                    "attribute[severity]": "serious", "media_url": "https://img.example.cn/a.jpg",
                ],
                files: [Fixtures.jpegWithGPS])
            let id = try #require(Open311Fixture.requestID(posted, .json))
            var query = CaseQuery()
            query.trackingNumbers = [id]
            let caseID = try #require(
                try await CaseStore(database: runtime.database).cases(in: .street(1), query).items.first?.id)
            let worker = try await client.token("wgy01")
            let centre = try await client.token("zhihui")
            for (action, token) in [("verify", worker), ("accept", centre), ("dispatch", centre)] {
                #expect(try await WorkflowHTTPTests.act(client, Int(caseID), action, token: token).status == .ok, "\(action)")
            }
            let plain = try #require(try await client.get("\(Self.base)/requests/\(id).json").array.first)
            #expect(plain["notes"] == nil && plain["extended_attributes"] == nil)
            #expect((plain["expected_datetime"] as? String)?.hasSuffix("+08:00") == true)
            #expect(
                (plain["status_notes"] as? String)?.hasPrefix("已派遣") == true && plain["agency_responsible"] as? String == "排水")

            let full = try #require(try await client.get("\(Self.base)/requests/\(id).json?extensions=true").array.first)
            let notes = try #require(full["notes"] as? [[String: Any]])
            #expect(notes.compactMap { $0["type"] as? String } == ["reported", "verify", "accept", "dispatch"])
            #expect(notes.first?["actor"] as? String == "上报人" && notes[1]["actor"] as? String == "网格员")
            let extended = try #require(full["extended_attributes"] as? [String: Any])
            let media = try #require(extended["media_urls"] as? [String])
            #expect(media.count == 2 && media[0].contains("/api/v1/photos/") && media[1] == "https://img.example.cn/a.jpg")
            let gridhub = try #require(extended["gridhub"] as? [String: Any])
            #expect(gridhub["state"] as? String == "dispatched" && gridhub["lead"] as? String == "department")
            let attributes = try #require(extended["attributes"] as? [[String: Any]])
            #expect(attributes.first?["code"] as? String == "severity" && attributes.first?["values"] as? [String] == ["serious"])

            let xml = try #require(try await client.get("\(Self.base)/requests/\(id).xml?extensions=true").xml?.child("request"))
            #expect(xml.child("notes")?.all("note").count == 4)
            #expect(xml.child("extended_attributes")?.child("gridhub")?["state_name"] == "已派遣")
        }
    }

    @Test(
        "jurisdiction_id: optional with one street, empty as absent, 404 when unknown, required once there are two",
        arguments: Engine.all)
    func jurisdictions(engine: Engine) async throws {
        try await TestApp.run(engine) { client, runtime async throws in
            #expect(try await client.get("\(Self.base)/services.json").status == .ok)
            #expect(try await client.get("\(Self.base)/services.json?jurisdiction_id=").status == .ok)
            #expect(try await client.get("\(Self.base)/services.json?jurisdiction_id=YONGCHANG.changchun.gov.cn").status == .ok)
            let unknown = try await client.get("\(Self.base)/services.xml?jurisdiction_id=nowhere.gov.cn")
            #expect(unknown.status == .notFound && unknown.xml?.child("error")?["code"] == "404")

            try await runtime.database.write { sql in
                try await sql.raw(
                    """
                    INSERT INTO streets (code, name, district_name, city_name, tracking_prefix, jurisdiction)
                    VALUES ('220104002', '清明街道', '朝阳区', '长春市', 'QM', 'qingming.changchun.gov.cn')
                    """
                ).run()
            }
            let ambiguous = try await client.get("\(Self.base)/services.json?jurisdiction_id=")
            #expect(ambiguous.status == .badRequest)
            #expect((ambiguous.array.first?["description"] as? String)?.contains("qingming.changchun.gov.cn") == true)
            #expect(try await client.get("\(Self.base)/services.json").status == .badRequest)
            let other = try await client.get("\(Self.base)/services.json?jurisdiction_id=qingming.changchun.gov.cn")
            #expect(other.status == .ok && other.array.isEmpty)  // it has no catalogue yet
            #expect(try await client.get("\(Self.base)/discovery.json").status == .ok)  // endpoint-wide
            let set = try await Open311Store(database: runtime.database).setJurisdiction(
                streetCode: "220104002", to: "qm.changchun.gov.cn")
            #expect(set)
            #expect(try await client.get("\(Self.base)/services.json?jurisdiction_id=qm.changchun.gov.cn").status == .ok)
        }
    }

    @Test("anonymous GETs are rate-limited per address with Retry-After; a client with a key is not", arguments: Engine.all)
    func rateLimit(engine: Engine) async throws {
        try await TestApp.run(engine, configure: { $0.open311ReadsPerMinute = 3 }) { client, runtime async throws in
            let key = try await Open311Fixture.key(runtime)
            // A minute may turn over between calls; then the count restarts, at most once in this loop.
            var admitted = 0
            var limited: TestResponse?
            for _ in 0..<7 {
                let read = try await client.get("\(Self.base)/services/E0101.xml")
                guard read.status == .ok else {
                    limited = read
                    break
                }
                admitted += 1
            }
            #expect((3...6).contains(admitted))
            #expect(
                limited?.status == .tooManyRequests
                    && limited?.headers[.retryAfter].flatMap(Int.init).map { (1...60).contains($0) } == true)
            #expect(limited?.xml?.child("error")?["code"] == "429")
            for _ in 0..<5 {
                #expect(try await client.get("\(Self.base)/services/E0101.json?api_key=\(key)").status == .ok)
            }
            #expect(try await client.get("\(Self.base)/services.json?api_key=gh311_wrong").status == .forbidden)
        }
    }

    @Test("an Idempotency-Key makes a retried POST answer the same request", arguments: Engine.all)
    func idempotent(engine: Engine) async throws {
        try await TestApp.run(engine) { client, runtime async throws in
            let key = try await Open311Fixture.key(runtime)
            let p = try Fixtures.center(runtime, grid: Fixtures.otherGrid)
            let fields = [("api_key", key), ("service_code", "E0501"), ("lat", "\(p.lat)"), ("long", "\(p.lon)")]
            let first = try await client.postForm("\(Self.base)/requests.json", fields, headers: [.idempotencyKeyName: "retry-1"])
            let second = try await client.postForm(
                "\(Self.base)/requests.json", fields, headers: [.idempotencyKeyName: "retry-1"])
            #expect(first.array.first?["service_request_id"] as? String == second.array.first?["service_request_id"] as? String)
            #expect(first.array.first?["token"] as? String == second.array.first?["token"] as? String)
            #expect(second.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
        }
    }
}

extension HTTPField.Name {
    static let idempotencyKeyName = Self("Idempotency-Key")!
}
