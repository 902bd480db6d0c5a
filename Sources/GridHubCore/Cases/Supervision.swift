import Foundation

/// 督办: a case still open past its due time is overdue; past a second limit as long again as the
/// first (dispatch → due) it is escalated to the leaders. The periodic sweep applies these rules; the
/// scale generator's stories follow them too.
public enum Supervision {
    /// When an overdue case is escalated.
    public static func escalationTime(due: Date, dispatched: Date?) -> Date {
        due.addingTimeInterval(max(0, due.timeIntervalSince(dispatched ?? due)))
    }
}
