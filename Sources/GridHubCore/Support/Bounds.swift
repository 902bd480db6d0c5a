import Foundation

/// A page of a list as a request asks for it, bounded before any arithmetic: Swift traps on overflow,
/// and one trapped request would stop every user's requests.
public struct PageWindow: Sendable, Equatable {
    /// The most items one page returns.
    public static let maxLimit = 200
    /// The deepest a page may start; past it, narrow the list with filters instead.
    public static let maxOffset = 100_000

    public let limit: Int
    public let offset: Int

    /// `limit` 1–200 (default `defaultLimit`) and `offset` 0–100,000, each given as the request's text.
    public init(limit rawLimit: String?, offset rawOffset: String?, defaultLimit: Int = 50) throws {
        limit = try Self.whole(rawLimit, "limit", in: 1...Self.maxLimit) ?? defaultLimit
        offset = try Self.whole(rawOffset, "offset", in: 0...Self.maxOffset) ?? 0
    }

    /// Open311's `page` (1–100,001) and `page_size` (1–200, default 200). A page that would start past
    /// ``maxOffset`` is empty (limit 0): nothing is read for it.
    public init(page rawPage: String?, pageSize rawSize: String?) throws {
        let size = try Self.whole(rawSize, "page_size", in: 1...Self.maxLimit) ?? Self.maxLimit
        let page = try Self.whole(rawPage, "page", in: 1...(Self.maxOffset + 1)) ?? 1
        (limit, offset) = page <= Self.maxOffset / size + 1 ? (size, (page - 1) * size) : (0, Self.maxOffset)
    }

    /// A whole number within `range`, or nil when absent; 400 naming the field otherwise.
    public static func whole(_ raw: String?, _ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let raw, !raw.isEmpty else { return nil }
        guard let n = Int(raw), range.contains(n) else {
            throw GridHubError.invalid(name, "'\(name)' is a whole number from \(range.lowerBound) to \(range.upperBound).")
        }
        return n
    }
}

/// Dates a request may name: a Shanghai day (`2026-11-27`) or an ISO 8601 time, between 2000 and 2100,
/// and ranges of at most a year — so no date from a request overflows a millisecond count or asks
/// the database for a century of rows.
public enum RequestDates {
    public static let earliest = Date(timeIntervalSince1970: 946_684_800)  // 2000-01-01 UTC
    public static let latest = Date(timeIntervalSince1970: 4_102_444_800)  // 2100-01-01 UTC
    /// The longest range a list or an indicator may cover.
    public static let maxSpan: TimeInterval = 366 * 86_400

    public static func parse(_ raw: String, _ name: String) throws -> Date {
        guard let date = Self.iso(raw) ?? Self.day(raw) else {
            throw GridHubError.invalid(name, "'\(name)' must be a date like 2026-11-27 or an ISO 8601 time.")
        }
        guard (earliest...latest).contains(date) else {
            throw GridHubError(.unprocessable, "date_out_of_range", "'\(name)' must lie between 2000 and 2100.")
        }
        return date
    }

    /// `from` before `to`, at most ``maxSpan`` apart.
    public static func checkRange(from: Date, to: Date) throws {
        guard from < to else { throw GridHubError(.unprocessable, "empty_range", "from must be before to.") }
        guard to.timeIntervalSince(from) <= maxSpan else {
            throw GridHubError(.unprocessable, "range_too_long", "A date range covers at most 366 days.")
        }
    }

    /// RFC 3339 with or without fractional seconds, `T` and `Z` in either case.
    static func iso(_ raw: String) -> Date? {
        let text = raw.uppercased()
        guard calendarDayExists(text) else { return nil }  // the formatter would roll 02-30 over into March
        return DateParsers.shared.date(from: text)
    }

    /// Whether a text starting `YYYY-MM-DD` names a day the calendar has.
    static func calendarDayExists(_ text: String) -> Bool {
        let parts = text.prefix(10).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m)
        else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return (1...days).contains(d)
    }

    private static func day(_ raw: String) -> Date? {
        DateParsers.shared.day(from: raw)
    }
}

/// Where a live stream resumes: `since` in milliseconds, as the page last saw it. Values outside a
/// JSON-safe count are refused; a resume point older than a day, or in the future, is brought within it.
public enum StreamCursor {
    public static let maxMillis: Int64 = 9_007_199_254_740_991  // 2^53 − 1
    public static let lookBack: TimeInterval = 86_400

    public static func start(since raw: String?, now: Date) throws -> Date {
        guard let raw, !raw.isEmpty else { return now }
        guard let millis = Int64(raw), (0...maxMillis).contains(millis) else {
            throw GridHubError.invalid("since", "'since' is a time in milliseconds since 1970.")
        }
        let date = Date(timeIntervalSince1970: Double(millis) / 1000)
        return min(now, max(now.addingTimeInterval(-lookBack), date))
    }
}

/// The request date parsers, made once: building an ISO8601DateFormatter (an ICU formatter underneath)
/// was a fifth of an indicators request. Foundation's formatters are not Sendable, so calls take a lock.
private final class DateParsers: @unchecked Sendable {
    static let shared = DateParsers()
    private let lock = NSLock()
    private let days: DateFormatter = {
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd"
        f.timeZone = TrackingNumber.timeZone
        f.locale = Locale(identifier: "en_US_POSIX")
        f.isLenient = false
        return f
    }()
    private let plain = ISO8601DateFormatter()
    private let fractional: ISO8601DateFormatter = {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }()

    func date(from text: String) -> Date? {
        lock.withLock { plain.date(from: text) ?? fractional.date(from: text) }
    }

    func day(from text: String) -> Date? {
        lock.withLock { days.date(from: text) }
    }
}
