import Foundation

/// 延期: the handling party asks for more time, the clock pauses, the command centre decides.
public enum ExtensionRules {
    public static let hours = 1...720

    /// What a request must carry: 1 to 720 hours and a reason.
    public static func checkRequest(hours: Int, reason: String?) throws {
        guard Self.hours.contains(hours) else { throw GridHubError.invalid("hours", "An extension is 1 to 720 hours.") }
        guard let reason, !reason.isEmpty else {
            throw GridHubError(.unprocessable, "missing_note", "Say why more time is needed.")
        }
    }

    /// Whether this case may be given more time now, by someone who is (or is not) handling it.
    public static func checkMayAsk(state: CaseState, hasDueTime: Bool, paused: Bool, byHandlingParty: Bool) throws {
        guard [.dispatched, .inProgress].contains(state), hasDueTime else {
            throw GridHubError(.conflict, "illegal_transition", "More time can be asked for while a case is being handled.")
        }
        guard byHandlingParty else { throw GridHubError(.forbidden, "not_handling_party", "This case was not sent to you.") }
        guard !paused else {
            throw GridHubError(.conflict, "extension_pending", "An extension is already waiting for a decision.")
        }
    }

    /// The due time after a decision: the time that was left when the clock paused, plus the extension
    /// if approved, counted from now — in clock time for urgent limits, in working time otherwise.
    public static func newDue(
        due: Date, pausedAt: Date, now: Date, extensionHours: Int, approve: Bool, urgent: Bool, calendar: WorkingCalendar
    ) -> Date {
        let extra = approve ? TimeInterval(extensionHours) * 3_600 : 0
        if urgent { return now.addingTimeInterval(max(0, due.timeIntervalSince(pausedAt)) + extra) }
        return calendar.adding(workingTime: calendar.workingTime(from: pausedAt, to: due) + extra, to: now)
    }
}
