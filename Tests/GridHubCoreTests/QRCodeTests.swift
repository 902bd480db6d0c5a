import Foundation
import Testing

@testable import GridHubCore

@Suite("QR codes for check-in links")
struct QRCodeTests {
    /// Matrices written by the Python `qrcode` package (byte mode, level M, the same mask), one row a line.
    static func reference(_ name: String) throws -> [[Bool]] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name).txt")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { $0.map { $0 == "1" } }
    }

    @Test("module for module the same as an independent encoder, versions 1, 4 and 9 (with version information)")
    func matchesReference() throws {
        let cases: [(String, Int, String, Int)] = [
            ("http://127.0.0.1:8080/patrol?check_in=building:12", 0, "qr-mask0-v4", 4),
            ("hello", 3, "qr-mask3-v1", 1),
            (
                "https://gridhub.example.cn/patrol?check_in=place:1234&x=" + String(repeating: "a", count: 120), 5, "qr-mask5-v9",
                9
            ),
        ]
        for (text, mask, file, version) in cases {
            let code = try #require(QRCode(text, mask: mask))
            #expect(code.version == version)
            #expect(code.modules == (try Self.reference(file)), "\(file)")
        }
    }

    @Test("too long for version 10 gives nil; the SVG has a quiet zone and one path")
    func limits() throws {
        #expect(QRCode(String(repeating: "x", count: 214)) == nil)
        #expect(QRCode(String(repeating: "x", count: 213))?.version == 10)
        let svg = try #require(QRCode("hello")).svg(scale: 2)
        #expect(svg.hasPrefix("<svg") && svg.contains("viewBox=\"0 0 29 29\"") && svg.contains("<path d=\"M4 4h1v1h-1z"))
    }
}
