import Foundation

/// The sums the indicators are made of, for any set of cases: one case's are 0s and 1s, a day's are
/// the sum of its cases', a year's the sum of its days'. Kept per unit and day (``IndicatorDay``) so
/// a year's indicators add up 365 rows instead of reading every case; integers only, so taking a
/// case's old totals away and adding its new ones is exact.
public struct IndicatorTotals: Sendable, Hashable {
    public var reports: Int64 = 0
    public var accepted: Int64 = 0
    public var rejected: Int64 = 0
    public var closed: Int64 = 0
    public var closedOnTime: Int64 = 0
    public var closedReworked: Int64 = 0
    public var overdue: Int64 = 0
    public var reworked: Int64 = 0
    public var handled: Int64 = 0
    public var handledOnTime: Int64 = 0
    /// Cases with both a dispatch and a handled time, and the milliseconds between them, summed.
    public var timedHandlings: Int64 = 0
    public var handlingMillis: Int64 = 0
    public var dispatched: Int64 = 0
    public var respondedOnTime: Int64 = 0
    public var rated: Int64 = 0
    /// Σ satisfaction weight, in thousandths (满意 1,000, 基本满意 900).
    public var satisfactionMillis: Int64 = 0

    public init() {}

    /// One case's part.
    public init(_ f: CaseFacts) {
        reports = 1
        accepted = f.accepted ? 1 : 0
        rejected = f.rejected ? 1 : 0
        if f.closedAt != nil {
            closed = 1
            closedOnTime = Indicators.onTime(f.closedAt, f.dueAt) ? 1 : 0
            closedReworked = f.reworked ? 1 : 0
        }
        overdue = f.overdue ? 1 : 0
        reworked = f.reworked ? 1 : 0
        if let handledAt = f.handledAt {
            handled = 1
            handledOnTime = Indicators.onTime(handledAt, f.dueAt) ? 1 : 0
            if let dispatchedAt = f.dispatchedAt {
                timedHandlings = 1
                handlingMillis = Self.millis(handledAt.timeIntervalSince(dispatchedAt))
            }
        }
        dispatched = f.dispatched ? 1 : 0
        respondedOnTime = f.dispatched && f.respondedOnTime ? 1 : 0
        if let rating = f.rating {
            rated = 1
            satisfactionMillis = Self.millis(rating.weight)
        }
    }

    /// Every field, in the order ``values`` lists them (the columns they are stored in, snake_case).
    public static let fields = [
        "reports", "accepted", "rejected", "closed", "closed_on_time", "closed_reworked", "overdue", "reworked",
        "handled", "handled_on_time", "timed_handlings", "handling_millis", "dispatched", "responded_on_time", "rated",
        "satisfaction_millis",
    ]

    public var values: [Int64] {
        [
            reports, accepted, rejected, closed, closedOnTime, closedReworked, overdue, reworked, handled, handledOnTime,
            timedHandlings, handlingMillis, dispatched, respondedOnTime, rated, satisfactionMillis,
        ]
    }

    /// The totals from stored values in ``fields`` order; nil when the count is wrong.
    public init?(values v: [Int64]) {
        guard v.count == Self.fields.count else { return nil }
        (reports, accepted, rejected, closed, closedOnTime, closedReworked) = (v[0], v[1], v[2], v[3], v[4], v[5])
        (overdue, reworked, handled, handledOnTime, timedHandlings, handlingMillis) = (v[6], v[7], v[8], v[9], v[10], v[11])
        (dispatched, respondedOnTime, rated, satisfactionMillis) = (v[12], v[13], v[14], v[15])
    }

    public var isZero: Bool { values.allSatisfy { $0 == 0 } }

    public static func + (a: Self, b: Self) -> Self { a.combined(with: b, &+) }
    public static func - (a: Self, b: Self) -> Self { a.combined(with: b, &-) }

    public static func += (a: inout Self, b: Self) { a = a + b }
    public static func -= (a: inout Self, b: Self) { a = a - b }

    private func combined(with other: Self, _ op: (Int64, Int64) -> Int64) -> Self {
        Self(values: zip(values, other.values).map(op)) ?? self
    }

    /// Seconds (or a weight) in thousandths, clamped so a corrupt date cannot trap.
    static func millis(_ value: Double) -> Int64 {
        let scaled = (value * 1_000).rounded()
        guard scaled.isFinite else { return 0 }
        return Int64(max(-9e15, min(9e15, scaled)))
    }
}

/// The day a case counts on, for the kept totals: the day of its report in China's time (UTC+8, no
/// summer time). Any fixed cut would do; a period's partial first and last days are counted from the
/// cases themselves.
public enum IndicatorDay {
    static let offset: Int64 = 8 * 3_600_000
    static let length: Int64 = 86_400_000

    /// The day number of an instant given in milliseconds since 1970.
    public static func of(millis: Int64) -> Int64 {
        let shifted = millis.addingReportingOverflow(offset)
        return shifted.overflow ? Int64.max / length : floorDiv(shifted.partialValue, length)
    }

    /// When `day` begins, in milliseconds since 1970.
    public static func start(of day: Int64) -> Int64 {
        day.multipliedReportingOverflow(by: length).partialValue &- offset
    }

    /// The whole days inside [from, to) (milliseconds), or nil when there is none.
    public static func whole(from: Int64, to: Int64) -> ClosedRange<Int64>? {
        let first = of(millis: from) + (start(of: of(millis: from)) == from ? 0 : 1)
        let last = of(millis: to) - 1  // the day `to` falls in is not whole (it ends after `to`, or `to` is its start)
        return first <= last ? first...last : nil
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
