import Foundation

/// Which events pay points and to whom (积分获取规则), from a street's ``PointsRules``. The store resolves
/// "the reporters" against the case; an account earns only while it holds no staff role.
public enum PointsEarning {
    public enum Beneficiary: Hashable, Sendable {
        /// Every reporter of the case.
        case reporters
        /// The one who reported it first.
        case firstReporter
        /// Whoever the event's actor is (a rater, a head who visited).
        case actor
    }

    /// Points due, or to be taken back, for one event.
    public struct Due: Hashable, Sendable {
        public var beneficiary: Beneficiary
        public var amount: Int
        /// What the statement says (上报核实 …).
        public var reason: String
        /// Distinguishes two dues of one event for one person: the source an entry pays once is
        /// `<event's subject>:<rule>:<holder>`.
        public var rule: String
    }

    /// What to take back, and from whom.
    public enum Reversal: Hashable, Sendable {
        /// Everything the case's reporters earned on it (a report found false: 不予立案).
        case allOf(reason: String)
        /// What reporters earned on a duplicate merged into a case they reported too.
        case duplicatesOf(survivor: String, reason: String)
    }

    /// The earnings a case event brings. Verification pays once, whether the case was verified first
    /// or accepted straight away.
    public static func dues(_ change: CaseChange, rules: PointsRules) -> [Due] {
        switch change.entry {
        case .verify, .accept:
            [
                Due(
                    beneficiary: .reporters, amount: rules.verifiedReport, reason: "上报核实属实 \(change.trackingNumber)",
                    rule: "verified"),
                Due(
                    beneficiary: .firstReporter, amount: rules.firstReporter, reason: "首位上报 \(change.trackingNumber)",
                    rule: "first"),
            ].filter { $0.amount > 0 }
        case .rated:
            rules.rating > 0
                ? [Due(beneficiary: .actor, amount: rules.rating, reason: "评价办结案件 \(change.trackingNumber)", rule: "rated")] : []
        default: []
        }
    }

    public static func reversal(_ change: CaseChange) -> Reversal? {
        switch change.entry {
        case .reject: .allOf(reason: "上报经核实不属实，撤销积分 \(change.trackingNumber)")
        case .merge:
            change.mergedInto.map {
                .duplicatesOf(survivor: $0, reason: "重复上报同一问题（并入 \($0)），撤销积分 \(change.trackingNumber)")
            }
        default: nil
        }
    }

    /// A volunteer checked in on the spot earns what the activity offers.
    public static func activityDue(_ f: ActivityFacts) -> Due? {
        guard f.points > 0, f.accountID != nil else { return nil }
        return Due(beneficiary: .actor, amount: f.points, reason: "参加志愿活动「\(f.title)」", rule: "activity")
    }

    /// Those present at a review meeting earn for taking part (each account named in the closed vote's facts).
    public static func meetingDue(_ f: TopicFacts, rules: PointsRules) -> Due? {
        guard rules.meeting > 0, f.meetingID != nil else { return nil }
        return Due(beneficiary: .actor, amount: rules.meeting, reason: "参加议事审议会「\(f.title)」", rule: "meeting")
    }

    /// Whoever raised a topic earns when its resolution is published (the topic was adopted).
    public static func adoptedDue(_ f: TopicFacts, rules: PointsRules) -> Due? {
        guard rules.topicAdopted > 0, f.adopted, f.raisedBy != nil else { return nil }
        return Due(beneficiary: .actor, amount: rules.topicAdopted, reason: "提出的议题「\(f.title)」形成决议", rule: "adopted")
    }

    /// A head's visit pays when the resident was seen; a staff visitor earns nothing (see the store).
    public static func visitDue(condition: VisitCondition?, rules: PointsRules) -> Due? {
        guard rules.headVisit > 0, condition != nil else { return nil }
        return Due(beneficiary: .actor, amount: rules.headVisit, reason: "楼栋长/单元长走访", rule: "visit")
    }
}

extension Role {
    /// Residents and the volunteer heads earn points; staff, paid for their work, do not.
    public var earnsPoints: Bool {
        switch self {
        case .resident, .buildingHead, .unitHead: true
        case .commandCentre, .communityStaff, .gridWorker, .departmentHandler, .enforcementTeam, .leader, .canteenStaff: false
        }
    }
}
