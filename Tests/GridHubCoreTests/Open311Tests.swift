import Foundation
import Testing

@testable import GridHubCore

@Suite("Open311 documents, dates and attributes")
struct Open311CoreTests {
    static let doc = Open311Document(
        root: "service_requests",
        body: .list(
            item: "request",
            [
                .object([
                    "service_request_id": .text("YC-20261127-0001"), "description": .text("井盖<丢了> & \"危险\"\n第二行"),
                    "lat": .number(43.880123), "count": .number(2), "media_url": .text(nil), "metadata": .bool(true),
                ])
            ]))

    @Test("one tree renders JSON and XML with the specification's wrappers; Chinese and markup survive both")
    func renders() throws {
        let json = Self.doc.rendered(as: .json)
        #expect(
            json
                == #"[{"service_request_id":"YC-20261127-0001","description":"井盖<丢了> & \"危险\"\n第二行","lat":43.880123,"count":2,"media_url":null,"metadata":true}]"#
        )
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        #expect(decoded?.first?["description"] as? String == "井盖<丢了> & \"危险\"\n第二行")
        let xml = Self.doc.rendered(as: .xml)
        #expect(xml.hasPrefix(#"<?xml version="1.0" encoding="utf-8"?>"#))
        #expect(
            xml.hasSuffix(
                "<service_requests><request><service_request_id>YC-20261127-0001</service_request_id>"
                    + "<description>井盖&lt;丢了&gt; &amp; &quot;危险&quot;\n第二行</description><lat>43.880123</lat>"
                    + "<count>2</count><media_url/><metadata>true</metadata></request></service_requests>"))
    }

    @Test("characters XML 1.0 cannot carry are dropped; JSON escapes control characters")
    func controlCharacters() {
        #expect(Open311Document.escaped("a\u{1}b\u{FFFE}c") == "abc")
        #expect(Open311Document.quoted("a\u{1}b") == #""a\u0001b""#)
    }

    @Test("dates are written in Beijing time with a colon offset and read in every W3C form")
    func dates() throws {
        let date = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18T11:06:40Z
        #expect(Open311Time.format(date) == "2026-11-18T19:06:40+08:00")
        for text in [
            "2026-11-18T11:06:40Z", "2026-11-18T19:06:40+08:00", "2026-11-18T19:06:40+0800", "2026-11-18T19:06:40 08:00",
            "2026-11-18T11:06:40.000Z",
        ] {
            #expect(Open311Time.parse(text) == date, "\(text)")
        }
        #expect(Open311Time.parse("2026-11-18") == Open311Time.parse("2026-11-18T00:00:00+08:00"))
        #expect(Open311Time.parse("yesterday") == nil)
        #expect(Open311Time.parse("2026-13-01T00:00:00Z") == nil)
    }

    static let manhole = StandardCatalog.items.first { $0.code == "C0101" }!
    static let garbage = StandardCatalog.items.first { $0.kind == .event }!

    @Test("every datatype of the specification is offered; components also ask for their number")
    func definitions() {
        let component = Open311Attributes.definition(of: Self.manhole)
        #expect(Set(component.map(\.datatype)) == Set(Open311Datatype.allCases))
        #expect(component.map(\.order) == Array(1...component.count))
        #expect(component.contains { $0.code == "component_number" })
        #expect(!Open311Attributes.definition(of: Self.garbage).contains { $0.code == "component_number" })
    }

    @Test("posted answers are checked and normalised")
    func validAnswers() throws {
        let definition = Open311Attributes.definition(of: Self.manhole)
        let answers = try Open311Attributes.validate(
            [
                "severity": ["urgent"], "impacts": ["safety", "traffic", "safety"], "observed_at": ["2026-11-18T08:26:40Z"],
                "count": ["3"], "details": ["  "],
            ], against: definition)
        #expect(answers["impacts"] == ["traffic", "safety"])
        #expect(answers["observed_at"] == ["2026-11-18T16:26:40+08:00"])
        #expect(answers["count"] == ["3"])
        #expect(answers["details"] == nil)
        #expect(
            Open311Attributes.summary(answers, definition: definition)
                == "【附加信息】严重程度：紧急，危及安全；造成的影响（可多选）：阻碍通行、安全隐患；发现时间：2026-11-18T16:26:40+08:00；涉及数量（个、处）：3")
    }

    @Test(
        "bad answers are refused in words",
        arguments: [
            ("colour", ["red"]), ("severity", ["dire"]), ("severity", ["normal", "urgent"]), ("count", ["many"]),
            ("count", ["-1"]), ("observed_at", ["last night"]), ("location_detail", [String(repeating: "长", count: 201)]),
        ])
    func badAnswers(code: String, values: [String]) {
        #expect(throws: GridHubError.self) {
            try Open311Attributes.validate([code: values], against: Open311Attributes.definition(of: Self.manhole))
        }
    }

    @Test("a required attribute must be answered")
    func required() throws {
        var definition = Open311Attributes.definition(of: Self.garbage)
        definition[0].required = true
        let error = #expect(throws: GridHubError.self) { try Open311Attributes.validate([:], against: definition) }
        #expect(error?.code == "missing_attribute")
        #expect(try Open311Attributes.validate(["severity": ["normal"]], against: definition)["severity"] == ["normal"])
    }

    @Test("what a client sent beyond the report round-trips through its stored JSON")
    func extrasRoundTrip() {
        let extras = Open311Extras(
            attributes: ["severity": ["urgent"]], email: "zhang@example.cn", firstName: "张", lastName: "三",
            accountID: "acct-42", mediaURL: "https://img.example.cn/a.jpg")
        #expect(Open311Extras.decode(extras.json()) == extras)
        #expect(Open311Extras.decode("not json") == nil)
    }

    @Test("a written address finds the building it names, the longest name winning")
    func addresses() {
        let at = Coordinate(lat: 43.88, lon: 125.31)
        let buildings = [
            Building(id: 1, gridID: 1, name: "长山花园小区1号楼", location: at, floors: 6, units: []),
            Building(id: 2, gridID: 1, name: "长山花园小区12号楼", location: at, floors: 6, units: []),
        ]
        #expect(AddressMatcher.building(in: "长春市 长山花园小区12号楼 2单元", among: buildings)?.id == 2)
        #expect(AddressMatcher.building(in: "长山花园小区1号楼门前", among: buildings)?.id == 1)
        #expect(AddressMatcher.building(in: "人民广场", among: buildings) == nil)
    }

    @Test("the rules: jurisdictions, the 90-day window, and a stable reporter for clients without a device id")
    func rules() throws {
        let a = Street(
            id: 1, code: "1", name: "永昌街道", districtName: "", cityName: "", trackingPrefix: "YC", jurisdiction: "yc.gov.cn")
        let b = Street(
            id: 2, code: "2", name: "清明街道", districtName: "", cityName: "", trackingPrefix: "QM", jurisdiction: "qm.gov.cn")
        #expect(try Open311Rules.street(nil, among: [a])?.id == 1)
        #expect(try Open311Rules.street("QM.gov.cn", among: [a, b])?.id == 2)
        #expect(throws: GridHubError.self) { try Open311Rules.street(nil, among: [a, b]) }
        #expect(throws: GridHubError.self) { try Open311Rules.street("x.gov.cn", among: [a, b]) }
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        #expect(try Open311Rules.window(start: nil, end: nil, now: now).from == now.addingTimeInterval(-Open311Rules.window))
        #expect(throws: GridHubError.self) {
            try Open311Rules.window(start: now.addingTimeInterval(-91 * 86_400), end: now, now: now)
        }
        // A stand-in id is keyed: the same person gives the same id under one key, another id under another.
        let keyA: (String) -> String = { "a" + String($0.utf8.count) + String(repeating: "0", count: 40) }
        let keyB: (String) -> String = { "b" + String($0.utf8.count) + String(repeating: "1", count: 40) }
        let one = Open311Rules.deviceID(app: "city-app", deviceID: nil, accountID: nil, email: nil, phone: "13912345678", keyed: keyA)
        #expect(one == Open311Rules.deviceID(app: "city-app", deviceID: nil, accountID: nil, email: nil, phone: "13912345678", keyed: keyA))
        #expect(one != Open311Rules.deviceID(app: "city-app", deviceID: nil, accountID: nil, email: nil, phone: "13912345678", keyed: keyB))
        #expect(one.hasPrefix("open311:city-app:") && ReportRules.isValidDeviceID(one) && !one.contains("13912345678"))
        #expect(Open311Rules.deviceID(app: "city-app", deviceID: "phone-7", accountID: nil, email: nil, phone: nil, keyed: keyA) == "phone-7")
    }
}
