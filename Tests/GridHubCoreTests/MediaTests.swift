import Foundation
import Testing

@testable import GridHubCore

/// A small JPEG-structured file: JFIF, an EXIF segment holding a GPS tag, a quantisation table, a scan.
enum JPEGFixture {
    static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let length = payload.count + 2
        return [0xFF, marker, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    }

    static var withGPS: [UInt8] {
        let jfif = Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        let exif = Array("Exif".utf8) + [0, 0] + Array("MM".utf8) + [0, 42, 0, 0, 0, 8] + Array("GPSLatitude 43.88N".utf8)
        let dqt = [UInt8](repeating: 1, count: 65)
        let sos: [UInt8] = [1, 1, 0, 0, 63, 0]
        return [0xFF, 0xD8] + segment(0xE0, jfif) + segment(0xE1, exif) + segment(0xDB, dqt) + segment(0xDA, sos)
            + [0x12, 0x34, 0xFF, 0x00, 0x56] + [0xFF, 0xD9]
    }
}

@Suite("Photos")
struct MediaTests {
    @Test("image types are recognised by their bytes")
    func sniff() {
        #expect(ImageKind.sniff(JPEGFixture.withGPS) == .jpeg)
        #expect(ImageKind.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]) == .png)
        #expect(ImageKind.sniff(Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8)) == .webp)
        #expect(ImageKind.sniff([0, 0, 0, 24] + Array("ftypheic".utf8) + [0, 0, 0, 0]) == .heic)
        #expect(ImageKind.sniff(Array("<html>not an image</html>".utf8)) == nil)
        #expect(ImageKind.sniff([0xFF, 0xD8]) == nil)
    }

    @Test("EXIF with the GPS position is stripped from a JPEG; the image data is kept")
    func stripsExif() throws {
        let original = JPEGFixture.withGPS
        let stripped = try JPEGMetadata.strip(original)
        let text = String(decoding: stripped, as: UTF8.self)
        #expect(!text.contains("Exif") && !text.contains("GPS"))
        #expect(text.contains("JFIF"))
        #expect(Array(stripped.suffix(7)) == [0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD9])
        #expect(try JPEGMetadata.strip(stripped) == stripped)
    }

    @Test("a damaged JPEG is refused, not stored")
    func damaged() {
        var broken = JPEGFixture.withGPS
        broken[5] = 0xFF  // a segment length far beyond the file
        #expect(throws: GridHubError.self) { try JPEGMetadata.strip(Array(broken.prefix(30))) }
    }

    @Test("photo preparation refuses empty, oversized and non-image uploads")
    func preparation() throws {
        #expect(throws: GridHubError.self) { try PhotoPreparation.prepare([]) }
        #expect(throws: GridHubError.self) { try PhotoPreparation.prepare(Array("hello".utf8)) }
        let big = [0xFF, 0xD8, 0xFF] + [UInt8](repeating: 0, count: ReportRules.maxPhotoBytes)
        #expect(throws: GridHubError.self) { try PhotoPreparation.prepare(big) }
        #expect(try PhotoPreparation.prepare(JPEGFixture.withGPS).kind == .jpeg)
    }
}

@Suite("Tracking numbers, sign-in and scope")
struct SmallRuleTests {
    @Test("tracking numbers read YC-yyyyMMdd-0042 on the Shanghai calendar day")
    func tracking() {
        #expect(TrackingNumber(prefix: "YC", day: "20261127", sequence: 42).value == "YC-20261127-0042")
        #expect(TrackingNumber(prefix: "YC", day: "20261127", sequence: 12_345).value == "YC-20261127-12345")
        // 16:30 UTC on the 26th is already 00:30 on the 27th in Changchun.
        let late = ISO8601DateFormatter().date(from: "2026-11-26T16:30:00Z")!
        #expect(TrackingNumber.day(of: late) == "20261127")
    }

    @Test("the fifth wrong password locks the account for 15 minutes")
    func lockout() throws {
        let now = Date(timeIntervalSince1970: 1_000_000)
        var failures = 0
        for _ in 1..<LoginPolicy.maxFailures {
            let next = LoginPolicy.afterFailure(failures: failures, now: now)
            #expect(next.lockedUntil == nil)
            failures = next.failures
        }
        let locked = LoginPolicy.afterFailure(failures: failures, now: now)
        #expect(locked.lockedUntil == now.addingTimeInterval(15 * 60))
        var account = Account(
            id: 1, username: "a", displayName: "a", role: .resident, streetID: 1, communityID: nil, departmentID: nil,
            gridIDs: [], phone: nil, disabled: false, failedLogins: 0, lockedUntil: locked.lockedUntil)
        #expect(throws: GridHubError.self) { try LoginPolicy.check(account, now: now.addingTimeInterval(60)) }
        try LoginPolicy.check(account, now: now.addingTimeInterval(16 * 60))
        account.disabled = true
        #expect(throws: GridHubError.self) { try LoginPolicy.check(account, now: now.addingTimeInterval(16 * 60)) }
    }

    @Test("each role reads the cases of its own scope")
    func scopes() {
        func p(_ role: Role) -> Principal {
            Principal(accountID: 5, username: "u", role: role, streetID: 1, communityID: 2, departmentID: 3, gridIDs: [4])
        }
        #expect(p(.commandCentre).caseScope == .street(1))
        #expect(p(.leader).caseScope == .street(1))
        #expect(p(.communityStaff).caseScope == .community(2))
        #expect(p(.gridWorker).caseScope == .grids([4]))
        #expect(p(.departmentHandler).caseScope == .department(3))
        #expect(p(.enforcementTeam).caseScope == .department(3))
        #expect(p(.resident).caseScope == .reportedBy(5))
        #expect(p(.unitHead).caseScope == .reportedBy(5))
    }
}
