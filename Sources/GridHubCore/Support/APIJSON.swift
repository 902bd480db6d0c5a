import Foundation

/// The JSON conventions of the whole API: snake_case keys, ISO 8601 dates with a zone.
public enum APIJSON {
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
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

    /// `case_id` → `caseID`, `device_id` → `deviceID`, `refresh_token` → `refreshToken`: the inverse of
    /// the encoder's snake_case for Swift names that spell "ID" in capitals.
    static func camelCase(_ key: String) -> String {
        let parts = key.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count > 1 else { return key }
        return String(parts[0])
            + parts.dropFirst().map { $0 == "id" ? "ID" : $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
