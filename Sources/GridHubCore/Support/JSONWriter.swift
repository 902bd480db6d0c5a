import Foundation

/// The API's JSON for the hot answers (a page of cases, a timeline), written without Foundation's
/// `JSONEncoder`: the same bytes — sorted keys, unescaped slashes, ISO 8601 dates in UTC, whole
/// doubles without `.0` — written straight into bytes, without the coding paths, dictionaries and
/// boxed values Foundation builds for every key (a third of a work list's CPU).
///
/// For ``SnakeCaseKeyed`` values only (their keys are the API's names already). Anything it does not
/// write the way Foundation would (`Data`, `URL`, `Decimal`, nested containers, a super-encoder, a
/// non-finite number or one with an exponent)
/// throws ``Unsupported``, and the caller encodes with Foundation instead.
public enum JSONWriter {
    public struct Unsupported: Error {}

    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        let output = Output()
        output.bytes.reserveCapacity(4_096)
        try output.put(value)
        return output.bytes
    }

    /// Foundation's `.sortedKeys` order: the keys' UTF-8 bytes (`B` before `a`, `item10` before `item2`).
    static func precedes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    /// Appends `s` as a JSON string: without building a new string when nothing needs escaping (keys,
    /// codes, most text).
    static func quote(_ s: String, into bytes: inout [UInt8]) {
        var s = s
        let plain = s.withUTF8 { utf8 in
            guard !utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else { return false }
            bytes.append(0x22)
            bytes.append(contentsOf: utf8)
            bytes.append(0x22)
            return true
        }
        if !plain { bytes += quoted(s).utf8 }
    }

    /// A JSON string: quotes, backslashes and control characters escaped, slashes left alone.
    static func quoted(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else { return "\"" + s + "\"" }
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func number(_ d: Double) throws -> String {
        guard d.isFinite else { throw Unsupported() }
        var text = d.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        guard !text.contains("e") else { throw Unsupported() }  // Foundation spells exponents its own way
        return text
    }
}

/// The bytes written so far. A value is written in place; an object's fields are written in the
/// order they come, and put in key order (with their keys and commas) once the object is complete.
private final class Output {
    var bytes: [UInt8] = []

    func put<T: Encodable>(_ value: T) throws {
        if T.self == String.self {
            string(same(value, as: String.self))
        } else if T.self == Int.self {
            literal(String(same(value, as: Int.self)))
        } else if T.self == Int64.self {
            literal(String(same(value, as: Int64.self)))
        } else if T.self == Bool.self {
            literal(same(value, as: Bool.self) ? "true" : "false")
        } else if T.self == Double.self {
            literal(try JSONWriter.number(same(value, as: Double.self)))
        } else if T.self == Date.self {
            string(try ISODate.string(same(value, as: Date.self)))
        } else if T.self == Data.self || T.self == URL.self || T.self == Decimal.self || T.self == Float.self {
            throw JSONWriter.Unsupported()
        } else {
            let frame = Frame(output: self, start: bytes.count)
            try value.encode(to: FrameEncoder(frame: frame))
            try frame.finish()
        }
    }

    func literal(_ text: String) { bytes += text.utf8 }
    func string(_ text: String) { JSONWriter.quote(text, into: &bytes) }
}

/// `value` as the type it is (the caller has compared the types): no dynamic cast.
@inline(__always)
private func same<T, U>(_ value: T, as type: U.Type) -> U {
    withUnsafePointer(to: value) { $0.withMemoryRebound(to: U.self, capacity: 1) { $0.pointee } }
}

/// One value being encoded through its own `encode(to:)`: an object, an array or a single value.
private final class Frame {
    enum Kind { case unset, object, array, single }

    let output: Output
    let start: Int
    var kind = Kind.unset
    var fields: [(key: String, start: Int, end: Int)] = []
    var items = 0

    init(output: Output, start: Int) {
        self.output = output
        self.start = start
    }

    func become(_ kind: Kind) throws {
        if self.kind == kind, kind != .single { return }
        guard self.kind == .unset else { throw JSONWriter.Unsupported() }
        self.kind = kind
        if kind == .array { output.bytes.append(UInt8(ascii: "[")) }
    }

    func field(_ key: String, _ write: () throws -> Void) throws {
        let from = output.bytes.count
        try write()
        fields.append((key, from, output.bytes.count))
    }

    func item(_ write: () throws -> Void) throws {
        if items > 0 { output.bytes.append(UInt8(ascii: ",")) }
        items += 1
        try write()
    }

    func finish() throws {
        switch kind {
        case .single: return
        case .array: output.bytes.append(UInt8(ascii: "]"))
        case .unset, .object:
            let written = output.bytes[start...]
            var object: [UInt8] = [UInt8(ascii: "{")]
            object.reserveCapacity(written.count + fields.count * 24 + 2)
            // Types declare their keys in their own order; most objects need sorting, a few are in order.
            let inOrder = zip(fields, fields.dropFirst()).allSatisfy { JSONWriter.precedes($0.key, $1.key) }
            for (i, f) in (inOrder ? fields : fields.sorted(by: { JSONWriter.precedes($0.key, $1.key) })).enumerated() {
                if i > 0 { object.append(UInt8(ascii: ",")) }
                JSONWriter.quote(f.key, into: &object)
                object.append(UInt8(ascii: ":"))
                object += written[f.start..<f.end]
            }
            object.append(UInt8(ascii: "}"))
            output.bytes.replaceSubrange(start..., with: object)
        }
    }
}

private struct FrameEncoder: Encoder {
    let frame: Frame
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        guard (try? frame.become(.object)) != nil else { return KeyedEncodingContainer(Refusing<Key>()) }
        return KeyedEncodingContainer(KeyedWriter<Key>(frame: frame))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        guard (try? frame.become(.array)) != nil else { return RefusingList() }
        return UnkeyedWriter(frame: frame)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        guard (try? frame.become(.single)) != nil else { return RefusingList() }
        return SingleWriter(output: frame.output)
    }
}

private struct KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let frame: Frame
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws { try frame.field(key.stringValue) { frame.output.literal("null") } }
    mutating func encode(_ value: String, forKey key: Key) throws {
        try frame.field(key.stringValue) { frame.output.string(value) }
    }
    mutating func encode(_ value: Bool, forKey key: Key) throws {
        try frame.field(key.stringValue) { frame.output.literal(value ? "true" : "false") }
    }
    mutating func encode(_ value: Int, forKey key: Key) throws {
        try frame.field(key.stringValue) { frame.output.literal(String(value)) }
    }
    mutating func encode(_ value: Int64, forKey key: Key) throws {
        try frame.field(key.stringValue) { frame.output.literal(String(value)) }
    }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        try frame.field(key.stringValue) { frame.output.literal(try JSONWriter.number(value)) }
    }
    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        try frame.field(key.stringValue) { try frame.output.put(value) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    { KeyedEncodingContainer(Refusing<NestedKey>()) }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { RefusingList() }
    mutating func superEncoder() -> any Encoder { Unwritable() }
    mutating func superEncoder(forKey key: Key) -> any Encoder { Unwritable() }
}

private struct UnkeyedWriter: UnkeyedEncodingContainer {
    let frame: Frame
    var codingPath: [any CodingKey] { [] }
    var count: Int { frame.items }

    mutating func encodeNil() throws { try frame.item { frame.output.literal("null") } }
    mutating func encode(_ value: String) throws { try frame.item { frame.output.string(value) } }
    mutating func encode(_ value: some Encodable) throws { try frame.item { try frame.output.put(value) } }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(Refusing<NestedKey>())
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { RefusingList() }
    mutating func superEncoder() -> any Encoder { Unwritable() }
}

private struct SingleWriter: SingleValueEncodingContainer {
    let output: Output
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { output.literal("null") }
    mutating func encode(_ value: String) throws { output.string(value) }
    mutating func encode(_ value: some Encodable) throws { try output.put(value) }
}

/// Nested containers and super-encoders: Foundation's semantics for them are not copied here, so
/// using one means "encode with Foundation" (``JSONWriter/Unsupported``).
private struct Unwritable: Encoder {
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(Refusing<Key>())
    }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { RefusingList() }
    func singleValueContainer() -> any SingleValueEncodingContainer { RefusingList() }
}

private struct Refusing<Key: CodingKey>: KeyedEncodingContainerProtocol {
    var codingPath: [any CodingKey] { [] }
    mutating func encodeNil(forKey key: Key) throws { throw JSONWriter.Unsupported() }
    mutating func encode(_ value: some Encodable, forKey key: Key) throws { throw JSONWriter.Unsupported() }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    { KeyedEncodingContainer(Refusing<NestedKey>()) }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { RefusingList() }
    mutating func superEncoder() -> any Encoder { Unwritable() }
    mutating func superEncoder(forKey key: Key) -> any Encoder { Unwritable() }
}

private struct RefusingList: UnkeyedEncodingContainer, SingleValueEncodingContainer {
    var codingPath: [any CodingKey] { [] }
    var count: Int { 0 }
    mutating func encodeNil() throws { throw JSONWriter.Unsupported() }
    mutating func encode(_ value: some Encodable) throws { throw JSONWriter.Unsupported() }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(Refusing<NestedKey>())
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { RefusingList() }
    mutating func superEncoder() -> any Encoder { Unwritable() }
}

/// A date as Foundation's `.iso8601` strategy writes it: `2025-12-09T09:30:00Z`, seconds truncated, UTC.
enum ISODate {
    static func string(_ date: Date) throws -> String {
        let t = date.timeIntervalSince1970
        guard t.isFinite, abs(t) < 250_000_000_000 else { throw JSONWriter.Unsupported() }
        let seconds = Int64(t.rounded(.down))
        let (days, second) = seconds.quotientAndRemainder(dividingBy: 86_400)
        var day = days
        var secondOfDay = second
        if secondOfDay < 0 {
            secondOfDay += 86_400
            day -= 1
        }
        // Howard Hinnant's days-to-civil.
        let z = day + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        guard (1...9999).contains(y) else { throw JSONWriter.Unsupported() }
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let year = String(y)
        return String(repeating: "0", count: 4 - year.count) + year + "-" + two(m) + "-" + two(d) + "T"
            + two(secondOfDay / 3_600) + ":" + two(secondOfDay % 3_600 / 60) + ":" + two(secondOfDay % 60) + "Z"
    }
}
