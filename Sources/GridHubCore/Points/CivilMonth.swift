import Foundation

/// A calendar month in Shanghai (`2026-11`): a statement's or a shop limit's window.
public struct CivilMonth: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    /// Nil outside 2000–2100 or for a month that is not 1–12.
    public init?(year: Int, month: Int) {
        guard (2000...2100).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// `YYYY-MM`, nil otherwise.
    public init?(text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 7, parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]),
            let m = Int(parts[1])
        else { return nil }
        self.init(year: y, month: m)
    }

    /// The month a moment falls in, in Shanghai.
    public init(_ date: Date) {
        let day = CivilDate(date)
        year = day.year
        month = day.month
    }

    public var description: String { String(format: "%04d-%02d", year, month) }
    public var first: CivilDate { CivilDate(year: year, month: month, day: 1) ?? CivilDate(Date(timeIntervalSince1970: 0)) }
    public var next: CivilMonth { month == 12 ? Self.unchecked(year + 1, 1) : Self.unchecked(year, month + 1) }
    public var previous: CivilMonth { month == 1 ? Self.unchecked(year - 1, 12) : Self.unchecked(year, month - 1) }
    /// Midnight of its first day, and of the next month's first day.
    public var start: Date { first.start }
    public var end: Date { next.first.start }

    public static func < (a: CivilMonth, b: CivilMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }

    private static func unchecked(_ year: Int, _ month: Int) -> CivilMonth {
        CivilMonth(year: year, month: month) ?? CivilMonth(Date())
    }
}
