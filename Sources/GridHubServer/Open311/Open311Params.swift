import Foundation
import GridHubCore

/// The parameters of an Open311 call: the query string and a form body together, each name possibly
/// repeated (`attribute[impacts][]`). An empty value counts as absent, as the specification's clients expect.
struct Open311Params: Sendable {
    private(set) var pairs: [(name: String, value: String)] = []

    init(pairs: [(name: String, value: String)] = []) {
        self.pairs = pairs
    }

    /// Reads `a=1&b=%E4%B8%AD+x` (`application/x-www-form-urlencoded` and query strings alike).
    static func urlEncoded(_ text: String) throws -> Open311Params {
        var params = Open311Params()
        for part in text.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) throws -> String {
                guard let d = s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
                    throw GridHubError(.badRequest, "invalid_encoding", "'\(s)' is not valid percent-encoded UTF-8.")
                }
                return d
            }
            params.append(try decode(kv[0]), kv.count > 1 ? try decode(kv[1]) : "")
        }
        return params
    }

    mutating func append(_ name: String, _ value: String) {
        pairs.append((name, value))
    }

    mutating func merge(_ other: Open311Params) {
        pairs += other.pairs
    }

    /// The first non-empty value, trimmed.
    func value(_ name: String) -> String? {
        pairs.lazy.filter { $0.name == name }.map { $0.value.trimmingCharacters(in: .whitespacesAndNewlines) }
            .first { !$0.isEmpty }
    }

    /// A comma-delimited list, which may also be given by repeating the parameter.
    func list(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.flatMap { $0.value.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func number(_ name: String) throws -> Double? {
        guard let raw = value(name) else { return nil }
        guard let n = Double(raw), n.isFinite else { throw GridHubError.invalid(name, "'\(name)' must be a number.") }
        return n
    }

    func date(_ name: String) throws -> Date? {
        guard let raw = value(name) else { return nil }
        guard let d = Open311Time.parse(raw) else {
            throw GridHubError.invalid(name, "'\(name)' must be a W3C date-time such as 2026-11-01T00:00:00+08:00.")
        }
        return d
    }

    /// `attribute[code]=v` and `attribute[code][]=v`, by code.
    var attributes: [String: [String]] {
        var out: [String: [String]] = [:]
        for (name, value) in pairs where name.hasPrefix("attribute[") {
            var code = name.dropFirst("attribute[".count)
            if code.hasSuffix("][]") { code = code.dropLast(3) } else if code.hasSuffix("]") { code = code.dropLast() }
            out[String(code), default: []].append(value)
        }
        return out
    }
}
