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
        return [0xFF, 0xD8] + segment(0xE0, jfif) + segment(0xE1, exif) + segment(0xDB, dqt) + segment(0xC0, [8, 0, 24, 0, 32, 1, 1, 0x11, 0])
            + segment(0xDA, sos)
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
        let stripped = try PhotoPreparation.prepare(original).bytes
        let text = String(decoding: stripped, as: UTF8.self)
        #expect(!text.contains("Exif") && !text.contains("GPS"))
        #expect(text.contains("JFIF"))
        #expect(Array(stripped.suffix(7)) == [0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD9])
        #expect(try PhotoPreparation.prepare(stripped).bytes == stripped)
        #expect(try JPEGImage.read(original).width == 32 && JPEGImage.read(original).height == 24)
    }

    @Test("a damaged JPEG, one with data after its end, one with no frame or a pixel bomb's size is refused")
    func damaged() {
        var broken = JPEGFixture.withGPS
        broken[5] = 0xFF  // a segment length far beyond the file
        #expect(throws: GridHubError.self) { try PhotoPreparation.prepare(Array(broken.prefix(30))) }
        let html = Array("<html><script>alert(1)</script></html>".utf8)
        #expect(throws: GridHubError.self) { try PhotoPreparation.prepare(JPEGFixture.withGPS + html) }
        #expect(throws: GridHubError.self) { try PhotoPreparation.prepare([0xFF, 0xD8, 0xFF, 0xE0] + html) }
        var bomb = JPEGFixture.withGPS
        let sof = try! #require(bomb.firstIndex(of: 0xC0))
        bomb.replaceSubrange((sof + 4)..<(sof + 8), with: [0x75, 0x30, 0x75, 0x30])  // 30,000 × 30,000
        #expect(throws: GridHubError(.unprocessable, "image_too_large", "The image declares 30000 × 30000 pixels; at most 40 megapixels.")) {
            try PhotoPreparation.prepare(bomb)
        }
    }

    @Test("PNG: text and EXIF chunks go, the size is read, bad CRCs, trailing data and pixel bombs are refused")
    func png() throws {
        let image = ImageFixture.png(width: 32, height: 24, extra: [("eXIf", Array("MM GPS 43.88N".utf8)), ("tEXt", Array("Location\u{0}home".utf8))])
        let prepared = try PhotoPreparation.prepare(image)
        let text = String(decoding: prepared.bytes, as: UTF8.self)
        #expect(prepared.kind == .png && !text.contains("GPS") && !text.contains("home") && text.contains("IDAT"))
        #expect(try PNGImage.read(prepared.bytes).width == 32)
        #expect(throws: GridHubError.self) { try PhotoPreparation.prepare(image + Array("<html>".utf8)) }
        #expect(throws: GridHubError.self) { try PhotoPreparation.prepare(PNGImage.signature + Array("<html><script>x</script>".utf8)) }
        var corrupt = image
        corrupt[40] ^= 0xFF
        #expect(throws: GridHubError.self) { try PhotoPreparation.prepare(corrupt) }
        #expect(throws: GridHubError.self) { try PhotoPreparation.prepare(ImageFixture.png(width: 30_000, height: 30_000)) }
    }

    @Test("WebP: EXIF and XMP chunks and their flags go; a wrong RIFF length or a pixel bomb is refused")
    func webp() throws {
        let image = ImageFixture.webp(width: 640, height: 480, exif: Array("GPS 43.88N".utf8))
        let prepared = try PhotoPreparation.prepare(image)
        #expect(!String(decoding: prepared.bytes, as: UTF8.self).contains("GPS"))
        #expect(prepared.bytes[20] & 0x0C == 0, "VP8X no longer announces EXIF or XMP")
        let read = try WebPImage.read(prepared.bytes)
        #expect(read.width == 640 && read.height == 480 && read.stripped == prepared.bytes)
        #expect(throws: GridHubError.self) { try PhotoPreparation.prepare(image + [0, 0]) }
        #expect(throws: GridHubError.self) { try PhotoPreparation.prepare(ImageFixture.webp(width: 16_000, height: 16_000, exif: [])) }
    }

    @Test("HEIC: the Exif item's bytes are blanked in place, the size comes from ispe, loose boxes are refused")
    func heic() throws {
        let image = ImageFixture.heic(width: 4032, height: 3024, exif: Array("Exif\u{0}\u{0}GPS 43.88N".utf8))
        let prepared = try PhotoPreparation.prepare(image)
        #expect(prepared.kind == .heic && prepared.bytes.count == image.count)
        #expect(!String(decoding: prepared.bytes, as: UTF8.self).contains("GPS"))
        #expect(try HEICImage.read(image).width == 4032)
        #expect(throws: GridHubError.self) { try PhotoPreparation.prepare(image + Array("<html>".utf8)) }
        #expect(throws: GridHubError.self) { try PhotoPreparation.prepare(ImageFixture.heic(width: 100_000, height: 100_000, exif: [])) }
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

    @Test("the fifth guess locks the account for 15 minutes; during the lock nothing is checked, and all refusals read alike")
    func lockout() throws {
        let now = Date(timeIntervalSince1970: 1_000_000)
        var failures = 0
        for _ in 1..<LoginPolicy.maxFailures {
            guard case .guess(let next, let lock) = LoginPolicy.reserve(failures: failures, lockedUntil: nil, now: now) else {
                Issue.record("a guess before the fifth is allowed")
                return
            }
            #expect(lock == nil)
            failures = next
        }
        let fifth = LoginPolicy.reserve(failures: failures, lockedUntil: nil, now: now)
        let until = now.addingTimeInterval(15 * 60)
        #expect(fifth == .guess(failures: 0, lockedUntil: until))
        #expect(LoginPolicy.reserve(failures: 0, lockedUntil: until, now: now.addingTimeInterval(60)) == .locked)
        #expect(LoginPolicy.reserve(failures: 0, lockedUntil: until, now: now.addingTimeInterval(16 * 60)) == .guess(failures: 1, lockedUntil: nil))
        // A right password while locked gets the same answer as a wrong one, or an unknown user.
        #expect(throws: LoginPolicy.refused) { try LoginPolicy.decide(.locked, passwordMatches: true, disabled: false) }
        #expect(throws: LoginPolicy.refused) { try LoginPolicy.decide(nil, passwordMatches: false, disabled: false) }
        #expect(throws: LoginPolicy.refused) { try LoginPolicy.decide(fifth, passwordMatches: false, disabled: true) }
        try LoginPolicy.decide(fifth, passwordMatches: true, disabled: false)
        #expect(throws: GridHubError.self) { try LoginPolicy.decide(fifth, passwordMatches: true, disabled: true) }
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

/// Small but well-formed PNG, WebP and HEIC files, as the formats' specifications lay them out.
enum ImageFixture {
    static func be32(_ n: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: n >> (24 - 8 * $0)) } }
    static func le(_ n: Int, _ width: Int) -> [UInt8] { (0..<width).map { UInt8(truncatingIfNeeded: n >> (8 * $0)) } }

    static func png(width: Int, height: Int, extra: [(String, [UInt8])] = []) -> [UInt8] {
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            return be32(data.count) + body + be32(Int(CRC32.checksum(body[...])))
        }
        let ihdr = be32(width) + be32(height) + [8, 2, 0, 0, 0]
        var out = PNGImage.signature + chunk("IHDR", ihdr)
        for (type, data) in extra { out += chunk(type, data) }
        return out + chunk("IDAT", [0x78, 0x9C, 0x63, 0, 0, 0, 1, 0, 1]) + chunk("IEND", [])
    }

    static func webp(width: Int, height: Int, exif: [UInt8]) -> [UInt8] {
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            Array(type.utf8) + le(data.count, 4) + data + (data.count % 2 == 1 ? [0] : [])
        }
        let vp8x = [exif.isEmpty ? 0 : 0x08, 0, 0, 0] + le(width - 1, 3) + le(height - 1, 3)
        let vp8 = [0x50, 0x01, 0x00, 0x9D, 0x01, 0x2A] + le(width, 2) + le(height, 2)
        var chunks = chunk("VP8X", vp8x) + chunk("VP8 ", vp8)
        if !exif.isEmpty { chunks += chunk("EXIF", exif) }
        return Array("RIFF".utf8) + le(chunks.count + 4, 4) + Array("WEBP".utf8) + chunks
    }

    static func heic(width: Int, height: Int, exif: [UInt8]) -> [UInt8] {
        func box(_ type: String, _ content: [UInt8]) -> [UInt8] { be32(content.count + 8) + Array(type.utf8) + content }
        func full(_ type: String, _ content: [UInt8]) -> [UInt8] { box(type, [0, 0, 0, 0] + content) }
        let ftyp = box("ftyp", Array("heic".utf8) + [0, 0, 0, 0] + Array("mif1heic".utf8))
        let infe = box("infe", [2, 0, 0, 0, 0, 2, 0, 0] + Array("Exif".utf8) + [0])
        let iinf = full("iinf", [0, 1] + infe)
        let ipco = box("ipco", full("ispe", be32(width) + be32(height)))
        let iprp = box("iprp", ipco)
        func meta(exifAt offset: Int) -> [UInt8] {
            let iloc = full("iloc", [0x44, 0x00, 0, 1, 0, 2, 0, 0, 0, 1] + be32(offset) + be32(exif.count))
            return full("meta", iinf + iloc + iprp)
        }
        let head = ftyp + meta(exifAt: 0)
        let exifAt = head.count + 8  // inside mdat, after its header
        return ftyp + meta(exifAt: exifAt) + box("mdat", exif + [1, 2, 3, 4])
    }
}
