/// Reads a WebP's RIFF chunks (which must fill the file exactly), takes the size from VP8X, VP8 or
/// VP8L, and drops the EXIF and XMP chunks, clearing their flags in VP8X.
enum WebPImage {
    static func read(_ webp: [UInt8]) throws -> (width: Int, height: Int, stripped: [UInt8]) {
        let b = ImageBytes(bytes: webp, kind: .webp)
        guard try b.text(0, 4) == "RIFF", try b.text(8, 4) == "WEBP" else { throw b.damaged }
        guard try b.little(4, 4) == webp.count - 8 else {
            throw GridHubError(.unprocessable, "trailing_data", "The WebP file's length does not match its RIFF header.")
        }
        var chunks: [UInt8] = []
        var canvas: (width: Int, height: Int)?
        var frame: (width: Int, height: Int)?
        var i = 12
        while i < webp.count {
            let type = try b.text(i, 4)
            let length = try b.little(i + 4, 4)
            let data = i + 8
            let end = try b.end(data, length + length % 2)
            let least = ["VP8X": 10, "VP8 ": 10, "VP8L": 5][type] ?? 0
            guard length >= least else { throw b.damaged }
            switch type {
            case "VP8X":
                canvas = (try b.little(data + 4, 3) + 1, try b.little(data + 7, 3) + 1)
            case "VP8 ":
                guard try b.byte(data + 3) == 0x9D, try b.byte(data + 4) == 0x01, try b.byte(data + 5) == 0x2A else {
                    throw b.damaged
                }
                frame = (try b.little(data + 6, 2) & 0x3FFF, try b.little(data + 8, 2) & 0x3FFF)
            case "VP8L":
                guard try b.byte(data) == 0x2F else { throw b.damaged }
                let bits = try b.little(data + 1, 4)
                frame = ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
            default:
                break
            }
            if type != "EXIF" && type != "XMP " {
                var chunk = Array(webp[i..<end])
                if type == "VP8X" { chunk[8] &= ~UInt8(0x08 | 0x04) }  // no EXIF, no XMP any more
                chunks += chunk
            }
            i = end
        }
        guard let size = canvas ?? frame, frame != nil || canvas != nil else { throw b.damaged }
        let riff = UInt32(chunks.count + 4)
        let header = Array("RIFF".utf8) + (0..<4).map { UInt8(truncatingIfNeeded: riff >> (8 * $0)) } + Array("WEBP".utf8)
        return (size.width, size.height, header + chunks)
    }
}
