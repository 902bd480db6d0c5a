import Foundation
import GridHubCore
import SQLKit

/// A topic in a list: the board's row.
public struct TopicSummary: Sendable, Hashable, Codable {
    public var id: Int64
    public var communityID: Int64
    public var communityName: String
    public var committeeID: Int64?
    public var title: String
    public var source: TopicSource
    public var state: TopicState
    public var stateName: String
    public var raisedAt: Date
    public var updatedAt: Date
    public var noticeEndsAt: Date?
}

public struct LinkedCase: Sendable, Hashable, Codable {
    public var id: Int64
    public var trackingNumber: String
    public var state: CaseState
    public var classCode: String?
}

/// One person's seat at a review meeting: whether they came and how they voted (names only for staff
/// and for the person themself).
public struct InviteeView: Sendable, Hashable, Codable {
    public var representativeID: Int64
    public var name: String
    public var kind: RepresentativeKind
    public var attended: Bool
    public var vote: VoteChoice?
    public var paper: Bool
}

public struct MeetingView: Sendable, Hashable, Codable {
    public var id: Int64
    public var startsAt: Date
    public var place: String
    public var rules: VotingRules
    public var closed: Bool
    public var invited: Int
    /// Live until the vote closes, then frozen.
    public var present: Int
    public var voted: Int
    /// Only once closed.
    public var tally: VoteTally?
    public var passed: Bool?
    public var invitees: [InviteeView]?
    public var mine: InviteeView?
}

public struct MeasureView: Sendable, Hashable, Codable {
    public var id: Int64
    public var title: String
    public var owner: String
    public var dueOn: String
    public var caseID: Int64?
    public var trackingNumber: String?
    public var caseState: CaseState?
    public var closedAt: Date?
    /// Closed on or before the day it was due (nil while open and not yet late).
    public var onTime: Bool?
}

public struct ObjectionView: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String?
    public var reason: String
    public var at: Date
    public var state: ObjectionState
    public var answer: String?
}

public struct TimelineEntry: Sendable, Hashable, Codable {
    public var at: Date
    public var kind: String
    public var action: TopicAction?
    public var from: TopicState?
    public var to: TopicState?
    public var reason: String?
    public var actorName: String?
}

/// A topic whole: its cases, meetings, resolution, measures, objections, timeline, and the moves the
/// reader may make now.
public struct TopicView: Sendable, Hashable, Codable {
    public var id: Int64
    public var communityID: Int64
    public var communityName: String
    public var committeeID: Int64?
    public var committeeName: String?
    public var buildingID: Int64?
    public var buildingName: String?
    public var title: String
    public var description: String
    public var source: TopicSource
    public var state: TopicState
    public var stateName: String
    public var raisedByName: String?
    public var raisedAt: Date
    public var minutes: String?
    public var resolution: String?
    public var publishedAt: Date?
    public var noticeEndsAt: Date?
    public var enactedAt: Date?
    public var doneAt: Date?
    public var cases: [LinkedCase]
    public var meetings: [MeetingView]
    public var measures: [MeasureView]
    public var objections: [ObjectionView]
    public var timeline: [TimelineEntry]
    public var moves: [TopicAction]
    /// Whether the reader may object now (a resident during the notice period who has not yet).
    public var mayObject: Bool
}

/// A published resolution as the public page shows it: no names, no personal data.
public struct PublicResolution: Sendable, Hashable, Codable {
    public var id: Int64
    public var communityName: String
    public var committeeName: String?
    public var title: String
    public var resolution: String
    public var state: TopicState
    public var stateName: String
    public var publishedAt: Date
    public var noticeEndsAt: Date
    public var tally: VoteTally?
    public var measures: [PublicMeasure]

    public struct PublicMeasure: Sendable, Hashable, Codable {
        public var title: String
        public var owner: String
        public var dueOn: String
        public var done: Bool
    }
}
