import Foundation
import GridHubCore

struct CommitteeRow: Codable, Sendable {
    var id: Int64? = nil
    var streetId: Int64
    var communityId: Int64
    var kind: String
    var name: String
}

struct CommitteeMemberRow: Codable, Sendable {
    var id: Int64? = nil
    var committeeId: Int64
    var name: String
    var post: String
    var accountId: Int64?
    var termStarts: String
    var termEnds: String
    var addedAt: Int64
    var removedAt: Int64? = nil
}

struct RepresentativeRow: Codable, Sendable {
    var id: Int64? = nil
    var streetId: Int64
    var communityId: Int64
    var kind: String
    var name: String
    var accountId: Int64?
    var addedAt: Int64
    var removedAt: Int64? = nil
}

struct TopicRow: Codable, Sendable {
    var id: Int64? = nil
    var streetId: Int64
    var communityId: Int64
    var committeeId: Int64?
    var buildingId: Int64?
    var title: String
    var description: String
    var source: String
    var state: String
    var raisedBy: Int64?
    var raisedAt: Int64
    var updatedAt: Int64
    var minutes: String? = nil
    var resolution: String? = nil
    var publishedAt: Int64? = nil
    var noticeEndsAt: Int64? = nil
    var enactedAt: Int64? = nil
    var doneAt: Int64? = nil

    var topicState: TopicState { TopicState(rawValue: state) ?? .raised }
    var place: Place { Place(streetID: streetId, communityID: communityId) }

    /// Posted and still within its notice period: residents may object.
    func noticeRunning(_ now: Date) -> Bool {
        topicState == .published && noticeEndsAt != nil
            && !TopicWorkflow.noticeOver(endsAt: noticeEndsAt.map(StoredTime.date), now: now)
    }
}

struct MeetingRow: Codable, Sendable {
    var id: Int64? = nil
    var topicId: Int64
    var startsAt: Int64
    var place: String
    var rules: String
    var closedAt: Int64? = nil
    var closedBy: Int64? = nil
    var invited: Int? = nil
    var present: Int? = nil
    var agree: Int? = nil
    var disagree: Int? = nil
    var abstain: Int? = nil
    var passed: Bool? = nil
    var createdBy: Int64
    var createdAt: Int64

    var votingRules: VotingRules {
        (try? JSONDecoder().decode(VotingRules.self, from: Data(rules.utf8))) ?? .standard
    }

    var tally: VoteTally? {
        guard let invited, let present, let agree, let disagree, let abstain else { return nil }
        return VoteTally(invited: invited, present: present, agree: agree, disagree: disagree, abstain: abstain)
    }
}

struct InviteeRow: Codable, Sendable {
    var meetingId: Int64
    var representativeId: Int64
    var accountId: Int64?
    var name: String
    var kind: String
    var attendedAt: Int64? = nil
    var vote: String? = nil
    var votedAt: Int64? = nil
    var paper: Bool = false
    var recordedBy: Int64? = nil
}

struct ObjectionRow: Codable, Sendable {
    var id: Int64? = nil
    var topicId: Int64
    var accountId: Int64
    var reason: String
    var at: Int64
    var state: String
    var answer: String? = nil
    var answeredBy: Int64? = nil
}

struct MeasureRow: Codable, Sendable {
    var id: Int64? = nil
    var topicId: Int64
    var position: Int
    var title: String
    var owner: String
    var dueOn: String
    var classCode: String?
    var caseId: Int64? = nil
    var closedAt: Int64? = nil
}
