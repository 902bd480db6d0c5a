import Foundation

public enum TopicEvent {
    /// A topic was raised.
    public static let raised = EventKind("topic.raised")
    /// A topic made a move of the four steps (facts: the action, from, to, the reason).
    public static let moved = EventKind("topic.moved")
    /// A review meeting was called; its invited are notified.
    public static let meetingCalled = EventKind("topic.meeting_called")
    /// A review meeting's vote closed: the count is frozen; those present earn points.
    public static let voteClosed = EventKind("topic.vote_closed")
    /// A resident objected to a published resolution; the committee is told.
    public static let objected = EventKind("topic.objected")
}

/// What a topic event carries.
public struct TopicFacts: Codable, Sendable, Hashable {
    public var communityID: Int64
    public var title: String
    public var raisedBy: Int64?
    public var action: TopicAction?
    public var from: TopicState?
    public var to: TopicState?
    public var reason: String?
    public var meetingID: Int64?
    public var tally: VoteTally?
    public var passed: Bool?
    /// The accounts of those present at a closed meeting (paid for taking part), or invited to a called one.
    public var accounts: [Int64]?

    public init(
        communityID: Int64, title: String, raisedBy: Int64?, action: TopicAction? = nil, from: TopicState? = nil,
        to: TopicState? = nil, reason: String? = nil, meetingID: Int64? = nil, tally: VoteTally? = nil, passed: Bool? = nil,
        accounts: [Int64]? = nil
    ) {
        self.communityID = communityID
        self.title = title
        self.raisedBy = raisedBy
        self.action = action
        self.from = from
        self.to = to
        self.reason = reason
        self.meetingID = meetingID
        self.tally = tally
        self.passed = passed
        self.accounts = accounts
    }

    /// Whether the move adopted the topic: its resolution was published (the raiser earns points).
    public var adopted: Bool { action == .publish }
}

/// Who is told what about a topic: the invited of a called meeting, the committee of an objection and of
/// a new topic, whoever raised it of each step it takes.
public enum TopicNotices {
    public static func plan(_ kind: EventKind, _ f: TopicFacts, actor: Int64?) -> [(recipient: String, kind: String, message: String)] {
        let committee = Recipient.role(.communityStaff, in: .community(f.communityID)).key
        switch kind {
        case TopicEvent.raised:
            return [(committee, "topic_raised", "新议题「\(f.title)」待党组织提议")]
        case TopicEvent.meetingCalled:
            return (f.accounts ?? []).map { (Recipient.account($0).key, "meeting_called", "请参加议题「\(f.title)」的审议会并表决") }
        case TopicEvent.objected:
            return [(committee, "topic_objected", "居民对决议「\(f.title)」提出异议：\(f.reason ?? "")")]
        case TopicEvent.moved:
            guard let raiser = f.raisedBy, raiser != actor, let to = f.to else { return [] }
            return [(Recipient.account(raiser).key, "topic_moved", "您提出的议题「\(f.title)」：\(to.chineseName)")]
        default:
            return []
        }
    }
}
