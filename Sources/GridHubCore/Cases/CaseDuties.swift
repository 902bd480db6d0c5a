/// The rules that keep roles meaning what they say, beside the workflow table: who may change
/// anything at all, who may rate, and who may check whose work.
public enum CaseDuties {
    /// Whether the person may change anything (file, move, rate, report in …): 领导 holds no capability
    /// that changes anything, so reads the whole street and changes nothing.
    public static func checkMayChange(_ p: Principal) throws {
        guard p.mayChange else {
            throw GridHubError(
                .forbidden, "read_only_role", "A \(p.role.chineseName) (\(p.role.rawValue)) reads but changes nothing.")
        }
    }

    /// Only the people a case was reported by rate it: anyone holding a staff role never does, even
    /// when they are a resident too, or a grid worker could file a case, fix it himself and rate it 满意,
    /// inflating 满意率.
    public static func checkMayRate(_ p: Principal) throws {
        guard p.can(.caseRate), !p.grants.contains(where: { $0.role.isStaff }) else {
            throw GridHubError(.forbidden, "staff_cannot_rate", "Staff do not rate cases; the reporters do.")
        }
    }

    /// 核查 is someone else's look at the work: whoever handled the case (the `handle` or a whistle part)
    /// may not check it, unless the street allows it in its settings (off by default).
    public static func checkMayCheck(checker accountID: Int64, handledBy handlers: Set<Int64>, streetAllows: Bool) throws {
        guard streetAllows || !handlers.contains(accountID) else {
            throw GridHubError(
                .forbidden, "own_work", "You handled this case; someone else checks it (核查 is a second pair of eyes).")
        }
    }

    /// The timeline entries whose author counts as having handled the case.
    public static let handlingKinds: [TimelineEventKind] = [.handle, .partDone]
}
