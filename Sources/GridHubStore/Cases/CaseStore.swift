import Foundation
import GridHubCore
import SQLKit

/// Filters and paging for case lists.
public struct CaseQuery: Sendable {
    public var states: [CaseState] = []
    public var classCode: String?
    /// Any of these classes (Open311's `service_code` list); empty means all.
    public var classCodes: [String] = []
    /// Only these cases, by tracking number; empty means all.
    public var trackingNumbers: [String] = []
    public var gridID: Int64?
    public var from: Date?
    public var to: Date?
    public var limit: Int = 50
    public var offset: Int = 0
    public var leadKind: LeadKind?
    public var whistleOnly = false
    public var overdueOnly = false
    public var channel: ReportChannel?
    /// Soonest due first (work lists) instead of newest first.
    public var sortByDue = false
    /// The page starts after this case (keyset paging; `offset` is then 0).
    public var after: QueueCursor?
    /// Count at most this many matches (a work list's badge: "1,000+"), so no page counts a whole
    /// city's list; nil counts all.
    public var countCap: Int?

    public init() {}

    /// The query behind a work list (待办).
    public init(queue: TaskQueue, role: Role) {
        states = queue.states
        leadKind = queue.leadKind(for: role)
        whistleOnly = queue.whistleOnly
        overdueOnly = queue.overdueOnly
        channel = queue.channel
        sortByDue = true
        countCap = 1_000
    }
}

/// A page of cases: the cases, how many match (at most the query's cap), and where the next page starts.
public struct CasePage: Sendable {
    public var items: [CaseSummary]
    public var total: Int
    /// More match than `total` says (the count stopped at the cap).
    public var totalCapped: Bool
    /// The `after` of the next page, nil on the last.
    public var next: QueueCursor?
}

/// Reads cases and their timelines, always through a ``CaseScope`` so nobody reads past their scope.
public struct CaseStore: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    /// The cases in scope that match the query — newest first, or soonest due first — and how many match.
    public func cases(in scope: CaseScope, _ query: CaseQuery) async throws -> CasePage {
        try await database.read { sql in
            func filtered(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
                var q = Self.restrict(q, to: scope, states: query.states)
                if !query.states.isEmpty { q = q.where("state", .in, query.states.map(\.rawValue)) }
                if let c = query.classCode { q = q.where("class_code", .equal, c) }
                if !query.classCodes.isEmpty { q = q.where("class_code", .in, query.classCodes) }
                if !query.trackingNumbers.isEmpty { q = q.where("tracking_no", .in, query.trackingNumbers) }
                if let g = query.gridID { q = q.where("grid_id", .equal, g) }
                if let f = query.from { q = q.where("reported_at", .greaterThanOrEqual, StoredTime.millis(f)) }
                if let t = query.to { q = q.where("reported_at", .lessThan, StoredTime.millis(t)) }
                if let k = query.leadKind { q = q.where("lead_kind", .equal, k.rawValue) }
                if query.whistleOnly { q = q.where("whistle", .equal, true) }
                if query.overdueOnly { q = q.where("overdue", .equal, true) }
                if let channel = query.channel { q = q.where("channel", .equal, channel.rawValue) }
                return q
            }
            // The page, its photos and the count in one round trip; a page with no rows counts on its own.
            let matches = filtered(sql.select().column(SQLLiteral.numeric("1")).from("cases"))
            if let cap = query.countCap { matches.limit(cap + 1) }
            var ordered = filtered(sql.select().columns("*").from("cases")).column(Self.attachedPhotos)
                .column(SQLAlias(SQLGroupExpression(Self.counting(matches)), as: SQLIdentifier("matched")))
            if let after = query.after { ordered = ordered.where(Self.after(after, sortByDue: query.sortByDue)) }
            if query.sortByDue {
                // Cases without a due time (not yet dispatched) come after those with one.
                ordered = ordered.orderBy(SQLRaw("CASE WHEN due_at IS NULL THEN 1 ELSE 0 END")).orderBy("due_at")
            }
            // One row more than the page, to know whether another page follows.
            let fetched = try await ordered.orderBy("reported_at", .descending).orderBy("id", .descending)
                .limit(query.limit + 1).offset(query.offset).all()
            var matched = try fetched.first?.decode(column: "matched", as: Int.self)
            if matched == nil {
                matched = try await sql.select().column(SQLGroupExpression(Self.counting(matches)), as: "n").first()?
                    .decode(column: "n", as: Int.self)
            }
            let (total, capped) = Self.capped(matched ?? 0, query.countCap)
            let rows = try fetched.prefix(query.limit).map { try (CaseRow(columns: $0), Attachments.photos(attachedTo: $0)) }
            let last = fetched.count > rows.count ? rows.last?.0 : nil
            let next = last.flatMap { r in r.id.map { QueueCursor(dueAt: r.dueAt, reportedAt: r.reportedAt, id: $0) } }
            return CasePage(items: rows.map { $0.summary(photos: $1) }, total: total, totalCapped: capped, next: next)
        }
    }

    /// A case row's photos as one column (``Attachments/column(_:of:)``).
    static let attachedPhotos = Attachments.column("case", of: "cases")

    /// `SELECT COUNT(*)` of the rows `select` finds.
    static func counting(_ select: SQLSelectBuilder) -> SQLSelect {
        var count = SQLSelect()
        count.columns = [SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n"))]
        count.tables = [SQLAlias(SQLGroupExpression(select.query), as: SQLIdentifier("matches"))]
        return count
    }

    /// A count made with a cap of `cap` + 1 rows: (the count, or `cap` when more were found; whether they were).
    static func capped(_ n: Int, _ cap: Int?) -> (Int, capped: Bool) {
        guard let cap, n > cap else { return (n, false) }
        return (cap, true)
    }

    /// The cases after `cursor` in a list's order (see ``QueueCursor``).
    static func after(_ cursor: QueueCursor, sortByDue: Bool) -> any SQLExpression {
        let older: SQLQueryString =
            "(reported_at < \(bind: cursor.reportedAt) OR (reported_at = \(bind: cursor.reportedAt) AND id < \(bind: cursor.id)))"
        guard sortByDue else { return older }
        guard let due = cursor.dueAt else { return "(due_at IS NULL AND \(older))" as SQLQueryString }
        return "(due_at IS NULL OR due_at > \(bind: due) OR (due_at = \(bind: due) AND \(older)))" as SQLQueryString
    }

    /// One case, or nil when it does not exist or is outside the scope (the caller answers 404 either way).
    public func find(id: Int64, in scope: CaseScope) async throws -> CaseSummary? {
        try await database.read { sql in try await Self.find(sql, id: id, in: scope) }
    }

    /// The case (when in scope) and its photos in one round trip.
    static func find(_ sql: any SQLDatabase, id: Int64, in scope: CaseScope) async throws -> CaseSummary? {
        let row = try await restrict(
            sql.select().columns("*").column(attachedPhotos).from("cases").where("id", .equal, id), to: scope
        )
        .first()
        return try row.map { try CaseRow(columns: $0).summary(photos: Attachments.photos(attachedTo: $0)) }
    }

    /// The timeline of a case, oldest first.
    public func timeline(caseID: Int64) async throws -> [TimelineEvent] {
        try await database.read { sql in
            try await sql.select().columns("*").from("case_events").where("case_id", .equal, caseID)
                .orderBy("id").rows(CaseEventRow.self).map(\.event)
        }
    }

    /// The timeline of a case in `scope`, oldest first, in one round trip; nil when the case is not
    /// there or not in scope (a case always has its report's entry: only an empty answer asks again).
    public func timeline(caseID: Int64, in scope: CaseScope) async throws -> [TimelineEvent]? {
        try await database.read { sql in
            let visible = Self.restrict(
                sql.select().column(SQLLiteral.numeric("1")).from("cases").where("id", .equal, caseID), to: scope
            )
            .select
            let events = try await sql.raw(
                "SELECT * FROM case_events WHERE case_id = \(bind: caseID) AND EXISTS (\(visible)) ORDER BY id"
            ).all().map { try CaseEventRow(columns: $0).event }
            if events.isEmpty, try await Self.find(sql, id: caseID, in: scope) == nil { return nil }
            return events
        }
    }

    /// Where the live feed starts for a reader resuming from `since`.
    public func feedPosition(since: Date) async throws -> Int64 {
        try await database.read { sql in try await EventLog.position(before: since, sql) }
    }

    /// The cases in scope that changed after `position` in the event log, each once as it now stands,
    /// in the order of their latest change, with the position reached: the live feed asks this every
    /// second. The log has no gaps behind a position, so nothing is missed and nothing sent twice.
    public func changed(in scope: CaseScope, after position: Int64, limit: Int) async throws
        -> (cases: [(summary: CaseSummary, event: Int64)], position: Int64)
    {
        try await EventLog.sequence(database)  // what has committed is on the screen without waiting for the relay
        return try await database.read { sql in
            let (subjects, reached) = try await EventLog.subjects(of: "case", after: position, limit: limit, sql)
            guard !subjects.isEmpty else { return ([], reached) }
            let rows = try await Self.restrict(
                sql.select().columns("*").column(Self.attachedPhotos).from("cases").where("id", .in, subjects.map(\.id)),
                to: scope
            ).all().map { try CaseRow(columns: $0).summary(photos: Attachments.photos(attachedTo: $0)) }
            let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })
            let cases = subjects.compactMap { s in byID[s.id].map { (summary: $0, event: s.event) } }
            return (cases, reached)
        }
    }

    /// The timelines of several cases in one query (a page of Open311 requests with extensions).
    public func timelines(caseIDs: [Int64]) async throws -> [Int64: [TimelineEvent]] {
        guard !caseIDs.isEmpty else { return [:] }
        return try await database.read { sql in
            let events = try await sql.select().columns("*").from("case_events").where("case_id", .in, caseIDs)
                .orderBy("id").rows(CaseEventRow.self).map(\.event)
            return Dictionary(grouping: events, by: \.caseID)
        }
    }

    /// The one rule that turns a scope into SQL. `states`, when the caller filters by them anyway,
    /// narrow a department's id list to its cases in those states (its index, not its whole history).
    static func restrict(_ q: SQLSelectBuilder, to scope: CaseScope, states: [CaseState] = []) -> SQLSelectBuilder {
        q.where(predicate(scope, states: states))
    }

    /// The condition a case row meets when it is in `scope`.
    static func predicate(_ scope: CaseScope, states: [CaseState] = []) -> any SQLExpression {
        switch scope {
        case .street(let id): SQLBinaryExpression(SQLColumn("street_id"), .equal, SQLBind(id))
        case .community(let id): SQLBinaryExpression(SQLColumn("community_id"), .equal, SQLBind(id))
        case .grids(let ids):
            ids.isEmpty ? SQLLiteral.boolean(false) : SQLBinaryExpression(SQLColumn("grid_id"), .in, SQLBind.group(ids))
        case .department(let id):
            // Sent to the department, or the department was summoned by a whistle: one id list from two
            // indexes (an OR of the two would make the engine scan every open case of the city).
            states.isEmpty
                ? """
                id IN (SELECT id FROM cases WHERE department_id = \(bind: id)
                  UNION SELECT case_id FROM case_summons WHERE department_id = \(bind: id))
                """ as SQLQueryString
                : """
                id IN (SELECT id FROM cases WHERE department_id = \(bind: id) AND state IN (\(binds: states.map(\.rawValue)))
                  UNION SELECT case_id FROM case_summons WHERE department_id = \(bind: id))
                """ as SQLQueryString
        case .reportedBy(let account):
            SQLBinaryExpression(
                SQLColumn("id"), .in,
                SQLSubquery.select { $0.column("case_id").from("case_reporters").where("account_id", .equal, account) })
        case .any(let scopes):
            scopes.isEmpty
                ? SQLLiteral.boolean(false)
                : SQLGroupExpression(
                    scopes.dropFirst().reduce(predicate(scopes[0], states: states)) {
                        SQLBinaryExpression($0, .or, predicate($1, states: states))
                    })
        case .nothing: SQLLiteral.boolean(false)
        }
    }

    /// Cases reported by an anonymous device (for "my reports" without an account).
    public func cases(reportedByDevice device: String, limit: Int, offset: Int) async throws -> [CaseSummary] {
        try await database.read { sql in
            try await sql.select().columns("*").column(Self.attachedPhotos).from("cases")
                .where(
                    "id", .in,
                    SQLSubquery.select { $0.column("case_id").from("case_reporters").where("device_id", .equal, device) }
                )
                .orderBy("reported_at", .descending).limit(limit).offset(offset).all()
                .map { try CaseRow(columns: $0).summary(photos: Attachments.photos(attachedTo: $0)) }
        }
    }
}
