import Foundation

/// How a street (or one of its communities) patrols (一日两巡): the daily windows, and what a patrol
/// must reach to count — a minimum time inside a window and a minimum share of the grid's buildings
/// passed. Working days come from the working calendar.
public struct PatrolPlan: Sendable, Hashable, Codable {
    /// A daily window in Shanghai time, `08:30`–`11:30`.
    public struct Window: Sendable, Hashable, Codable {
        public var start: ClockTime
        public var end: ClockTime
        public init(start: ClockTime, end: ClockTime) {
            self.start = start
            self.end = end
        }
    }

    public var windows: [Window]
    public var minDurationMinutes: Int
    public var minCoverage: Double

    public init(windows: [Window], minDurationMinutes: Int, minCoverage: Double) {
        self.windows = windows
        self.minDurationMinutes = minDurationMinutes
        self.minCoverage = minCoverage
    }

    /// Two windows, 08:30–11:30 and 14:00–17:00; 45 minutes; 70 % of the buildings.
    public static let standard = PatrolPlan(
        windows: [
            Window(start: ClockTime(minutes: 510), end: ClockTime(minutes: 690)),
            Window(start: ClockTime(minutes: 840), end: ClockTime(minutes: 1020)),
        ], minDurationMinutes: 45, minCoverage: 0.7)

    public static var timeZone: TimeZone { TrackingNumber.timeZone }

    /// 422 unless there are one to four windows in order, none overlapping, each long enough to hold
    /// the minimum duration, which lies between 5 minutes and 8 hours, and coverage between 0 and 1.
    public func validated() throws -> PatrolPlan {
        guard (1...4).contains(windows.count) else {
            throw GridHubError(.unprocessable, "invalid_plan", "A plan has one to four windows a day.")
        }
        guard (5...480).contains(minDurationMinutes) else {
            throw GridHubError(.unprocessable, "invalid_plan", "The minimum duration is 5 to 480 minutes.")
        }
        guard minCoverage.isFinite, (0...1).contains(minCoverage) else {
            throw GridHubError(.unprocessable, "invalid_plan", "The minimum coverage is a share from 0 to 1.")
        }
        for (i, w) in windows.enumerated() {
            guard w.end.minutes - w.start.minutes >= minDurationMinutes else {
                throw GridHubError(.unprocessable, "invalid_plan", "Window \(i + 1) is shorter than the minimum duration.")
            }
            if i > 0, windows[i - 1].end.minutes > w.start.minutes {
                throw GridHubError(.unprocessable, "invalid_plan", "Windows must be in order and must not overlap.")
            }
        }
        return self
    }

    /// Window `index` on the Shanghai day `day` as times.
    public func range(of slot: PatrolSlot) -> Range<Date>? {
        guard windows.indices.contains(slot.window), let midnight = PatrolDay.start(slot.day) else { return nil }
        let w = windows[slot.window]
        return midnight.addingTimeInterval(Double(w.start.minutes) * 60)..<midnight.addingTimeInterval(Double(w.end.minutes) * 60)
    }

    /// The window open at `date`, if any.
    public func open(at date: Date) -> PatrolSlot? {
        let day = PatrolDay.key(date)
        return windows.indices.map { PatrolSlot(day: day, window: $0) }.first { range(of: $0)?.contains(date) == true }
    }

    /// The window a patrol from `start` to `end` overlaps most, when it overlaps it for at least the
    /// minimum duration; nil otherwise.
    public func slot(from start: Date, to end: Date) -> PatrolSlot? {
        let day = PatrolDay.key(start)
        let overlaps = windows.indices.compactMap { i -> (PatrolSlot, TimeInterval)? in
            let slot = PatrolSlot(day: day, window: i)
            guard let r = range(of: slot) else { return nil }
            let overlap = min(end, r.upperBound).timeIntervalSince(max(start, r.lowerBound))
            return overlap >= Double(minDurationMinutes) * 60 ? (slot, overlap) : nil
        }
        return overlaps.max { $0.1 < $1.1 }?.0
    }

    /// The window a patrol counts for: long enough inside one, and covering enough of the grid (a grid
    /// that lists no buildings asks for no coverage).
    public func counts(from start: Date, to end: Date, coverage: Double?) -> PatrolSlot? {
        guard (coverage ?? 1) + 1e-9 >= minCoverage else { return nil }
        return slot(from: start, to: end)
    }
}

/// One window on one day: the unit a patrol is due for.
public struct PatrolSlot: Sendable, Hashable, Codable, Comparable {
    /// The Shanghai day, `2026-11-27`.
    public var day: String
    /// The window's index in the plan, from 0.
    public var window: Int
    public init(day: String, window: Int) {
        self.day = day
        self.window = window
    }
    public static func < (a: PatrolSlot, b: PatrolSlot) -> Bool { (a.day, a.window) < (b.day, b.window) }
}

/// A time of day, `08:30`, as minutes after midnight (0–1440).
public struct ClockTime: Sendable, Hashable, Codable, CustomStringConvertible {
    public var minutes: Int
    public init(minutes: Int) { self.minutes = minutes }

    public init?(_ text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count <= 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
            (0...24).contains(h), (0...59).contains(m), h * 60 + m <= 1440
        else { return nil }
        minutes = h * 60 + m
    }

    public var description: String {
        let (h, m) = (minutes / 60, minutes % 60)
        return (h < 10 ? "0\(h)" : "\(h)") + ":" + (m < 10 ? "0\(m)" : "\(m)")
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = ClockTime(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a time like 08:30"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// Shanghai days as keys.
public enum PatrolDay {
    static let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = PatrolPlan.timeZone
        return c
    }()

    public static func key(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// Midnight in Shanghai of a `2026-11-27` key; nil for anything else.
    public static func start(_ key: String) -> Date? {
        let parts = key.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (2000...2100).contains(parts[0]), (1...12).contains(parts[1]), (1...31).contains(parts[2])
        else { return nil }
        let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
        return date.flatMap { Self.key($0) == key ? $0 : nil }
    }

    /// The days of a `2026-11` month, in order; nil for anything else.
    public static func month(_ key: String) -> [String]? {
        let parts = key.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let first = start("\(key)-01") else { return nil }
        var days = [String]()
        var day = first
        while Self.key(day).hasPrefix(key) {
            days.append(Self.key(day))
            day = day.addingTimeInterval(86_400 + 3_600)
            day = calendar.startOfDay(for: day)
        }
        return days
    }
}
