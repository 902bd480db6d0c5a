/// Reads a HEIC's ISO base media boxes (which must fill the file exactly), takes the largest image
/// size its `ispe` properties declare, and blanks the bytes of its Exif and XMP items in place: the
/// boxes and every offset stay as they were, the location and device data are gone.
enum HEICImage {
    struct Box {
        var type: String
        /// Where the box's content starts (after the header) and where the box ends.
        var content: Int
        var end: Int
    }

    static func read(_ heic: [UInt8]) throws -> (width: Int, height: Int, stripped: [UInt8]) {
        let b = ImageBytes(bytes: heic, kind: .heic)
        let top = try boxes(b, from: 0, to: heic.count)
        guard top.first?.type == "ftyp", let meta = top.first(where: { $0.type == "meta" }) else { throw b.damaged }
        let inMeta = try boxes(b, from: meta.content + 4, to: meta.end)  // meta is a full box
        var largest: (width: Int, height: Int)?
        if let iprp = inMeta.first(where: { $0.type == "iprp" }) {
            for ipco in try boxes(b, from: iprp.content, to: iprp.end) where ipco.type == "ipco" {
                for property in try boxes(b, from: ipco.content, to: ipco.end) where property.type == "ispe" {
                    let size = (width: try b.big(property.content + 4, 4), height: try b.big(property.content + 8, 4))
                    if largest.map({ area(size) > area($0) }) ?? true { largest = size }
                }
            }
        }
        guard let largest else { throw b.damaged }
        var out = heic
        let metadata = try metadataItems(b, inMeta)
        if !metadata.isEmpty, let iloc = inMeta.first(where: { $0.type == "iloc" }) {
            let idat = inMeta.first { $0.type == "idat" }
            for extent in try extents(b, iloc, items: metadata, idat: idat) {
                for k in extent { out[k] = 0 }
            }
        }
        return (largest.width, largest.height, out)
    }

    /// Width × height without overflow (each is at most 2^32 − 1).
    static func area(_ size: (width: Int, height: Int)) -> UInt64 {
        UInt64(size.width) * UInt64(size.height)
    }

    /// The boxes that tile [from, to) exactly.
    static func boxes(_ b: ImageBytes, from start: Int, to limit: Int) throws -> [Box] {
        var found: [Box] = []
        var i = start
        while i < limit {
            var size = try b.big(i, 4)
            let type = try b.text(i + 4, 4)
            var header = 8
            if size == 1 {
                size = try b.big(i + 8, 8)
                header = 16
            } else if size == 0 {
                size = limit - i
            }
            guard size >= header, size <= limit - i else {
                throw GridHubError(.unprocessable, "trailing_data", "The HEIC file's boxes do not fill it exactly.")
            }
            found.append(Box(type: type, content: i + header, end: i + size))
            i += size
        }
        return found
    }

    /// The ids of the Exif and XMP items listed in `iinf`.
    static func metadataItems(_ b: ImageBytes, _ meta: [Box]) throws -> Set<Int> {
        guard let iinf = meta.first(where: { $0.type == "iinf" }) else { return [] }
        let version = try b.byte(iinf.content)
        let first = iinf.content + 4 + (version == 0 ? 2 : 4)
        var ids: Set<Int> = []
        for infe in try boxes(b, from: first, to: iinf.end) where infe.type == "infe" {
            let v = try b.byte(infe.content)
            guard v >= 2 else { continue }
            let idWidth = v == 2 ? 2 : 4
            let id = try b.big(infe.content + 4, idWidth)
            let typeAt = infe.content + 4 + idWidth + 2
            let type = try b.text(typeAt, 4)
            let xmp = type == "mime" ? try contentType(b, from: typeAt + 4, to: infe.end).hasPrefix("application/rdf+xml") : false
            if type == "Exif" || xmp { ids.insert(id) }
        }
        return ids
    }

    /// A `mime` item's content type, which follows its NUL-terminated name.
    static func contentType(_ b: ImageBytes, from start: Int, to end: Int) throws -> String {
        guard start <= end, let nul = b.bytes[start..<end].firstIndex(of: 0) else { throw b.damaged }
        return try b.text(nul + 1, min(19, end - nul - 1))
    }

    /// The byte ranges (in the file) of the given items, from `iloc`.
    static func extents(_ b: ImageBytes, _ iloc: Box, items: Set<Int>, idat: Box?) throws -> [Range<Int>] {
        let version = try b.byte(iloc.content)
        var i = iloc.content + 4
        let sizes = try b.byte(i)
        let more = try b.byte(i + 1)
        let (offsetSize, lengthSize, baseSize) = (Int(sizes >> 4), Int(sizes & 0x0F), Int(more >> 4))
        let indexSize = version == 1 || version == 2 ? Int(more & 0x0F) : 0
        i += 2
        let count = try b.big(i, version < 2 ? 2 : 4)
        i += version < 2 ? 2 : 4
        var ranges: [Range<Int>] = []
        for _ in 0..<min(count, b.count) {
            let id = try b.big(i, version < 2 ? 2 : 4)
            i += version < 2 ? 2 : 4
            var method = 0
            if version == 1 || version == 2 {
                method = try b.big(i, 2) & 0x0F
                i += 2
            }
            i += 2  // data reference index
            let base = try b.big(i, baseSize)
            i += baseSize
            let extentCount = try b.big(i, 2)
            i += 2
            for _ in 0..<extentCount {
                i += indexSize
                let offset = try b.big(i, offsetSize)
                let length = try b.big(i + offsetSize, lengthSize)
                i += offsetSize + lengthSize
                guard items.contains(id) else { continue }
                let origin: Int
                switch method {
                case 0: origin = 0
                case 1:
                    guard let idat else { throw b.damaged }
                    origin = idat.content
                default: throw b.damaged
                }
                guard base <= b.count, offset <= b.count else { throw b.damaged }
                let start = origin + base + offset
                ranges.append(start..<(try b.end(start, length == 0 ? b.count - start : length)))
            }
        }
        return ranges
    }
}
