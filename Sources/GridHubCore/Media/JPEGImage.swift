/// Reads a JPEG's structure segment by segment (through every scan of a progressive image), takes its
/// size from the frame header, and drops its metadata without re-encoding: EXIF and XMP (APP1: GPS
/// position, camera serial, time), IPTC (APP13), comments (COM) and the other APPn segments except
/// JFIF (APP0), ICC colour profiles (APP2) and Adobe's colour transform (APP14). Nothing may follow
/// the end-of-image marker.
enum JPEGImage {
    static func read(_ jpeg: [UInt8]) throws -> (width: Int, height: Int, stripped: [UInt8]) {
        let b = ImageBytes(bytes: jpeg, kind: .jpeg)
        guard try b.byte(0) == 0xFF, try b.byte(1) == 0xD8 else { throw b.damaged }
        var out: [UInt8] = [0xFF, 0xD8]
        out.reserveCapacity(jpeg.count)
        var size: (width: Int, height: Int)?
        var i = 2
        while true {
            guard try b.byte(i) == 0xFF else { throw b.damaged }
            var j = i + 1
            while try b.byte(j) == 0xFF { j += 1 }  // fill bytes
            let marker = try b.byte(j)
            if marker == 0xD9 {
                guard j + 1 == jpeg.count else {
                    throw GridHubError(.unprocessable, "trailing_data", "The JPEG file carries data after the image's end.")
                }
                guard let size else { throw b.damaged }
                out += [0xFF, 0xD9]
                return (size.width, size.height, out)
            }
            if (0xD0...0xD7).contains(marker) || marker == 0x01 {  // standalone markers carry no length
                out += [0xFF, marker]
                i = j + 1
                continue
            }
            let end = try b.end(j + 1, try b.big(j + 1, 2))
            guard end - j - 1 >= 2 else { throw b.damaged }
            if isFrameHeader(marker) {
                size = (try b.big(j + 6, 2), try b.big(j + 4, 2))
            }
            if !isMetadata(marker) { out += [0xFF] + jpeg[j..<end] }
            i = end
            if marker == 0xDA {  // a scan: entropy-coded data runs to the next marker that is not a restart
                guard size != nil else { throw b.damaged }
                var k = i
                while true {
                    if try b.byte(k) == 0xFF {
                        let next = try b.byte(k + 1)
                        if next != 0x00 && !(0xD0...0xD7).contains(next) { break }
                        k += 2
                    } else {
                        k += 1
                    }
                }
                out += jpeg[i..<k]
                i = k
            }
        }
    }

    /// SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC).
    static func isFrameHeader(_ marker: UInt8) -> Bool {
        (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker)
    }

    static func isMetadata(_ marker: UInt8) -> Bool {
        switch marker {
        case 0xE0, 0xE2, 0xEE: false  // JFIF, ICC profile, Adobe
        case 0xE1...0xEF, 0xFE: true  // EXIF/XMP, other APPn, COM
        default: false
        }
    }
}
