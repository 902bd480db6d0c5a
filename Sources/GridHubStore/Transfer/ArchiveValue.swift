/// One column value in an archive: what both engines can store and read back exactly.
enum ArchiveValue: Codable, Sendable, Equatable, Comparable {
    case null
    case integer(Int64)
    case real(Double)
    case boolean(Bool)
    case text(String)

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .boolean(b)
        } else if let i = try? c.decode(Int64.self) {
            self = .integer(i)
        } else if let d = try? c.decode(Double.self) {
            self = .real(d)
        } else {
            self = .text(try c.decode(String.self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .integer(let i): try c.encode(i)
        case .real(let d): try c.encode(d)
        case .boolean(let b): try c.encode(b)
        case .text(let s): try c.encode(s)
        }
    }

    /// An engine-independent order: null first, then numbers, booleans, and text by Unicode scalars.
    static func < (a: ArchiveValue, b: ArchiveValue) -> Bool {
        switch (a, b) {
        case (.integer(let x), .integer(let y)): x < y
        case (.real(let x), .real(let y)): x < y
        case (.integer(let x), .real(let y)): Double(x) < y
        case (.real(let x), .integer(let y)): x < Double(y)
        case (.boolean(let x), .boolean(let y)): !x && y
        case (.text(let x), .text(let y)): x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
        default: a.rank < b.rank
        }
    }

    private var rank: Int {
        switch self {
        case .null: 0
        case .integer, .real: 1
        case .boolean: 2
        case .text: 3
        }
    }
}
