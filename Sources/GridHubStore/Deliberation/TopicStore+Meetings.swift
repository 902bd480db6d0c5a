import Foundation
import GridHubCore
import SQLKit

/// Review meetings (党员和居民代表审议): the community's representatives are invited, come (checked in on
/// their phone or by staff), and vote once each — changeable until the vote closes, when the count is
/// frozen and, if it passed, the topic is reviewed.
extension TopicStore {
    /// Calls the review meeting of a discussed topic, inviting every current representative of its community.
    public func callMeeting(_ topicID: Int64, startsAt: Date, place: String, by principal: Principal, now: Date = Date())
        async throws -> TopicView
    {
        let place = place.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...60).contains(place.count) else {
            throw GridHubError(.unprocessable, "invalid_place", "Say where the meeting is, in 1–60 characters.")
        }
        guard abs(startsAt.timeIntervalSince(now)) < 366 * 86_400 else {
            throw GridHubError(.unprocessable, "invalid_starts_at", "A meeting is within a year of today.")
        }
        try await database.write { sql in
            let row = try await Self.row(sql, topicID, street: principal.streetID, lock: true)
            try principal.require(.topicSteer, on: row.place)
            guard row.topicState == .discussed else {
                throw GridHubError(
                    .conflict, "not_discussed", "A review meeting is called once the two committees have discussed the topic.")
            }
            guard try await Self.openMeeting(sql, topicID) == nil else {
                throw GridHubError(.conflict, "meeting_open", "This topic's review meeting is still open; close its vote first.")
            }
            let representatives = try await CommitteeStore.representatives(sql, communityID: row.communityId)
            guard !representatives.isEmpty else {
                throw GridHubError(
                    .unprocessable, "no_representatives", "The community has no representatives to invite; add them first.")
            }
            let rules = try await CommitteeStore.rules(sql, communityID: row.communityId)
            let meeting = try await sql.insertReturningID(
                into: "topic_meetings",
                MeetingRow(
                    topicId: topicID, startsAt: StoredTime.millis(startsAt), place: place,
                    rules: String(decoding: try JSONEncoder().encode(rules), as: UTF8.self), createdBy: principal.accountID,
                    createdAt: StoredTime.millis(now)))
            for r in representatives {
                try await sql.insert(into: "meeting_invitees")
                    .columns("meeting_id", "representative_id", "account_id", "name", "kind", "paper")
                    .values(
                        SQLBind(meeting), SQLBind(r.id), SQLBind(r.accountID), SQLBind(r.name), SQLBind(r.kind.rawValue),
                        SQLBind(false)
                    )
                    .run()
            }
            try await EventLog.append(
                sql,
                DomainEvent(
                    kind: TopicEvent.meetingCalled, streetID: row.streetId, subject: Subject("topic", topicID),
                    actorAccountID: principal.accountID, at: now,
                    facts: TopicFacts(
                        communityID: row.communityId, title: row.title, raisedBy: row.raisedBy, meetingID: meeting,
                        accounts: representatives.compactMap(\.accountID))))
        }
        return try await topic(topicID, by: principal, now: now)
    }

    static func openMeeting(_ sql: any SQLDatabase, _ topicID: Int64) async throws -> Int64? {
        try await sql.select().column("id").from("topic_meetings").where("topic_id", .equal, topicID)
            .where("closed_at", .is, SQLLiteral.null).first()?.decode(column: "id", as: Int64.self)
    }

    /// The meeting, locked for this transaction on PostgreSQL (votes and the close queue on it), and its topic.
    static func meeting(_ sql: any SQLDatabase, _ id: Int64, street: Int64?) async throws -> (MeetingRow, TopicRow) {
        let q = sql.select().columns("*").from("topic_meetings").where("id", .equal, id)
        if sql.flavor == .postgres { q.lockingClause(SQLLockingClause.update) }
        guard let m = try await q.row(MeetingRow.self) else { throw GridHubError.notFound("meeting") }
        return (m, try await row(sql, m.topicId, street: street))
    }

    /// The seat a request acts on: the reader's own (by account), or — for staff recording those without
    /// a phone — the representative named.
    static func seat(
        _ sql: any SQLDatabase, meeting: Int64, representative: Int64?, _ principal: Principal, staff: Bool
    ) async throws -> InviteeRow {
        let q = sql.select().columns("*").from("meeting_invitees").where("meeting_id", .equal, meeting)
        if let representative {
            guard staff else { throw GridHubError(.forbidden, "staff_only", "Only staff record others' attendance and votes.") }
            q.where("representative_id", .equal, representative)
        } else {
            q.where("account_id", .equal, principal.accountID)
        }
        guard let seat = try await q.row(InviteeRow.self) else {
            throw representative == nil
                ? GridHubError(.forbidden, "not_invited", "You are not invited to this meeting.")
                : GridHubError.notFound("representative")
        }
        return seat
    }

    /// Checks a representative in: themself on their phone, or staff for one without.
    public func checkIn(_ meetingID: Int64, representative: Int64?, by principal: Principal, now: Date = Date()) async throws
        -> TopicView
    {
        let topicID = try await database.write { sql in
            let (m, topic) = try await Self.meeting(sql, meetingID, street: principal.streetID)
            let staff = principal.can(.topicSteer, on: topic.place)
            let seat = try await Self.seat(sql, meeting: meetingID, representative: representative, principal, staff: staff)
            guard m.closedAt == nil else { throw GridHubError(.conflict, "vote_closed", "This meeting's vote has closed.") }
            guard seat.attendedAt == nil else { return m.topicId }
            try await sql.update("meeting_invitees").set("attended_at", to: StoredTime.millis(now))
                .set("recorded_by", to: representative == nil ? nil : principal.accountID)
                .where("meeting_id", .equal, meetingID).where("representative_id", .equal, seat.representativeId).run()
            return m.topicId
        }
        return try await topic(topicID, by: principal, now: now)
    }

    /// A vote: one per person, changeable until the vote closes; the voter must have checked in. Staff
    /// enter a paper vote for a named representative, which checks them in and is marked as paper.
    public func vote(
        _ meetingID: Int64, _ choice: VoteChoice, representative: Int64?, by principal: Principal, now: Date = Date()
    ) async throws -> TopicView {
        let topicID = try await database.write { sql in
            let (m, topic) = try await Self.meeting(sql, meetingID, street: principal.streetID)
            let staff = principal.can(.topicSteer, on: topic.place)
            let seat = try await Self.seat(sql, meeting: meetingID, representative: representative, principal, staff: staff)
            guard m.closedAt == nil else { throw GridHubError(.conflict, "vote_closed", "This meeting's vote has closed.") }
            let paper = representative != nil
            guard paper || seat.attendedAt != nil else {
                throw GridHubError(.conflict, "check_in_first", "Check in at the meeting before you vote.")
            }
            let stamp = StoredTime.millis(now)
            try await sql.update("meeting_invitees").set("vote", to: choice.rawValue).set("voted_at", to: stamp)
                .set("paper", to: paper).set(
                    "attended_at", to: SQLFunction("COALESCE", args: SQLColumn("attended_at"), SQLBind(stamp))
                )
                .set("recorded_by", to: paper ? principal.accountID : seat.recordedBy)
                .where("meeting_id", .equal, meetingID).where("representative_id", .equal, seat.representativeId).run()
            return m.topicId
        }
        return try await topic(topicID, by: principal, now: now)
    }

    /// Closes the vote: the count is frozen; a passed vote reviews the topic, a failed one leaves it
    /// discussed (the committees may call another meeting, send it back or withdraw it). Those present
    /// earn points for taking part (the points subscriber reads the event).
    public func closeVote(_ meetingID: Int64, by principal: Principal, now: Date = Date()) async throws -> TopicView {
        let topicID = try await database.write { sql in
            // The topic first, then the meeting: the order every move takes (sending a topic back calls
            // its open meeting off), so the two never wait on each other.
            guard
                let topicID = try await sql.select().column("topic_id").from("topic_meetings").where("id", .equal, meetingID)
                    .first()?.decode(column: "topic_id", as: Int64.self)
            else { throw GridHubError.notFound("meeting") }
            let locked = try await Self.row(sql, topicID, street: principal.streetID, lock: true)
            let (m, topic) = try await Self.meeting(sql, meetingID, street: principal.streetID)
            try principal.require(.topicSteer, on: topic.place)
            guard m.closedAt == nil else {
                throw GridHubError(.conflict, "vote_closed", "This meeting's vote has closed already.")
            }
            let seats = try await sql.select().columns("*").from("meeting_invitees").where("meeting_id", .equal, meetingID)
                .rows(InviteeRow.self)
            let votes = seats.compactMap { $0.vote.flatMap(VoteChoice.init(rawValue:)) }
            let tally = VoteTally(
                invited: seats.count, present: seats.filter { $0.attendedAt != nil }.count,
                agree: votes.filter { $0 == .agree }.count, disagree: votes.filter { $0 == .disagree }.count,
                abstain: votes.filter { $0 == .abstain }.count)
            let passed = tally.passed(m.votingRules)
            try await sql.update("topic_meetings").set("closed_at", to: StoredTime.millis(now))
                .set("closed_by", to: principal.accountID).set("invited", to: tally.invited).set("present", to: tally.present)
                .set("agree", to: tally.agree).set("disagree", to: tally.disagree).set("abstain", to: tally.abstain)
                .set("passed", to: passed).where("id", .equal, meetingID).run()
            try await EventLog.append(
                sql,
                DomainEvent(
                    kind: TopicEvent.voteClosed, streetID: topic.streetId, subject: Subject("topic", m.topicId),
                    actorAccountID: principal.accountID, at: now,
                    facts: TopicFacts(
                        communityID: topic.communityId, title: topic.title, raisedBy: topic.raisedBy, meetingID: meetingID,
                        tally: tally, passed: passed,
                        accounts: seats.filter { $0.attendedAt != nil }.compactMap(\.accountId))))
            if passed, locked.topicState == .discussed {
                try await sql.update("topics").set("state", to: TopicState.reviewed.rawValue)
                    .set("updated_at", to: StoredTime.millis(now)).where("id", .equal, m.topicId).run()
                try await Self.moved(
                    sql, locked, .review, to: .reviewed,
                    reason:
                        "同意\(tally.agree)票，不同意\(tally.disagree)票，弃权\(tally.abstain)票（应到\(tally.invited)人，实到\(tally.present)人）",
                    by: principal.accountID, at: now)
            }
            return m.topicId
        }
        return try await topic(topicID, by: principal, now: now)
    }
}

extension TopicStore {
    /// The topic's open review meeting, or 409 when none is.
    public func openMeeting(of topicID: Int64, by principal: Principal) async throws -> Int64 {
        try await database.read { sql in
            _ = try await Self.row(sql, topicID, street: principal.streetID)
            guard let id = try await Self.openMeeting(sql, topicID) else {
                throw GridHubError(.conflict, "no_open_meeting", "This topic has no review meeting open.")
            }
            return id
        }
    }
}
