/// A grid's 15-digit code (网格编码, after GB/T 30428.1 and DB11/T 2157):
/// 6 digits of district (区县行政区划代码), 3 of street (街道), 3 of community (社区), 3 of sequence.
public struct GridCode: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let value: String

    public init(_ value: String) throws {
        guard value.count == 15, value.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw GridHubError.invalid("grid_code", "A grid code has exactly 15 digits, got '\(value)'.")
        }
        self.value = value
    }

    public init(district: String, street: Int, community: Int, sequence: Int) throws {
        try self.init(district + Self.pad(street) + Self.pad(community) + Self.pad(sequence))
    }

    public var districtCode: String { String(value.prefix(6)) }
    /// The 9-digit street code: district + street.
    public var streetCode: String { String(value.prefix(9)) }
    /// The 12-digit community code: district + street + community.
    public var communityCode: String { String(value.prefix(12)) }
    public var sequence: Int { Int(value.suffix(3)) ?? 0 }

    public var description: String { value }
    public static func < (a: GridCode, b: GridCode) -> Bool { a.value < b.value }

    private static func pad(_ n: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, 3 - s.count)) + s
    }
}
