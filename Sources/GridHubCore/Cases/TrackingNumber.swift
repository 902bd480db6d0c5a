import Foundation

/// The number a reporter quotes: street prefix, local date, daily sequence — `YC-20261127-0042`.
public struct TrackingNumber: Sendable, Hashable, Codable, CustomStringConvertible {
    public let value: String

    /// Dates in tracking numbers and on screens are China Standard Time.
    public static let timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!

    public init(prefix: String, day: String, sequence: Int) {
        let seq = String(sequence)
        value = "\(prefix)-\(day)-\(String(repeating: "0", count: max(0, 4 - seq.count)))\(seq)"
    }

    /// The local day (yyyyMMdd, Asia/Shanghai) a moment falls on; the sequence restarts each day.
    public static func day(of date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d%02d%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    public var description: String { value }
}
