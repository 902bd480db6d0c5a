import Foundation
import GridHubCore
import SQLKit

/// Topics (议题) through the four steps (四步议事): raised, proposed by the party organisation, discussed
/// by the two committees, reviewed by vote, published for objections, then carried out as cases. Every
/// move goes through ``TopicWorkflow`` and onto the event log in the same transaction; the log is the
/// topic's append-only timeline.
public struct TopicStore: Sendable {
    let database: any Database
    let directory: GridDirectory

    public init(database: any Database, directory: GridDirectory) {
        self.database = database
        self.directory = directory
    }

    var committees: CommitteeStore { CommitteeStore(database: database, directory: directory) }

    // MARK: Raising

    /// Raises a topic in a community: by a resident at the 说事点 or on the phone page, by a grid worker,
    /// by a committee, or from cases (staff only; the cases must lie in the community).
    public func raise(_ input: TopicInput, communityID: Int64?, by principal: Principal, now: Date = Date()) async throws
        -> TopicView
    {
        try principal.require(.topicRaise, on: nil)
        let t = try input.validated()
        let id = try await database.write { sql in
            var community = communityID ?? principal.communityID
            if let building = t.buildingID {
                guard
                    let b = try await sql.select().column("grid_id").from("buildings").where("id", .equal, building).first(),
                    let grid = directory.current.grids[try b.decode(column: "grid_id", as: Int64.self)],
                    grid.streetID == principal.streetID
                else { throw GridHubError(.unprocessable, "unknown_building", "There is no building \(building) here.") }
                if let community, community != grid.communityID {
                    throw GridHubError(.unprocessable, "building_elsewhere", "The building is in another community.")
                }
                community = grid.communityID
            }
            let cases = try await Self.cases(sql, t.caseIDs)
            if !t.caseIDs.isEmpty {
                guard principal.can(.orgRead) else {
                    throw GridHubError(.forbidden, "staff_only", "Only staff raise topics from cases.")
                }
                guard cases.count == t.caseIDs.count, cases.allSatisfy({ $0.streetID == principal.streetID }) else {
                    throw GridHubError(.unprocessable, "unknown_case", "Every linked case must be a case of this street.")
                }
                community = community ?? cases.first?.communityID
                guard cases.allSatisfy({ $0.communityID == community }) else {
                    throw GridHubError(.unprocessable, "cases_elsewhere", "The linked cases lie in another community.")
                }
            }
            guard let community, let c = directory.current.communities[community], c.streetID == principal.streetID else {
                throw GridHubError(.unprocessable, "community_required", "Name the community (community_id).")
            }
            let source = TopicInput.source(of: principal, cases: !t.caseIDs.isEmpty)
            let id = try await sql.insertReturningID(
                into: "topics",
                TopicRow(
                    streetId: c.streetID, communityId: c.id, committeeId: nil, buildingId: t.buildingID, title: t.title,
                    description: t.description, source: source.rawValue, state: TopicState.raised.rawValue,
                    raisedBy: principal.accountID, raisedAt: StoredTime.millis(now), updatedAt: StoredTime.millis(now)))
            for caseID in t.caseIDs {
                try await sql.insert(into: "topic_cases").columns("topic_id", "case_id").values(SQLBind(id), SQLBind(caseID))
                    .run()
            }
            try await EventLog.append(
                sql,
                DomainEvent(
                    kind: TopicEvent.raised, streetID: c.streetID, subject: Subject("topic", id),
                    actorAccountID: principal.accountID, at: now,
                    facts: TopicFacts(communityID: c.id, title: t.title, raisedBy: principal.accountID, to: .raised)))
            return id
        }
        return try await topic(id, by: principal, now: now)
    }

    struct CaseRef {
        var id: Int64
        var streetID: Int64
        var communityID: Int64
    }

    static func cases(_ sql: any SQLDatabase, _ ids: [Int64]) async throws -> [CaseRef] {
        guard !ids.isEmpty else { return [] }
        return try await sql.select().columns("id", "street_id", "community_id").from("cases").where(
            "id", .in, SQLBind.group(ids)
        )
        .all().map {
            CaseRef(
                id: try $0.decode(column: "id", as: Int64.self), streetID: try $0.decode(column: "street_id", as: Int64.self),
                communityID: try $0.decode(column: "community_id", as: Int64.self))
        }
    }

    // MARK: Reading

    /// The street's topics, newest first, by community, state and committee.
    public func list(
        communityID: Int64?, state: TopicState?, committeeID: Int64?, by principal: Principal, limit: Int = 200
    ) async throws -> [TopicSummary] {
        guard let street = principal.streetID else { return [] }
        return try await database.read { sql in
            let q = sql.select().columns("*").from("topics").where("street_id", .equal, street)
            if let communityID { q.where("community_id", .equal, communityID) }
            if let state { q.where("state", .equal, state.rawValue) }
            if let committeeID { q.where("committee_id", .equal, committeeID) }
            return try await q.orderBy("raised_at", .descending).orderBy("id", .descending).limit(limit).rows(TopicRow.self).map {
                summary($0)
            }
        }
    }

    func summary(_ r: TopicRow) -> TopicSummary {
        TopicSummary(
            id: r.id ?? 0, communityID: r.communityId, communityName: directory.current.communities[r.communityId]?.name ?? "",
            committeeID: r.committeeId, title: r.title, source: TopicSource(rawValue: r.source) ?? .resident,
            state: r.topicState, stateName: r.topicState.chineseName, raisedAt: StoredTime.date(r.raisedAt),
            updatedAt: StoredTime.date(r.updatedAt), noticeEndsAt: r.noticeEndsAt.map(StoredTime.date))
    }

    static func row(_ sql: any SQLDatabase, _ id: Int64, street: Int64?, lock: Bool = false) async throws -> TopicRow {
        let q = sql.select().columns("*").from("topics").where("id", .equal, id)
        if lock, sql.flavor == .postgres { q.lockingClause(SQLLockingClause.update) }
        guard let row = try await q.row(TopicRow.self), row.streetId == street else { throw GridHubError.notFound("topic") }
        return row
    }

    public func topic(_ id: Int64, by principal: Principal, now: Date = Date()) async throws -> TopicView {
        try await database.read { sql in
            try await view(sql, try await Self.row(sql, id, street: principal.streetID), principal, now: now)
        }
    }

    // MARK: Moves

    /// What a move may carry: the committee (propose), the minutes or reason, the resolution (publish).
    public struct Move: Sendable {
        public var action: TopicAction
        public var reason: String?
        public var committeeID: Int64?
        public var resolution: ResolutionInput?

        public init(action: TopicAction, reason: String? = nil, committeeID: Int64? = nil, resolution: ResolutionInput? = nil) {
            self.action = action
            self.reason = reason
            self.committeeID = committeeID
            self.resolution = resolution
        }
    }

    /// Makes a move by hand. `review` and `complete` follow from a passed vote and the last measure
    /// closing, so they are 409 here; `enact` is made by ``enact(_:by:desk:now:)``, which files the measures.
    public func act(_ id: Int64, _ move: Move, by principal: Principal, now: Date = Date()) async throws -> TopicView {
        guard !TopicWorkflow.consequences.contains(move.action), move.action != .enact else {
            throw GridHubError(
                .conflict, "not_by_hand",
                move.action == .enact
                    ? "Enact a topic at POST /topics/{id}/enact." : "This move follows from the vote or the measures.")
        }
        let reason = move.reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let reason, reason.count > 4_000 {
            throw GridHubError(.unprocessable, "invalid_reason", "A reason or minutes is at most 4000 characters.")
        }
        try await database.write { sql in
            let row = try await Self.row(sql, id, street: principal.streetID, lock: true)
            let to = try TopicWorkflow.next(
                after: move.action, from: row.topicState, by: principal, at: row.place, raiser: row.raisedBy, reason: reason)
            let stamp = StoredTime.millis(now)
            let update = sql.update("topics").set("state", to: to.rawValue).set("updated_at", to: stamp)
                .where("id", .equal, id)
            switch move.action {
            case .propose:
                guard let committee = move.committeeID else {
                    throw GridHubError(
                        .unprocessable, "committee_required", "Name the committee that takes it up (committee_id).")
                }
                let c = try await CommitteeStore.committee(sql, committee, street: row.streetId)
                guard c.communityId == row.communityId else {
                    throw GridHubError(.unprocessable, "committee_elsewhere", "The committee is another community's.")
                }
                update.set("committee_id", to: committee)
            case .discuss:
                update.set("minutes", to: reason)
            case .publish:
                guard let resolution = move.resolution else {
                    throw GridHubError(.unprocessable, "resolution_required", "Publish a resolution (resolution.text, measures).")
                }
                let r = try resolution.validated(today: CivilDate(now))
                let rules = try await CommitteeStore.rules(sql, communityID: row.communityId)
                let ends = now.addingTimeInterval(Double(rules.noticeDays) * 86_400)
                update.set("resolution", to: r.text).set("published_at", to: stamp)
                    .set("notice_ends_at", to: StoredTime.millis(ends))
                try await sql.delete(from: "topic_measures").where("topic_id", .equal, id).run()
                for (i, (m, due)) in r.measures.enumerated() {
                    _ = try await sql.insertReturningID(
                        into: "topic_measures",
                        MeasureRow(
                            topicId: id, position: i, title: m.title, owner: m.owner, dueOn: due.description,
                            classCode: m.classCode))
                }
            case .return where row.topicState == .published:
                // The committee upholds the objections it sends the topic back over.
                try await sql.update("topic_objections").set("state", to: ObjectionState.upheld.rawValue)
                    .set("answer", to: reason).set("answered_by", to: principal.accountID)
                    .where("topic_id", .equal, id).where("state", .equal, ObjectionState.open.rawValue).run()
                update.set("published_at", to: SQLLiteral.null).set("notice_ends_at", to: SQLLiteral.null)
            default: break
            }
            if row.topicState == .discussed, move.action == .return || move.action == .withdraw {
                // A meeting still open is called off: nothing is counted, nobody earns.
                try await sql.update("topic_meetings").set("closed_at", to: stamp).set("closed_by", to: principal.accountID)
                    .set("passed", to: false).where("topic_id", .equal, id).where("closed_at", .is, SQLLiteral.null).run()
            }
            try await update.run()
            try await Self.moved(sql, row, move.action, to: to, reason: reason, by: principal.accountID, at: now)
        }
        return try await topic(id, by: principal, now: now)
    }

    /// Appends a move to the topic's timeline (the event log).
    static func moved(
        _ sql: any SQLDatabase, _ row: TopicRow, _ action: TopicAction, to: TopicState, reason: String?, by actor: Int64?,
        at: Date
    ) async throws {
        try await EventLog.append(
            sql,
            DomainEvent(
                kind: TopicEvent.moved, streetID: row.streetId, subject: Subject("topic", row.id ?? 0), actorAccountID: actor,
                at: at,
                facts: TopicFacts(
                    communityID: row.communityId, title: row.title, raisedBy: row.raisedBy, action: action,
                    from: row.topicState, to: to, reason: reason)))
    }

    // MARK: Objections

    /// A resident objects to a published resolution, once, during its notice period; the committee is told.
    public func object(_ id: Int64, reason: String, by principal: Principal, now: Date = Date()) async throws -> TopicView {
        try principal.require(.topicObject, on: nil)
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...500).contains(reason.count) else {
            throw GridHubError(.unprocessable, "invalid_reason", "Give your reason in 2–500 characters.")
        }
        try await database.write { sql in
            let row = try await Self.row(sql, id, street: principal.streetID, lock: true)
            guard row.noticeRunning(now) else {
                throw GridHubError(
                    .conflict, "not_in_notice", "Objections are taken while a resolution is posted, during its notice period.")
            }
            guard
                try await sql.insert(into: "topic_objections")
                    .columns("topic_id", "account_id", "reason", "at", "state")
                    .values(
                        SQLBind(id), SQLBind(principal.accountID), SQLBind(reason), SQLBind(StoredTime.millis(now)),
                        SQLBind(ObjectionState.open.rawValue)
                    )
                    .ignoringConflicts(with: ["topic_id", "account_id"]).returning("id").first() != nil
            else { throw GridHubError(.conflict, "objected_already", "You have objected to this resolution already.") }
            try await EventLog.append(
                sql,
                DomainEvent(
                    kind: TopicEvent.objected, streetID: row.streetId, subject: Subject("topic", id),
                    actorAccountID: principal.accountID, at: now,
                    facts: TopicFacts(communityID: row.communityId, title: row.title, raisedBy: row.raisedBy, reason: reason)))
        }
        return try await topic(id, by: principal, now: now)
    }
}
