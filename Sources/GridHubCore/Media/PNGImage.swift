/// Reads a PNG chunk by chunk, checking every chunk's CRC: IHDR first (the size), IEND last with
/// nothing after it. Text and EXIF chunks (eXIf, tEXt, zTXt, iTXt, tIME) are dropped: PNG cameras and
/// editors put location, device and time there.
enum PNGImage {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    static let metadata: Set<String> = ["eXIf", "tEXt", "zTXt", "iTXt", "tIME"]

    static func read(_ png: [UInt8]) throws -> (width: Int, height: Int, stripped: [UInt8]) {
        let b = ImageBytes(bytes: png, kind: .png)
        guard png.starts(with: signature) else { throw b.damaged }
        var out = signature
        out.reserveCapacity(png.count)
        var size: (width: Int, height: Int)?
        var i = signature.count
        while true {
            let length = try b.big(i, 4)
            let type = try b.text(i + 4, 4)
            let dataEnd = try b.end(i + 8, length)
            let end = try b.end(dataEnd, 4)
            guard try b.big(dataEnd, 4) == Int(CRC32.checksum(png[(i + 4)..<dataEnd])) else { throw b.damaged }
            if size == nil {
                guard type == "IHDR", length == 13 else { throw b.damaged }
                size = (try b.big(i + 8, 4), try b.big(i + 12, 4))
            }
            if !metadata.contains(type) { out += png[i..<end] }
            i = end
            if type == "IEND" {
                guard i == png.count, let size else {
                    throw GridHubError(.unprocessable, "trailing_data", "The PNG file carries data after the image's end.")
                }
                return (size.width, size.height, out)
            }
        }
    }
}

/// The CRC-32 of PNG chunks (ISO 3309, polynomial 0xEDB88320).
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes { c = table[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
