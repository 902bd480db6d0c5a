import Foundation

/// The whistle's own moves, made by the summoned departments (``Capability/caseReportIn``) rather than
/// by one handling party: the first report-in (报到) starts the case, the last part done hands it back.
public enum SummonsStep: String, Sendable, CaseIterable {
    case reportIn = "report_in"
    case partDone = "part_done"

    /// The state the step moves the case from, and to, when it moves it at all.
    public var transition: (from: CaseState, to: CaseState) {
        switch self {
        case .reportIn: (.dispatched, .inProgress)
        case .partDone: (.inProgress, .handled)
        }
    }
}

/// What a summons step does: whether it moved the case (and the fields that go with it), and whether
/// the department reported in late.
public struct SummonsPlan: Sendable, Hashable {
    public var to: CaseState?
    public var fields: [CaseField] = []
    public var late = false
}

extension WhistleRules {
    /// 报到: once per department; late after the deadline; the first moves a dispatched case into handling.
    public static func reportIn(state: CaseState, reportedInAt: Date?, due: Date, now: Date) throws -> SummonsPlan {
        guard reportedInAt == nil else {
            throw GridHubError(.conflict, "already_reported_in", "Your department has already reported in.")
        }
        let step = SummonsStep.reportIn.transition
        let starts = state == step.from
        return SummonsPlan(to: starts ? step.to : nil, fields: starts ? [.respondedAt(now)] : [], late: now > due)
    }

    /// A department's part done, after reporting in, while the case is in handling; the last one hands the
    /// case back (handled).
    public static func partDone(state: CaseState, reportedIn: Bool, done: Bool, othersPending: Int, now: Date) throws
        -> SummonsPlan
    {
        guard reportedIn else {
            throw GridHubError(.conflict, "not_reported_in", "Report in (报到) before reporting your part done.")
        }
        guard !done else { throw GridHubError(.conflict, "part_already_done", "Your part is already done.") }
        let step = SummonsStep.partDone.transition
        guard state == step.from else {
            throw GridHubError(
                .conflict, "illegal_transition", "The case is \(state.chineseName); parts are done while in progress.")
        }
        return othersPending == 0 ? SummonsPlan(to: step.to, fields: [.handledAt(now)]) : SummonsPlan()
    }
}
