/// Reading big- and little-endian numbers at an offset, never past the end: a short read is a
/// damaged image (a thrown error), not a trap.
struct ImageBytes {
    let bytes: [UInt8]
    let kind: ImageKind

    var count: Int { bytes.count }

    var damaged: GridHubError {
        GridHubError(.unprocessable, "invalid_image", "The \(kind.rawValue.uppercased()) file is damaged and cannot be read.")
    }

    func byte(_ at: Int) throws -> UInt8 {
        guard at >= 0, at < bytes.count else { throw damaged }
        return bytes[at]
    }

    /// `width` bytes from `at`, most significant first.
    func big(_ at: Int, _ width: Int) throws -> Int {
        guard at >= 0, width <= 8, at <= bytes.count - width else { throw damaged }
        var n: UInt64 = 0
        for i in at..<(at + width) { n = n << 8 | UInt64(bytes[i]) }
        guard n <= UInt64(Int.max) else { throw damaged }
        return Int(n)
    }

    /// `width` bytes from `at`, least significant first.
    func little(_ at: Int, _ width: Int) throws -> Int {
        guard at >= 0, width <= 4, at <= bytes.count - width else { throw damaged }
        var n = 0
        for i in (at..<(at + width)).reversed() { n = n << 8 | Int(bytes[i]) }
        return n
    }

    func text(_ at: Int, _ width: Int) throws -> String {
        guard at >= 0, at <= bytes.count - width else { throw damaged }
        return String(decoding: bytes[at..<(at + width)], as: UTF8.self)
    }

    /// `at + length`, when that range lies inside the file.
    func end(_ at: Int, _ length: Int) throws -> Int {
        guard at >= 0, length >= 0, length <= bytes.count - at else { throw damaged }
        return at + length
    }
}
