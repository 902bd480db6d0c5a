/// Removes metadata from a JPEG without re-encoding it: EXIF and XMP (APP1, which carry GPS
/// position, camera serial and time), IPTC (APP13), comments (COM) and the other APPn segments
/// except JFIF (APP0), ICC colour profiles (APP2) and Adobe colour transform (APP14).
public enum JPEGMetadata {
    /// Returns the JPEG without its metadata segments; throws when the structure is broken.
    public static func strip(_ jpeg: [UInt8]) throws -> [UInt8] {
        guard jpeg.count >= 4, jpeg[0] == 0xFF, jpeg[1] == 0xD8 else { throw invalid }
        var out: [UInt8] = [0xFF, 0xD8]
        out.reserveCapacity(jpeg.count)
        var i = 2
        while i < jpeg.count {
            guard jpeg[i] == 0xFF else { throw invalid }
            var marker = jpeg[i + 1 < jpeg.count ? i + 1 : i]
            var j = i + 1
            while marker == 0xFF, j + 1 < jpeg.count {  // fill bytes
                j += 1
                marker = jpeg[j]
            }
            // Start of scan: entropy-coded data follows to the end; copy the rest unchanged.
            if marker == 0xDA {
                out.append(contentsOf: jpeg[i...])
                return out
            }
            if marker == 0xD9 {
                out.append(contentsOf: [0xFF, 0xD9])
                return out
            }
            // Standalone markers (RSTn, TEM) carry no length.
            if (0xD0...0xD7).contains(marker) || marker == 0x01 {
                out.append(contentsOf: [0xFF, marker])
                i = j + 1
                continue
            }
            guard j + 2 < jpeg.count else { throw invalid }
            let length = Int(jpeg[j + 1]) << 8 | Int(jpeg[j + 2])
            let end = j + 1 + length
            guard length >= 2, end <= jpeg.count else { throw invalid }
            if !isMetadata(marker) {
                out.append(0xFF)
                out.append(contentsOf: jpeg[j..<end])
            }
            i = end
        }
        return out
    }

    static func isMetadata(_ marker: UInt8) -> Bool {
        switch marker {
        case 0xE0, 0xE2, 0xEE: false  // JFIF, ICC profile, Adobe
        case 0xE1...0xEF, 0xFE: true  // EXIF/XMP, other APPn, COM
        default: false
        }
    }

    static let invalid = GridHubError(.unprocessable, "invalid_image", "The JPEG file is damaged and cannot be read.")
}
