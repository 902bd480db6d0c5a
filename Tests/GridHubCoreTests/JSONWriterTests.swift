import Foundation
import Testing

@testable import GridHubCore

@Suite("The hot answers' JSON writer: the same bytes as Foundation's encoder")
struct JSONWriterTests {
    static func foundation(_ value: some Encodable) throws -> String {
        String(decoding: try APIJSON.encoder(for: CaseSummary.self).encode(value), as: UTF8.self)
    }

    static func written(_ value: some Encodable) throws -> String {
        String(decoding: try JSONWriter.encode(value), as: UTF8.self)
    }

    static func summary(_ n: Int64, description: String, at: Date) -> CaseSummary {
        var c = CaseSummary(
            id: n, trackingNumber: "YC-20251205-\(n)", state: .inProgress, classCode: "C0113", text: "路灯/不亮",
            description: description, address: n.isMultiple(of: 2) ? nil : "永昌街道 1 号",
            location: Coordinate(lat: 43.88261632624192, lon: 125.0 + Double(n) / 7), gridID: 2, communityID: 3,
            streetID: 4, channel: .miniProgram, reporterCount: 1, departmentID: n.isMultiple(of: 3) ? nil : 5,
            photos: n.isMultiple(of: 2) ? [] : ["a/b.jpg"], reportedAt: at, updatedAt: at.addingTimeInterval(0.999))
        c.dueAt = n.isMultiple(of: 2) ? at.addingTimeInterval(86_400.5) : nil
        c.allowedActions = [.handle, .return]
        c.rating = n.isMultiple(of: 5) ? .satisfied : nil
        return c
    }

    @Test("a page of cases and timelines: awkward text, missing fields, dates with milliseconds")
    func cases() throws {
        var rng = SystemRandomNumberGenerator()
        let awkward = "引号\"反斜杠\\斜杠/换行\n回车\r制表\t\u{08}\u{0C}\u{01}\u{1F}😀 end"
        var page: [CaseSummary] = []
        for n in Int64(1)...60 {
            let millis = Int64.random(in: -2_000_000_000_000...4_000_000_000_000, using: &rng)
            page.append(
                Self.summary(
                    n, description: n == 7 ? awkward : "第\(n)网格：井盖松动。", at: Date(timeIntervalSince1970: Double(millis) / 1_000)))
        }
        #expect(try Self.written(page) == Self.foundation(page))
        let events = page.prefix(5).map {
            TimelineEvent(
                id: $0.id, caseID: $0.id, at: $0.reportedAt, kind: .dispatch, actorRole: $0.id == 2 ? nil : .commandCentre,
                actor: "中心", fromState: .accepted, toState: .dispatched, note: awkward, photos: $0.photos, detail: nil)
        }
        #expect(try Self.written(events) == Self.foundation(events))
    }

    @Test("numbers as Foundation writes them; an exponent or a non-finite number is left to Foundation")
    func numbers() throws {
        for d in [0.0, 1.0, -1.0, 0.1, 43.88, 125.3123456789, 1_234_567.0, -0.5, 1e15] {
            #expect(try Self.written([d]) == Self.foundation([d]), "\(d)")
        }
        for d in [1e-7, 1e20, Double.nan, .infinity] {
            #expect(throws: JSONWriter.Unsupported.self) { try JSONWriter.encode([d]) }
        }
        #expect(try Self.written([Int64.min, Int64.max]) == Self.foundation([Int64.min, Int64.max]))
    }

    @Test("keys sort as Foundation sorts them: by their bytes")
    func keyOrder() throws {
        let fields = ["item10": 1, "item2": 2, "a_b": 3, "ab": 4, "a": 5, "Zeta": 6, "due_at": 7, "due": 8, "B": 9, "街道": 10]
        #expect(try Self.written(fields) == Self.foundation(fields))
    }

    @Test("data, URLs and super-encoders are refused (the caller then uses Foundation)")
    func refused() {
        struct WithSuper: Encodable {
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: APIJSON.AnyKey.self)
                try "x".encode(to: c.superEncoder())
            }
        }
        #expect(throws: JSONWriter.Unsupported.self) { try JSONWriter.encode([Data([1, 2])]) }
        #expect(throws: JSONWriter.Unsupported.self) { try JSONWriter.encode([URL(fileURLWithPath: "/x")]) }
        #expect(throws: JSONWriter.Unsupported.self) { try JSONWriter.encode(WithSuper()) }
    }
}
