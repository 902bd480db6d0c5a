import Foundation

/// A value of an Open311 GeoReport v2 answer. One tree renders both formats, so the JSON and the XML
/// of an answer cannot say different things.
public indirect enum Open311Node: Sendable, Hashable {
    /// Text; nil is JSON `null` and an empty XML element.
    case text(String?)
    case number(Double)
    case integer(Int64)
    case bool(Bool)
    /// Fields in the order the specification lists them.
    case object([Open311Field])
    /// A JSON array; in XML a wrapper element holding one `item` element per entry
    /// (`<services><service>…</service></services>`).
    case list(item: String, [Open311Node])

    public static func object(_ fields: KeyValuePairs<String, Open311Node>) -> Open311Node {
        .object(fields.map { Open311Field($0.key, $0.value) })
    }
}

public struct Open311Field: Sendable, Hashable {
    public var name: String
    public var value: Open311Node

    public init(_ name: String, _ value: Open311Node) {
        self.name = name
        self.value = value
    }
}

/// The two formats of the specification, chosen by the path's extension (`services.json`).
public enum Open311Format: String, Sendable, CaseIterable {
    case json, xml

    public var contentType: String {
        switch self {
        case .json: "application/json; charset=utf-8"
        case .xml: "text/xml; charset=utf-8"
        }
    }

    /// Splits `"E0301.json"` into `("E0301", .json)`; nil when the extension is neither format.
    public static func split(_ file: String) -> (name: String, format: Open311Format)? {
        guard let dot = file.lastIndex(of: "."),
            let format = Open311Format(rawValue: file[file.index(after: dot)...].lowercased())
        else { return nil }
        return (String(file[..<dot]), format)
    }
}

/// A whole answer: the XML root element's name and the tree under it.
public struct Open311Document: Sendable, Hashable {
    public var root: String
    public var body: Open311Node

    public init(root: String, body: Open311Node) {
        self.root = root
        self.body = body
    }

    public func rendered(as format: Open311Format) -> String {
        switch format {
        case .json: Self.json(body)
        case .xml: #"<?xml version="1.0" encoding="utf-8"?>"# + "\n" + Self.element(root, body)
        }
    }

    static func json(_ node: Open311Node) -> String {
        switch node {
        case .text(nil): "null"
        case .text(let s?): quoted(s)
        case .number(let d): d.isFinite ? number(d) : "null"
        case .integer(let i): String(i)
        case .bool(let b): b ? "true" : "false"
        case .object(let fields): "{" + fields.map { quoted($0.name) + ":" + json($0.value) }.joined(separator: ",") + "}"
        case .list(_, let items): "[" + items.map(json).joined(separator: ",") + "]"
        }
    }

    static func element(_ name: String, _ node: Open311Node) -> String {
        let inner: String
        switch node {
        case .text(nil): return "<\(name)/>"
        case .text(let s?): inner = escaped(s)
        case .number(let d): inner = d.isFinite ? number(d) : ""
        case .integer(let i): inner = String(i)
        case .bool(let b): inner = b ? "true" : "false"
        case .object(let fields): inner = fields.map { element($0.name, $0.value) }.joined()
        case .list(let item, let items): inner = items.map { element(item, $0) }.joined()
        }
        return "<\(name)>\(inner)</\(name)>"
    }

    /// Coordinates keep their digits: 43.880123 stays 43.880123, 2 stays 2.
    static func number(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// XML 1.0 text: markup characters escaped, characters XML cannot carry dropped.
    static func escaped(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                let v = scalar.value
                let allowed =
                    v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v)
                    || v >= 0x10000
                if allowed { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
