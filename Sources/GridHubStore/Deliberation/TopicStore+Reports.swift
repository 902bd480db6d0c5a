import Foundation
import GridHubCore
import SQLKit

extension TopicStore {
    /// A suggested topic: cases that keep coming back to one building.
    public struct Suggestion: Sendable, Hashable, Codable {
        public var buildingID: Int64
        public var buildingName: String
        public var classCode: String
        public var caseIDs: [Int64]
    }

    /// Clusters of the community's recent cases (``CaseClusters``) that no topic links yet.
    public func suggestions(communityID: Int64, by principal: Principal, now: Date = Date()) async throws -> [Suggestion] {
        guard let c = directory.current.communities[communityID], c.streetID == principal.streetID else {
            throw GridHubError.notFound("community")
        }
        try principal.require(.topicSteer, on: Place(streetID: c.streetID, communityID: c.id))
        return try await database.read { sql in
            let buildings = try await sql.select().qualifiedColumns("b.id", "b.name", "b.lat", "b.lon")
                .from(SQLAlias(SQLIdentifier("buildings"), as: SQLIdentifier("b")))
                .join(
                    SQLAlias(SQLIdentifier("grids"), as: SQLIdentifier("g")), on: SQLColumn("id", table: "g"), .equal,
                    SQLColumn("grid_id", table: "b")
                )
                .where(SQLColumn("community_id", table: "g"), .equal, SQLBind(c.id)).all().map {
                    (
                        id: try $0.decode(column: "id", as: Int64.self), name: try $0.decode(column: "name", as: String.self),
                        at: Coordinate(
                            lat: try $0.decode(column: "lat", as: Double.self), lon: try $0.decode(column: "lon", as: Double.self)
                        )
                    )
                }
            let since = StoredTime.millis(now.addingTimeInterval(-CaseClusters.window))
            let cases = try await sql.raw(
                """
                SELECT id, class_code, lat, lon, reported_at FROM cases WHERE community_id = \(bind: c.id)
                AND reported_at >= \(bind: since) AND class_code IS NOT NULL AND state <> 'merged'
                AND id NOT IN (SELECT case_id FROM topic_cases)
                """
            ).all()
            let places = buildings.map { (id: $0.id, at: $0.at) }
            let items = try cases.compactMap { r -> CaseClusters.Item? in
                let at = Coordinate(
                    lat: try r.decode(column: "lat", as: Double.self), lon: try r.decode(column: "lon", as: Double.self))
                guard let building = CaseClusters.building(at: at, among: places) else { return nil }
                return CaseClusters.Item(
                    caseID: try r.decode(column: "id", as: Int64.self),
                    classCode: try r.decode(column: "class_code", as: String.self),
                    buildingID: building, reportedAt: StoredTime.date(try r.decode(column: "reported_at", as: Int64.self)))
            }
            let names = Dictionary(buildings.map { ($0.id, $0.name) }) { a, _ in a }
            return CaseClusters.find(items, now: now).map {
                Suggestion(
                    buildingID: $0.buildingID, buildingName: names[$0.buildingID] ?? "", classCode: $0.classCode,
                    caseIDs: $0.caseIDs)
            }
        }
    }

    /// One community's year of deliberation.
    public struct YearRow: Sendable, Hashable, Codable {
        public var communityID: Int64
        public var communityName: String
        public var topics: Int
        public var byState: [String: Int]
        public var byCommittee: [String: Int]
        public var done: Int
        /// Mean days from raised to done, over the topics done.
        public var meanDaysToDone: Double?
        public var measures: Int
        public var measuresOnTime: Int
        public var onTimeShare: Double?
    }

    /// The yearly report: topics raised in the year per community, by committee and state, how long they
    /// took, and what share of their measures finished on time.
    public func yearReport(year: Int, by principal: Principal) async throws -> [YearRow] {
        guard let street = principal.streetID else { return [] }
        guard principal.can(.topicSteer) || principal.can(.indicatorsRead) else { throw GridHubError.forbidden }
        guard (2000...2100).contains(year), let first = CivilDate(year: year, month: 1, day: 1),
            let next = CivilDate(year: year + 1, month: 1, day: 1)
        else { throw GridHubError(.unprocessable, "invalid_year", "A year is 2000–2100.") }
        return try await database.read { sql in
            let topics = try await sql.select().columns("*").from("topics").where("street_id", .equal, street)
                .where("raised_at", .greaterThanOrEqual, StoredTime.millis(first.start))
                .where("raised_at", .lessThan, StoredTime.millis(next.start)).rows(TopicRow.self)
            let committees = Dictionary(
                try await sql.select().columns("id", "name").from("committees").where("street_id", .equal, street).all().map {
                    (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "name", as: String.self))
                }
            ) { a, _ in a }
            let ids = topics.compactMap(\.id)
            let measures =
                ids.isEmpty
                ? []
                : try await sql.select().columns("*").from("topic_measures").where("topic_id", .in, SQLBind.group(ids)).rows(
                    MeasureRow.self)
            let measuresByTopic = Dictionary(grouping: measures, by: \.topicId)
            return Dictionary(grouping: topics, by: \.communityId).map { community, rows in
                let done = rows.filter { $0.doneAt != nil }
                let days = done.compactMap { r in r.doneAt.map { Double($0 - r.raisedAt) / 86_400_000 } }
                let ms = rows.flatMap { measuresByTopic[$0.id ?? 0] ?? [] }
                let today = CivilDate(Date())
                let onTime = ms.filter {
                    MeasureInput.onTime(dueOn: $0.dueOn, closedAt: $0.closedAt.map(StoredTime.date), today: today) == true
                }.count
                return YearRow(
                    communityID: community, communityName: directory.current.communities[community]?.name ?? "",
                    topics: rows.count,
                    byState: Dictionary(grouping: rows, by: \.state).mapValues(\.count),
                    byCommittee: Dictionary(grouping: rows, by: { $0.committeeId.flatMap { committees[$0] } ?? "未分配" }).mapValues(
                        \.count),
                    done: done.count, meanDaysToDone: days.isEmpty ? nil : days.reduce(0, +) / Double(days.count),
                    measures: ms.count, measuresOnTime: onTime, onTimeShare: ms.isEmpty ? nil : Double(onTime) / Double(ms.count))
            }.sorted { $0.communityID < $1.communityID }
        }
    }

    /// The street's resolutions as posted publicly (公开决议): published, in effect or done; no names.
    public func publicResolutions(communityID: Int64?, limit: Int = 100) async throws -> [PublicResolution] {
        try await database.read { sql in
            let q = sql.select().columns("*").from("topics")
                .where("state", .in, SQLBind.group([TopicState.published, .inEffect, .done].map(\.rawValue)))
            if let communityID { q.where("community_id", .equal, communityID) }
            let rows = try await q.orderBy("published_at", .descending).limit(limit).rows(TopicRow.self)
            let ids = rows.compactMap(\.id)
            guard !ids.isEmpty else { return [] }
            let meetings = try await sql.select().columns("*").from("topic_meetings").where("topic_id", .in, SQLBind.group(ids))
                .where("passed", .equal, true).rows(MeetingRow.self)
            let tallies = Dictionary(meetings.compactMap { m in m.tally.map { (m.topicId, $0) } }) { _, later in later }
            let measures = Dictionary(
                grouping: try await sql.select().columns("*").from("topic_measures").where("topic_id", .in, SQLBind.group(ids))
                    .orderBy("position").rows(MeasureRow.self), by: \.topicId)
            let committees = Dictionary(
                try await sql.select().columns("id", "name").from("committees")
                    .where("id", .in, SQLBind.group(rows.compactMap(\.committeeId) + [0])).all().map {
                        (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "name", as: String.self))
                    }
            ) { a, _ in a }
            return rows.compactMap { r in
                guard let id = r.id, let published = r.publishedAt, let ends = r.noticeEndsAt else { return nil }
                return PublicResolution(
                    id: id, communityName: directory.current.communities[r.communityId]?.name ?? "",
                    committeeName: r.committeeId.flatMap { committees[$0] }, title: r.title, resolution: r.resolution ?? "",
                    state: r.topicState, stateName: r.topicState.chineseName, publishedAt: StoredTime.date(published),
                    noticeEndsAt: StoredTime.date(ends), tally: tallies[id],
                    measures: (measures[id] ?? []).map {
                        .init(title: $0.title, owner: $0.owner, dueOn: $0.dueOn, done: $0.closedAt != nil)
                    })
            }
        }
    }
}
