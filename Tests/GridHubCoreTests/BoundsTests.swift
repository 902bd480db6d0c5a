import Foundation
import GridHubCore
import Testing

@Suite("Bounded request values")
struct BoundsTests {
    static let edges = [
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-1", "0", "1e3", "abc", "99999999999999999999",
    ]

    @Test("limit and offset stay within 1–200 and 0–100,000; anything else is a 400 naming the parameter")
    func paging() throws {
        let window = try PageWindow(limit: "200", offset: "100000")
        #expect(window.limit == 200 && window.offset == 100_000)
        #expect(try PageWindow(limit: nil, offset: "").limit == 50)
        for raw in Self.edges + ["201"] {
            #expect(throws: GridHubError.invalid("limit", "'limit' is a whole number from 1 to 200.")) {
                try PageWindow(limit: raw, offset: nil)
            }
        }
        for raw in Self.edges.filter({ $0 != "0" }) + ["100001"] {
            #expect(throws: GridHubError.self) { try PageWindow(limit: nil, offset: raw) }
        }
    }

    @Test("Open311's page never multiplies past the deepest offset")
    func open311Pages() throws {
        #expect(try PageWindow(page: "3", pageSize: "5") == PageWindow(limit: "5", offset: "10"))
        #expect(try PageWindow(page: nil, pageSize: nil).limit == 200)
        #expect(try PageWindow(page: "501", pageSize: "200").offset == 100_000)
        #expect(try PageWindow(page: "502", pageSize: "200").limit == 0, "past the deepest page: empty")
        #expect(try PageWindow(page: "100001", pageSize: "1").offset == 100_000)
        #expect(throws: GridHubError.self) { try PageWindow(page: "100002", pageSize: "1") }
        for raw in Self.edges {
            #expect(throws: GridHubError.self) { try PageWindow(page: raw, pageSize: "1") }
        }
        #expect(throws: GridHubError.self) { try PageWindow(page: "1", pageSize: "201") }
    }

    @Test("request dates lie between 2000 and 2100 and ranges span at most 366 days")
    func dates() throws {
        let day = try RequestDates.parse("2026-11-27", "from")
        #expect(day == Date(timeIntervalSince1970: 1_795_708_800))  // midnight in Shanghai
        #expect(try RequestDates.parse("2026-11-27T00:00:00Z", "to") == Date(timeIntervalSince1970: 1_795_737_600))
        for raw in ["1969-12-31", "2100-01-02", "9999-12-31T23:59:59Z", "0001-01-01", "2026-13-45", "2026-11-27x", "yesterday"] {
            #expect(throws: GridHubError.self, "\(raw)") { try RequestDates.parse(raw, "from") }
        }
        try RequestDates.checkRange(from: day, to: day.addingTimeInterval(366 * 86_400))
        #expect(throws: GridHubError.self) { try RequestDates.checkRange(from: day, to: day.addingTimeInterval(367 * 86_400)) }
        #expect(throws: GridHubError.self) { try RequestDates.checkRange(from: day, to: day) }
    }

    @Test("a stream's resume point is a JSON-safe millisecond count brought within the last day")
    func cursor() throws {
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        #expect(try StreamCursor.start(since: nil, now: now) == now)
        #expect(try StreamCursor.start(since: "0", now: now) == now.addingTimeInterval(-86_400))
        #expect(try StreamCursor.start(since: "9007199254740991", now: now) == now)
        #expect(try StreamCursor.start(since: "1794999999000", now: now) == now.addingTimeInterval(-1))
        for raw in ["-9223372036854775808", "9223372036854775807", "9007199254740992", "-1", "1.5", "x"] {
            #expect(throws: GridHubError.self, "\(raw)") { try StreamCursor.start(since: raw, now: now) }
        }
    }
}

@Suite("Client addresses behind proxies")
struct ForwardedForTests {
    @Test("X-Forwarded-For is believed only from a trusted proxy, and only up to the first untrusted hop")
    func forwarded() {
        let trusted: Set<String> = ["10.0.0.1", "10.0.0.2"]
        #expect(ForwardedFor.client(peer: "203.0.113.9", header: "1.2.3.4", trusted: trusted) == "203.0.113.9")
        #expect(ForwardedFor.client(peer: "10.0.0.1", header: "198.51.100.7", trusted: trusted) == "198.51.100.7")
        #expect(ForwardedFor.client(peer: "10.0.0.1", header: "6.6.6.6, 198.51.100.7, 10.0.0.2", trusted: trusted) == "198.51.100.7")
        #expect(ForwardedFor.client(peer: "10.0.0.1", header: nil, trusted: trusted) == "10.0.0.1")
        #expect(ForwardedFor.client(peer: nil, header: "1.2.3.4", trusted: trusted) == nil)
    }
}
