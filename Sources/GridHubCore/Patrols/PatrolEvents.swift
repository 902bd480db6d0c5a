import Foundation

/// What happens in patrolling, as events in the log (`patrol.*`), and the facts each carries.
public enum PatrolEvent {
    public static let started = EventKind("patrol.started")
    public static let finished = EventKind("patrol.finished")
    public static let checkedIn = EventKind("patrol.checked_in")
    /// A window passed without a counted patrol (漏巡).
    public static let missed = EventKind("patrol.missed")
    /// A worker asks for a make-up (补签) of a missed window.
    public static let makeUpRequested = EventKind("patrol.makeup_requested")
    public static let makeUpDecided = EventKind("patrol.makeup_decided")
}

/// The facts of a patrol event: whose patrol, where, which window, and what was decided.
public struct PatrolFacts: Sendable, Hashable, Codable {
    public var accountID: Int64
    public var workerName: String
    public var communityID: Int64
    public var gridID: Int64?
    public var slot: PatrolSlot?
    public var counted: Bool?
    public var approved: Bool?
    public var reason: String?

    public init(
        accountID: Int64, workerName: String, communityID: Int64, gridID: Int64? = nil, slot: PatrolSlot? = nil,
        counted: Bool? = nil, approved: Bool? = nil, reason: String? = nil
    ) {
        self.accountID = accountID
        self.workerName = workerName
        self.communityID = communityID
        self.gridID = gridID
        self.slot = slot
        self.counted = counted
        self.approved = approved
        self.reason = reason
    }
}

/// Who hears about patrols: a missed window goes to the worker and their community; a make-up request
/// to the community, its decision back to the worker.
public enum PatrolNotices {
    public struct Notice: Hashable, Sendable {
        public var recipient: Recipient
        public var kind: String
        public var message: String
    }

    public static func plan(_ kind: EventKind, _ f: PatrolFacts) -> [Notice] {
        let window = f.slot.map { "\($0.day) 第\($0.window + 1)巡" } ?? ""
        let community = Recipient.role(.communityStaff, in: .community(f.communityID))
        switch kind {
        case PatrolEvent.missed:
            return [
                Notice(recipient: .account(f.accountID), kind: "patrol_missed", message: "漏巡：\(window)没有达标的巡查记录，可申请补签。"),
                Notice(recipient: community, kind: "patrol_missed", message: "漏巡：网格员 \(f.workerName) \(window)没有达标的巡查记录。"),
            ]
        case PatrolEvent.makeUpRequested:
            return [
                Notice(
                    recipient: community, kind: "patrol_makeup",
                    message: "补签申请：网格员 \(f.workerName) 申请补签\(window)，理由：\(f.reason ?? "")")
            ]
        case PatrolEvent.makeUpDecided:
            let verdict = f.approved == true ? "已同意" : "未同意"
            return [Notice(recipient: .account(f.accountID), kind: "patrol_makeup", message: "补签\(verdict)：\(window)。")]
        default:
            return []
        }
    }
}
