import Foundation

/// The JSON conventions of the whole API: snake_case keys, ISO 8601 dates with a zone.
public enum APIJSON {
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .custom { path in AnyKey(stringValue: snakeKeys.snakeCase(path.last?.stringValue ?? "")) }
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

    /// The encoder for a value of `type`: without the key strategy when the type's keys are already the
    /// API's names (``SnakeCaseKeyed``) — the same JSON, without Foundation building the coding path of
    /// every key to ask the strategy (most of the time a page of cases took to encode).
    public static func encoder(for type: Any.Type) -> JSONEncoder {
        guard type is any SnakeCaseKeyed.Type else { return encoder() }
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

    public static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .custom { path in
            AnyKey(stringValue: camelCase(path.last?.stringValue ?? ""))
        }
        d.dateDecodingStrategy = .iso8601
        return d
    }

    /// `caseID` → `case_id`, `caseIDs` → `case_ids`, `trackingNumber` → `tracking_number`: Foundation's
    /// snake_case (a word starts at a capital after a small letter or digit, and at the last capital of a
    /// run followed by a small letter), except that a plural `IDs` is one word — Foundation spells it `i_ds`.
    static func snakeCase(_ key: String) -> String {
        let chars = Array(key.replacingOccurrences(of: "IDs", with: "Ids"))
        var out = ""
        for (i, c) in chars.enumerated() {
            guard c.isUppercase else {
                out.append(c)
                continue
            }
            let afterSmall = i > 0 && (chars[i - 1].isLowercase || chars[i - 1].isNumber)
            let endsRun = i > 0 && chars[i - 1].isUppercase && i + 1 < chars.count && chars[i + 1].isLowercase
            if afterSmall || endsRun { out.append("_") }
            out += c.lowercased()
        }
        return out
    }

    /// `case_id` → `caseID`, `case_ids` → `caseIDs`, `refresh_token` → `refreshToken`: the inverse of
    /// ``snakeCase(_:)`` for Swift names that spell "ID" in capitals.
    static func camelCase(_ key: String) -> String {
        let parts = key.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count > 1 else { return key }
        return String(parts[0])
            + parts.dropFirst().map {
                $0 == "id" ? "ID" : $0 == "ids" ? "IDs" : $0.prefix(1).uppercased() + $0.dropFirst()
            }.joined()
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// A type whose coding keys are spelled as the API's snake_case names already, as are those of every
/// type inside it: ``APIJSON/encoder(for:)`` encodes it without a key strategy.
public protocol SnakeCaseKeyed: Encodable {}

extension Array: SnakeCaseKeyed where Element: SnakeCaseKeyed {}

/// The encoder's keys, converted once each: an answer names the same few hundred keys over and over, and
/// converting every key of every object again would cost a page of cases thousands of string walks.
final class SnakeKeys: @unchecked Sendable {
    private let lock = NSLock()
    private var known: [String: String] = [:]

    func snakeCase(_ key: String) -> String {
        if let hit = lock.withLock({ known[key] }) { return hit }
        let converted = APIJSON.snakeCase(key)
        lock.withLock { if known.count < 10_000 { known[key] = converted } }
        return converted
    }
}

let snakeKeys = SnakeKeys()
