import Foundation

/// Who should handle a case, as the catalogue says (派遣建议); the command centre may override it.
public struct DispatchSuggestion: Sendable, Hashable, Codable {
    public var classCode: String
    public var responsibility: Responsibility
    /// The leading department's code, or nil when the community/street leads.
    public var leadDepartment: String?
    public var assisting: [String]
    /// Whistle items summon `assisting` at once (吹哨报到).
    public var whistle: Bool
    public var timeLimit: TimeLimit
    public var dueAt: Date

    /// The catalogue's answer for an item, with the due time counted from `now` on `calendar`.
    public init(item: CatalogItem, now: Date, calendar: WorkingCalendar) {
        classCode = item.code
        responsibility = item.responsibility
        if case .department(let code) = item.lead { leadDepartment = code } else { leadDepartment = nil }
        assisting = item.assisting
        whistle = item.responsibility == .whistle
        timeLimit = item.timeLimit
        dueAt = calendar.due(from: now, limit: item.timeLimit)
    }
}

/// The whistle's rules: how long departments have to report in (报到), and when one is late.
public enum WhistleRules {
    public static let defaultReportInMinutes = 30

    public static func validateSummons(_ departments: [String]) throws {
        guard departments.count >= 2 else {
            throw GridHubError(.unprocessable, "invalid_departments", "A whistle summons at least two departments.")
        }
        guard Set(departments).count == departments.count else {
            throw GridHubError(.unprocessable, "invalid_departments", "A department is summoned once.")
        }
    }

    public static func validateReportInMinutes(_ minutes: Int) throws {
        guard (5...1_440).contains(minutes) else {
            throw GridHubError.invalid("report_in_minutes", "The report-in deadline is 5 to 1,440 minutes.")
        }
    }
}

/// The reporter's verdict after closing (满意度).
public enum Satisfaction: String, Sendable, Codable, CaseIterable {
    case satisfied  // 满意
    case basicallySatisfied = "basically_satisfied"  // 基本满意
    case dissatisfied  // 不满意

    /// Weight in 满意率 = (满意 + 0.9 × 基本满意) / rated.
    public var weight: Double {
        switch self {
        case .satisfied: 1
        case .basicallySatisfied: 0.9
        case .dissatisfied: 0
        }
    }
}

/// After closing, the reporter may say it is not fixed within this window.
public enum ReopenRules {
    public static let window: TimeInterval = 7 * 86_400

    public static func check(closedAt: Date?, now: Date) throws {
        guard let closedAt, now.timeIntervalSince(closedAt) <= window else {
            throw GridHubError(.unprocessable, "reopen_window_passed", "A case can be reopened within 7 days of closing.")
        }
    }
}
