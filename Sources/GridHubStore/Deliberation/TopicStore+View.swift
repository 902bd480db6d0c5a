import Foundation
import GridHubCore
import SQLKit

extension TopicStore {
    /// The whole topic as the reader may see it: staff of its community see who raised it, came, voted and
    /// objected; a representative sees their own seat; everyone sees the counts, the resolution and the measures.
    func view(_ sql: any SQLDatabase, _ r: TopicRow, _ principal: Principal, now: Date) async throws -> TopicView {
        let id = r.id ?? 0
        let staff = principal.can(.topicSteer, on: r.place)
        let names = try await Self.names(sql, ids: [r.raisedBy].compactMap { $0 })
        let committee = try await r.committeeId.asyncMap {
            try await sql.select().column("name").from("committees").where("id", .equal, $0).first()?
                .decode(column: "name", as: String.self)
        }
        let building = try await r.buildingId.asyncMap {
            try await sql.select().column("name").from("buildings").where("id", .equal, $0).first()?
                .decode(column: "name", as: String.self)
        }
        let cases = try await sql.select().qualifiedColumns("c.id", "c.tracking_no", "c.state", "c.class_code")
            .from(SQLAlias(SQLIdentifier("topic_cases"), as: SQLIdentifier("t")))
            .join(
                SQLAlias(SQLIdentifier("cases"), as: SQLIdentifier("c")), on: SQLColumn("id", table: "c"), .equal,
                SQLColumn("case_id", table: "t")
            )
            .where(SQLColumn("topic_id", table: "t"), .equal, SQLBind(id)).orderBy(SQLColumn("id", table: "c")).all()
            .map {
                LinkedCase(
                    id: try $0.decode(column: "id", as: Int64.self),
                    trackingNumber: try $0.decode(column: "tracking_no", as: String.self),
                    state: CaseState(rawValue: try $0.decode(column: "state", as: String.self)) ?? .reported,
                    classCode: try $0.decode(column: "class_code", as: String?.self))
            }
        let objections = try await sql.select().columns("*").from("topic_objections").where("topic_id", .equal, id)
            .orderBy("id").rows(ObjectionRow.self)
        let objectors = try await Self.names(sql, ids: objections.map(\.accountId))
        let timeline = try await EventLog.events(of: Subject("topic", id), sql)
        let actors = try await Self.names(sql, ids: timeline.compactMap(\.actorAccountID))
        return TopicView(
            id: id, communityID: r.communityId, communityName: directory.current.communities[r.communityId]?.name ?? "",
            committeeID: r.committeeId, committeeName: committee ?? nil, buildingID: r.buildingId, buildingName: building ?? nil,
            title: r.title, description: r.description, source: TopicSource(rawValue: r.source) ?? .resident,
            state: r.topicState, stateName: r.topicState.chineseName,
            raisedByName: staff || r.raisedBy == principal.accountID ? r.raisedBy.flatMap { names[$0] } : nil,
            raisedAt: StoredTime.date(r.raisedAt), minutes: r.minutes, resolution: r.resolution,
            publishedAt: r.publishedAt.map(StoredTime.date), noticeEndsAt: r.noticeEndsAt.map(StoredTime.date),
            enactedAt: r.enactedAt.map(StoredTime.date), doneAt: r.doneAt.map(StoredTime.date), cases: cases,
            meetings: try await Self.meetings(sql, topicID: id, principal, staff: staff),
            measures: try await Self.measures(sql, topicID: id, now: now),
            objections: objections.filter { staff || $0.accountId == principal.accountID }.map {
                ObjectionView(
                    id: $0.id ?? 0, name: objectors[$0.accountId], reason: $0.reason, at: StoredTime.date($0.at),
                    state: ObjectionState(rawValue: $0.state) ?? .open, answer: $0.answer)
            },
            timeline: timeline.map { e in
                let facts = try? e.facts(TopicFacts.self)
                return TimelineEntry(
                    at: e.at, kind: e.kind.rawValue, action: facts?.action, from: facts?.from, to: facts?.to,
                    reason: e.kind == TopicEvent.objected && !staff ? nil : facts?.reason,
                    actorName: staff ? e.actorAccountID.flatMap { actors[$0] } : nil)
            },
            moves: TopicWorkflow.allowed(from: r.topicState, by: principal, at: r.place, raiser: r.raisedBy).filter {
                $0 != .enact || TopicWorkflow.noticeOver(endsAt: r.noticeEndsAt.map(StoredTime.date), now: now)
            },
            mayObject: r.noticeRunning(now) && principal.can(.topicObject)
                && !objections.contains { $0.accountId == principal.accountID })
    }

    static func names(_ sql: any SQLDatabase, ids: [Int64]) async throws -> [Int64: String] {
        guard !ids.isEmpty else { return [:] }
        var out: [Int64: String] = [:]
        for row in try await sql.select().columns("id", "display_name").from("accounts").where(
            "id", .in, SQLBind.group(Array(Set(ids)))
        )
        .all() {
            out[try row.decode(column: "id", as: Int64.self)] = try row.decode(column: "display_name", as: String.self)
        }
        return out
    }

    static func meetings(_ sql: any SQLDatabase, topicID: Int64, _ principal: Principal, staff: Bool) async throws
        -> [MeetingView]
    {
        let rows = try await sql.select().columns("*").from("topic_meetings").where("topic_id", .equal, topicID).orderBy("id")
            .rows(MeetingRow.self)
        guard !rows.isEmpty else { return [] }
        let seats = try await sql.select().columns("*").from("meeting_invitees")
            .where("meeting_id", .in, SQLBind.group(rows.compactMap(\.id))).orderBy("kind").orderBy("representative_id")
            .rows(InviteeRow.self)
        let byMeeting = Dictionary(grouping: seats, by: \.meetingId)
        return rows.map { m in
            let seats = byMeeting[m.id ?? 0] ?? []
            let views = seats.map(inviteeView)
            return MeetingView(
                id: m.id ?? 0, startsAt: StoredTime.date(m.startsAt), place: m.place, rules: m.votingRules,
                closed: m.closedAt != nil, invited: m.invited ?? seats.count,
                present: m.present ?? seats.filter { $0.attendedAt != nil }.count, voted: seats.filter { $0.vote != nil }.count,
                tally: m.tally, passed: m.passed, invitees: staff ? views : nil,
                mine: zip(seats, views).first { $0.0.accountId == principal.accountID }?.1)
        }
    }

    static func inviteeView(_ s: InviteeRow) -> InviteeView {
        InviteeView(
            representativeID: s.representativeId, name: s.name, kind: RepresentativeKind(rawValue: s.kind) ?? .resident,
            attended: s.attendedAt != nil, vote: s.vote.flatMap(VoteChoice.init(rawValue:)), paper: s.paper)
    }

    static func measures(_ sql: any SQLDatabase, topicID: Int64, now: Date) async throws -> [MeasureView] {
        let rows = try await sql.select().columns("*").from("topic_measures").where("topic_id", .equal, topicID)
            .orderBy("position").rows(MeasureRow.self)
        var cases: [Int64: (String, CaseState)] = [:]
        let ids = rows.compactMap(\.caseId)
        if !ids.isEmpty {
            for c in try await sql.select().columns("id", "tracking_no", "state").from("cases").where(
                "id", .in, SQLBind.group(ids)
            )
            .all() {
                cases[try c.decode(column: "id", as: Int64.self)] = (
                    try c.decode(column: "tracking_no", as: String.self),
                    CaseState(rawValue: try c.decode(column: "state", as: String.self)) ?? .reported
                )
            }
        }
        let today = CivilDate(now)
        return rows.map { m in
            let closed = m.closedAt.map(StoredTime.date)
            let onTime = MeasureInput.onTime(dueOn: m.dueOn, closedAt: closed, today: today)
            return MeasureView(
                id: m.id ?? 0, title: m.title, owner: m.owner, dueOn: m.dueOn, caseID: m.caseId,
                trackingNumber: m.caseId.flatMap { cases[$0]?.0 }, caseState: m.caseId.flatMap { cases[$0]?.1 },
                closedAt: closed, onTime: onTime)
        }
    }
}
