import Foundation

/// Dates as the specification wants them: W3C/ISO 8601 with a timezone. GridHub answers in the
/// street's own time (UTC+8, `2026-11-27T09:30:00+08:00`) and reads any offset, `Z`, or a bare date.
public enum Open311Time {
    static let beijing = TimeZone(identifier: "Asia/Shanghai")!

    public static func format(_ date: Date) -> String {
        var style = Date.ISO8601FormatStyle(timeZone: beijing)
        style = style.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .omitted)
        // ISO8601FormatStyle writes "+0800"; W3C date-times put a colon in the offset.
        let text = date.formatted(style)
        guard text.count > 5, !text.hasSuffix("Z") else { return text }
        let cut = text.index(text.endIndex, offsetBy: -2)
        return text[..<cut] + ":" + text[cut...]
    }

    /// Reads `2026-11-01T00:00:00Z`, `…+08:00`, `…+0800`, fractional seconds, or `2026-11-01`
    /// (midnight in Beijing). Nil when it is none of these.
    public static func parse(_ raw: String) -> Date? {
        let s = raw.trimmingCharacters(in: .whitespaces)
        if s.count == 10, let day = try? Date.ISO8601FormatStyle(timeZone: beijing).year().month().day().parse(s) {
            return day
        }
        let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        let plain = Date.ISO8601FormatStyle()
        for candidate in [s, normalizedOffset(s)] {
            if let d = try? plain.parse(candidate) { return d }
            if let d = try? withFraction.parse(candidate) { return d }
        }
        return nil
    }

    /// `+0800` → `+08:00`, and a space the query string made of a `+` back into `+`.
    static func normalizedOffset(_ s: String) -> String {
        var s = s
        if s.count > 19, s[s.index(s.startIndex, offsetBy: 19)...].first == " " {
            s.replaceSubrange(s.index(s.startIndex, offsetBy: 19)...s.index(s.startIndex, offsetBy: 19), with: "+")
        }
        guard let sign = s.lastIndex(where: { $0 == "+" || $0 == "-" }), s.distance(from: s.startIndex, to: sign) >= 19
        else { return s }
        let offset = s[s.index(after: sign)...]
        guard offset.count == 4, offset.allSatisfy(\.isNumber) else { return s }
        return s[...sign] + offset.prefix(2) + ":" + offset.suffix(2)
    }
}
