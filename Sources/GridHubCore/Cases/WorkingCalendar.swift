import Foundation

/// The working calendar time limits count on (工作日历): working sessions on working days in
/// Asia/Shanghai, public holidays off, make-up working days (调休) on.
public struct WorkingCalendar: Sendable, Hashable {
    /// A working session within a day, in minutes after midnight.
    public struct Session: Sendable, Hashable {
        public var start: Int
        public var end: Int

        public init(start: Int, end: Int) {
            self.start = start
            self.end = end
        }
    }

    public var timeZone: TimeZone { didSet { gregorian.timeZone = timeZone } }
    public var sessions: [Session]
    /// Days off (yyyy-MM-dd) that would otherwise be working days.
    public var holidays: Set<String>
    /// Weekend days (yyyy-MM-dd) that are working days (调休上班).
    public var makeUpWorkdays: Set<String>
    /// The Gregorian calendar in `timeZone`, made once: making one is dearer than the day arithmetic.
    private var gregorian: Calendar

    /// Mon–Fri 08:30–12:00 and 13:30–17:30, Asia/Shanghai, with China's 2026 holidays.
    public static let standard: WorkingCalendar = {
        var c = WorkingCalendar(
            timeZone: TrackingNumber.timeZone,
            sessions: [Session(start: 8 * 60 + 30, end: 12 * 60), Session(start: 13 * 60 + 30, end: 17 * 60 + 30)],
            holidays: [], makeUpWorkdays: [])
        try? c.load(chinaHolidays2026)
        return c
    }()

    public init(timeZone: TimeZone, sessions: [Session], holidays: Set<String>, makeUpWorkdays: Set<String>) {
        self.timeZone = timeZone
        gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = timeZone
        self.sessions = sessions.sorted { $0.start < $1.start }
        self.holidays = holidays
        self.makeUpWorkdays = makeUpWorkdays
    }

    /// Working time in one working day (7.5 hours by default).
    public var dayLength: TimeInterval { Double(sessions.map { $0.end - $0.start }.reduce(0, +)) * 60 }

    /// The due time of a limit that starts at `start`: round the clock for urgent classes, else on the calendar.
    /// A working day is one day's worth of working time, so 10:00 Monday + 1 working day is 10:00 Tuesday.
    public func due(from start: Date, limit: TimeLimit) -> Date {
        switch limit.unit {
        case .hours: start.addingTimeInterval(Double(limit.value) * 3_600)
        case .workingHours: adding(workingTime: Double(limit.value) * 3_600, to: start)
        case .workingDays: adding(workingTime: Double(limit.value) * dayLength, to: start)
        }
    }

    /// The moment `amount` of working time after `start`.
    public func adding(workingTime amount: TimeInterval, to start: Date) -> Date {
        var remaining = amount
        var day = startOfDay(start)
        for _ in 0..<3_660 {
            for interval in intervals(on: day) where interval.upperBound > start {
                let from = max(start, interval.lowerBound)
                let available = interval.upperBound.timeIntervalSince(from)
                if remaining <= available { return from.addingTimeInterval(remaining) }
                remaining -= available
            }
            day = nextDay(day)
        }
        return start.addingTimeInterval(amount)
    }

    /// Working time between two moments (0 when `to` is not after `from`).
    public func workingTime(from: Date, to: Date) -> TimeInterval {
        guard to > from else { return 0 }
        var total: TimeInterval = 0
        var day = startOfDay(from)
        while day < to {
            for interval in intervals(on: day) {
                let a = max(from, interval.lowerBound)
                let b = min(to, interval.upperBound)
                if b > a { total += b.timeIntervalSince(a) }
            }
            day = nextDay(day)
        }
        return total
    }

    /// Whether the calendar day holding `date` is a working day.
    public func isWorkingDay(_ date: Date) -> Bool {
        let c = gregorian.dateComponents([.year, .month, .day, .weekday], from: date)
        let key = Self.dayKey(c)
        if makeUpWorkdays.contains(key) { return true }
        if holidays.contains(key) { return false }
        return c.weekday != 1 && c.weekday != 7
    }

    func intervals(on day: Date) -> [Range<Date>] {
        guard isWorkingDay(day) else { return [] }
        return sessions.map { day.addingTimeInterval(Double($0.start) * 60)..<day.addingTimeInterval(Double($0.end) * 60) }
    }

    var calendar: Calendar { gregorian }

    func startOfDay(_ date: Date) -> Date { calendar.startOfDay(for: date) }

    func nextDay(_ day: Date) -> Date {
        calendar.date(byAdding: .day, value: 1, to: day) ?? day.addingTimeInterval(86_400)
    }

    public func dayKey(_ date: Date) -> String {
        Self.dayKey(gregorian.dateComponents([.year, .month, .day], from: date))
    }

    /// yyyy-MM-dd, without a formatter (this runs for every day a time limit crosses).
    static func dayKey(_ c: DateComponents) -> String {
        func pad(_ n: Int, _ width: Int) -> String {
            let digits = String(n)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(c.year ?? 0, 4))-\(pad(c.month ?? 0, 2))-\(pad(c.day ?? 0, 2))"
    }

    /// Reads holidays and make-up days, one a line: `2026-10-01 holiday 国庆节` or `2026-10-10 workday`.
    /// `#` starts a comment. A malformed line is an error naming it.
    public mutating func load(_ text: String) throws {
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
            guard !words.isEmpty else { continue }
            guard words.count >= 2, words[0].range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil else {
                throw GridHubError.invalid("calendar", "Line \(n + 1) of the calendar is not 'yyyy-MM-dd holiday|workday'.")
            }
            switch words[1] {
            case "holiday": holidays.insert(words[0])
            case "workday": makeUpWorkdays.insert(words[0])
            default: throw GridHubError.invalid("calendar", "Line \(n + 1): '\(words[1])' is neither holiday nor workday.")
            }
        }
    }

    /// China's 2026 public holidays and make-up working days (国务院办公厅 notice).
    static let chinaHolidays2026 = """
        2026-01-01 holiday 元旦
        2026-01-02 holiday
        2026-01-03 holiday
        2026-01-04 workday
        2026-02-14 workday
        2026-02-15 holiday 春节
        2026-02-16 holiday
        2026-02-17 holiday
        2026-02-18 holiday
        2026-02-19 holiday
        2026-02-20 holiday
        2026-02-21 holiday
        2026-02-22 holiday
        2026-02-23 holiday
        2026-02-28 workday
        2026-04-04 holiday 清明节
        2026-04-05 holiday
        2026-04-06 holiday
        2026-05-01 holiday 劳动节
        2026-05-02 holiday
        2026-05-03 holiday
        2026-05-04 holiday
        2026-05-05 holiday
        2026-05-09 workday
        2026-06-19 holiday 端午节
        2026-06-20 holiday
        2026-06-21 holiday
        2026-09-20 workday
        2026-09-25 holiday 中秋节
        2026-09-26 holiday
        2026-09-27 holiday
        2026-10-01 holiday 国庆节
        2026-10-02 holiday
        2026-10-03 holiday
        2026-10-04 holiday
        2026-10-05 holiday
        2026-10-06 holiday
        2026-10-07 holiday
        2026-10-10 workday
        """
}
