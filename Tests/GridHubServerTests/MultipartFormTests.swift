import Foundation
import GridHubCore
import Testing

@testable import GridHubServer

@Suite("multipart/form-data")
struct MultipartFormTests {
    static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test("fields and files come out in order; a form with no parts is empty")
    func parts() throws {
        let body = Self.bytes(
            "preamble\r\n--b\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n已疏通\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"照片.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
            + [0xFF, 0xD8, 0x0D, 0x0A, 0x2D] + Self.bytes("\r\n--b\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nx\r\n--b--\r\n")
        let form = try MultipartForm.parse(body, boundary: "b")
        #expect(form.pairs.map(\.name) == ["note", "note"] && form.fields["note"] == "x")
        #expect(form.files == [[0xFF, 0xD8, 0x0D, 0x0A, 0x2D]])
        #expect(try MultipartForm.parse(Self.bytes("--b--\r\n"), boundary: "b").pairs.isEmpty)
    }

    @Test("any bytes give a form or a 400, never a trap (a header name with non-ASCII bytes stopped the server)")
    func hostile() {
        let cases: [[UInt8]] = [
            Self.bytes("--b\r\nì--b--\r\n"), Self.bytes("--b\r\n\u{00EC}: x\r\n\r\nv\r\n--b--"), Self.bytes("--b"), Self.bytes("--b\r\n"),
            Self.bytes("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end"), [], [0xFF, 0xFE, 0x00],
            Self.bytes("x--b\r\n\r\n\r\n--b--"), Self.bytes("--b\r\n: v\r\n\r\nx\r\n--b--"),
        ]
        for body in cases {
            #expect(throws: GridHubError.self, "\(body)") { try MultipartForm.parse(body, boundary: "b") }
        }
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let alphabet: [UInt8] = [45, 98, 13, 10, 58, 0xEC, 34, 120]
            let body: [UInt8] = (0..<Int.random(in: 0..<60, using: &random)).map { _ in
                alphabet[Int.random(in: 0..<alphabet.count, using: &random)]
            }
            _ = try? MultipartForm.parse(body, boundary: "b")
        }
    }

    @Test("a form of more than 64 parts is refused")
    func tooManyParts() {
        let body = (0..<65).map { "--b\r\nContent-Disposition: form-data; name=\"f\($0)\"\r\n\r\nv\r\n" }.joined() + "--b--\r\n"
        #expect(throws: GridHubError.self) { try MultipartForm.parse(Self.bytes(body), boundary: "b") }
    }
}
