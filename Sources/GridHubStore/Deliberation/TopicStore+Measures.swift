import Foundation
import GridHubCore
import SQLKit

/// From resolution to work: when the notice period is over the resolution takes effect, each measure is
/// filed as a case through the same desk as every report (channel `deliberation`) and runs through the
/// case workflow; the topic is done when the last of them closes.
extension TopicStore {
    struct FiledCase: Decodable {
        var caseID: Int64
    }

    /// Enacts a published topic once its notice period is over. Objections still open need the
    /// committee's answer (`reason`). Filing is safe to retry: each measure's case is filed under its own
    /// idempotency key before the topic moves, so a retry after a failure finds the same cases.
    public func enact(_ id: Int64, reason: String?, by principal: Principal, desk: ReportDesk, now: Date = Date()) async throws
        -> TopicView
    {
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        let (row, pending, position) = try await database.read { sql in
            let row = try await Self.row(sql, id, street: principal.streetID)
            _ = try TopicWorkflow.next(
                after: .enact, from: row.topicState, by: principal, at: row.place, raiser: row.raisedBy, reason: nil)
            guard TopicWorkflow.noticeOver(endsAt: row.noticeEndsAt.map(StoredTime.date), now: now) else {
                throw GridHubError(
                    .conflict, "notice_running", "The resolution is posted until its notice period ends; enact it after that.")
            }
            let open = try await sql.select().column("id").from("topic_objections").where("topic_id", .equal, id)
                .where("state", .equal, ObjectionState.open.rawValue).first()
            if open != nil, reason == nil {
                throw GridHubError(
                    .unprocessable, "answer_required", "Residents objected: answer them (reason), or send the topic back.")
            }
            let pending = try await sql.select().columns("*").from("topic_measures").where("topic_id", .equal, id)
                .where("case_id", .is, SQLLiteral.null).orderBy("position").rows(MeasureRow.self)
            return (row, pending, try await Self.position(sql, row))
        }
        var filed: [Int64: Int64] = [:]
        let community = directory.current.communities[row.communityId]?.name ?? ""
        for m in pending {
            let answer = try await desk.file(
                ReportDraft(
                    lat: position.lat, lon: position.lon, classCode: m.classCode, text: m.title,
                    description: "\(community)议事决议《\(row.title)》措施：\(m.title)。责任单位：\(m.owner)，完成期限：\(m.dueOn)。",
                    address: position.address, channel: ReportChannel.deliberation.rawValue),
                photos: [], by: principal, idempotencyKey: "topic-measure-\(m.id ?? 0)", now: now)
            guard answer.status < 300, let c = try? APIJSON.decoder().decode(FiledCase.self, from: answer.body) else {
                throw GridHubError(.conflict, "measure_not_filed", "A measure could not be filed as a case; try again.")
            }
            filed[m.id ?? 0] = c.caseID
        }
        let cases = filed
        try await database.write { sql in
            let row = try await Self.row(sql, id, street: principal.streetID, lock: true)
            let to = try TopicWorkflow.next(
                after: .enact, from: row.topicState, by: principal, at: row.place, raiser: row.raisedBy, reason: nil)
            for (measure, caseID) in cases.sorted(by: { $0.key < $1.key }) {
                try await sql.update("topic_measures").set("case_id", to: caseID).where("id", .equal, measure)
                    .where("case_id", .is, SQLLiteral.null).run()
            }
            try await sql.update("topic_objections").set("state", to: ObjectionState.answered.rawValue)
                .set("answer", to: reason).set("answered_by", to: principal.accountID)
                .where("topic_id", .equal, id).where("state", .equal, ObjectionState.open.rawValue).run()
            try await sql.update("topics").set("state", to: to.rawValue).set("enacted_at", to: StoredTime.millis(now))
                .set("updated_at", to: StoredTime.millis(now)).where("id", .equal, id).run()
            try await Self.moved(sql, row, .enact, to: to, reason: reason, by: principal.accountID, at: now)
            var enacted = row
            enacted.state = to.rawValue
            try await Self.completeIfFinished(sql, enacted, at: now)
        }
        return try await topic(id, by: principal, now: now)
    }

    /// Where a topic's measures are filed: its building, else its first linked case, else the community's
    /// first building.
    static func position(_ sql: any SQLDatabase, _ row: TopicRow) async throws -> (lat: Double, lon: Double, address: String?) {
        func read(_ q: SQLSelectBuilder, address: String) async throws -> (Double, Double, String?)? {
            guard let r = try await q.first() else { return nil }
            return (
                try r.decode(column: "lat", as: Double.self), try r.decode(column: "lon", as: Double.self),
                try r.decode(column: address, as: String?.self)
            )
        }
        if let building = row.buildingId,
            let p = try await read(
                sql.select().columns("lat", "lon", "name").from("buildings").where("id", .equal, building), address: "name")
        {
            return p
        }
        if let p = try await read(
            sql.select().qualifiedColumns("c.lat", "c.lon", "c.address").from(
                SQLAlias(SQLIdentifier("topic_cases"), as: SQLIdentifier("t"))
            )
            .join(
                SQLAlias(SQLIdentifier("cases"), as: SQLIdentifier("c")), on: SQLColumn("id", table: "c"), .equal,
                SQLColumn("case_id", table: "t")
            ).where(SQLColumn("topic_id", table: "t"), .equal, SQLBind(row.id ?? 0)).orderBy(SQLColumn("id", table: "c"))
            .limit(1), address: "address")
        {
            return p
        }
        guard
            let p = try await read(
                sql.select().qualifiedColumns("b.lat", "b.lon", "b.name").from(
                    SQLAlias(SQLIdentifier("buildings"), as: SQLIdentifier("b"))
                )
                .join(
                    SQLAlias(SQLIdentifier("grids"), as: SQLIdentifier("g")), on: SQLColumn("id", table: "g"), .equal,
                    SQLColumn("grid_id", table: "b")
                ).where(SQLColumn("community_id", table: "g"), .equal, SQLBind(row.communityId))
                .orderBy(SQLColumn("id", table: "b")).limit(1), address: "name")
        else { throw GridHubError(.unprocessable, "no_place", "The community has no building to file its measures at.") }
        return p
    }

    /// Moves an enacted topic to done when none of its measures is still open.
    static func completeIfFinished(_ sql: any SQLDatabase, _ row: TopicRow, at: Date) async throws {
        guard row.topicState == .inEffect, let id = row.id else { return }
        let open = try await sql.select().column("id").from("topic_measures").where("topic_id", .equal, id)
            .where("closed_at", .is, SQLLiteral.null).first()
        guard open == nil else { return }
        try await sql.update("topics").set("state", to: TopicState.done.rawValue).set("done_at", to: StoredTime.millis(at))
            .set("updated_at", to: StoredTime.millis(at)).where("id", .equal, id).run()
        try await moved(sql, row, .complete, to: .done, reason: nil, by: nil, at: at)
    }

    /// A measure's case ended: the measure is closed, and the topic done if it was the last (called by
    /// ``DeliberationSubscriber`` in the relay's transaction).
    static func caseEnded(_ sql: any SQLDatabase, caseID: Int64, at: Date) async throws {
        let measures = try await sql.select().columns("*").from("topic_measures").where("case_id", .equal, caseID)
            .where("closed_at", .is, SQLLiteral.null).rows(MeasureRow.self)
        guard !measures.isEmpty else { return }
        try await sql.update("topic_measures").set("closed_at", to: StoredTime.millis(at)).where("case_id", .equal, caseID)
            .where("closed_at", .is, SQLLiteral.null).run()
        for topicID in Set(measures.map(\.topicId)).sorted() {
            let q = sql.select().columns("*").from("topics").where("id", .equal, topicID)
            if sql.flavor == .postgres { q.lockingClause(SQLLockingClause.update) }
            if let row = try await q.row(TopicRow.self) { try await completeIfFinished(sql, row, at: at) }
        }
    }
}
