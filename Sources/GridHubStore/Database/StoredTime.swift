import Foundation

/// Times are stored as UTC milliseconds since 1970 on both engines. (Named so as not to shadow Swift's
/// `Clock`.) Every date reaching here is bounded: from a request by ``RequestDates`` or ``StreamCursor``,
/// otherwise from the server's own clock or the database.
public enum StoredTime {
    public static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    public static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }
}
