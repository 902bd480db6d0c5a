import NIOConcurrencyHelpers
import SQLKit

/// SQLKit's snake_case column names for Codable rows, each key converted once per process: SQLKit's
/// own strategies convert every key of every row again (about 6 % of the writer's time at intake,
/// more for wide rows). The conversion itself is SQLKit's, asked once a key, so the names cannot
/// drift from what `.convertToSnakeCase` gives.
enum SQLColumnNames {
    static let encoding = SQLQueryEncoder.KeyEncodingStrategy.custom { keys in Key(column(keys.last?.stringValue ?? "")) }
    static let decoding = SQLRowDecoder.KeyDecodingStrategy.custom { keys in Key(column(keys.last?.stringValue ?? "")) }

    /// More distinct keys than this (there are a few hundred) and the cache stops growing.
    private static let limit = 4_096
    private static let known = NIOLockedValueBox([String: String]())

    /// The column a property named `key` is stored in.
    static func column(_ key: String) -> String {
        if let hit = known.withLockedValue({ $0[key] }) { return hit }
        let converted = (try? SQLQueryEncoder(keyEncodingStrategy: .convertToSnakeCase).encode(Probe(key: key)))?.first?.0 ?? key
        known.withLockedValue { if $0.count < limit { $0[key] = converted } }
        return converted
    }

    /// One property named `key`, to learn SQLKit's column name for it.
    private struct Probe: Encodable {
        let key: String

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(0, forKey: Key(key))
        }
    }

    struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
