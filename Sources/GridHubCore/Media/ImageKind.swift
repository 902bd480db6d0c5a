/// The image formats a report may carry, recognised by their first bytes, never by file name.
public enum ImageKind: String, Sendable, Codable, CaseIterable {
    case jpeg
    case png
    case webp
    case heic
    /// Only GridHub draws these (``EvidenceMap``); an upload is never taken for one.
    case svg

    public var mimeType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .webp: "image/webp"
        case .heic: "image/heic"
        case .svg: "image/svg+xml"
        }
    }

    /// The format of a stored file: an accepted upload's, or an evidence map GridHub drew.
    public static func stored<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> ImageKind? {
        sniff(bytes) ?? (bytes.starts(with: Array("<svg xmlns=".utf8)) ? .svg : nil)
    }

    /// Identifies the format from magic bytes, or nil when the bytes are not an image we accept.
    public static func sniff<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> ImageKind? {
        let head = Array(bytes.prefix(16))
        if head.count >= 3, head[0] == 0xFF, head[1] == 0xD8, head[2] == 0xFF { return .jpeg }
        if head.count >= 8, head[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] { return .png }
        if head.count >= 12, head[0..<4] == Array("RIFF".utf8)[...], head[8..<12] == Array("WEBP".utf8)[...] {
            return .webp
        }
        if head.count >= 12, head[4..<8] == Array("ftyp".utf8)[...] {
            let brand = String(decoding: head[8..<12], as: UTF8.self)
            if ["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"].contains(brand) { return .heic }
        }
        return nil
    }
}
