import Foundation
import GridHubCore
import SQLKit

/// Each community's visit plan; the standard one where none was set.
public enum VisitPlans {
    static func effective(_ sql: any SQLDatabase, communityID: Int64) async throws -> VisitPlan {
        guard
            let row = try await sql.select().column("plan").from("visit_plans").where("community_id", .equal, communityID)
                .first(),
            let plan = try? JSONDecoder().decode(VisitPlan.self, from: Data(try row.decode(column: "plan", as: String.self).utf8))
        else { return .standard }
        return plan
    }

    public static func plan(_ database: any Database, communityID: Int64) async throws -> VisitPlan {
        try await database.read { sql in try await effective(sql, communityID: communityID) }
    }

    /// Sets a community's plan (its staff, or the centre) and moves every present resident's next due
    /// visit to follow it.
    public static func set(
        _ plan: VisitPlan, communityID: Int64, streetID: Int64, by principal: Principal, in database: any Database,
        now: Date = Date()
    ) async throws {
        try principal.require(.visitPlan, on: Place(streetID: streetID, communityID: communityID))
        let plan = try plan.validated()
        let text = String(decoding: try JSONEncoder().encode(plan), as: UTF8.self)
        try await database.write { sql in
            try await sql.delete(from: "visit_plans").where("community_id", .equal, communityID).run()
            try await sql.insert(into: "visit_plans").columns("community_id", "plan", "updated_at", "updated_by")
                .values(SQLBind(communityID), SQLBind(text), SQLBind(StoredTime.millis(now)), SQLBind(principal.accountID)).run()
            let rows = try await sql.select().columns("id", "tags", "birth_date", "last_visit_at", "created_at").from("residents")
                .where("community_id", .equal, communityID).where("moved_out", .is, SQLLiteral.null).all()
            for r in rows {
                let tags = ResidentTag.effective(
                    Set(
                        try r.decode(column: "tags", as: String.self).split(separator: ",").compactMap {
                            ResidentTag(rawValue: String($0))
                        }),
                    birthDate: (try r.optional("birth_date", as: String.self)).flatMap(CivilDate.init(text:)),
                    today: CivilDate(now))
                let last: Int64? = try r.optional("last_visit_at")
                let due = plan.due(
                    tags: tags, lastVisit: last.map(StoredTime.date),
                    since: StoredTime.date(try r.decode(column: "created_at", as: Int64.self)))
                try await sql.update("residents").set("visit_due_at", to: due.map(StoredTime.millis))
                    .where("id", .equal, try r.decode(column: "id", as: Int64.self)).run()
            }
        }
    }
}

/// A visit as answers carry it.
public struct VisitView: Sendable, Hashable, Codable {
    public var id: Int64
    public var residentID: Int64
    public var householdID: Int64
    public var visitor: String
    public var at: Date
    public var condition: VisitCondition
    public var notes: String
    public var needs: String?
    public var caseID: Int64?
    public var photos: [String]
}

/// Visits (走访): recorded by grid workers and heads within their scope, with photos; the next due
/// visit moves on; a need found becomes a case.
public struct Visits: Sendable {
    let registry: RegistryStore
    var database: any Database { registry.database }

    public init(registry: RegistryStore) {
        self.registry = registry
    }

    public struct Record: Sendable {
        public var residentID: Int64
        public var at: Date
        public var condition: VisitCondition
        public var notes: String
        public var needs: String?

        public init(residentID: Int64, at: Date, condition: VisitCondition, notes: String, needs: String?) {
            self.residentID = residentID
            self.at = at
            self.condition = condition
            self.notes = notes
            self.needs = needs
        }
    }

    /// Records a visit made up to 7 days ago (not in the future); photos are stored already.
    public func record(_ v: Record, photos: [StoredPhoto], by principal: Principal, now: Date = Date()) async throws -> VisitView
    {
        guard v.at <= now.addingTimeInterval(60), v.at >= now.addingTimeInterval(-7 * 86_400) else {
            throw GridHubError(.unprocessable, "invalid_at", "A visit is recorded within 7 days of it, not ahead of it.")
        }
        let notes = v.notes.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...2000).contains(notes.count) else {
            throw GridHubError(.unprocessable, "invalid_notes", "Notes are 1–2000 characters.")
        }
        let needs = v.needs?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if let needs, needs.count > 1000 {
            throw GridHubError(.unprocessable, "invalid_needs", "Needs are at most 1000 characters.")
        }
        guard principal.can(.visitRecord) else { throw GridHubError.forbidden }
        let id = try await database.write { sql in
            guard let row = try await registry.residentRow(sql, v.residentID, lock: true) else {
                throw GridHubError.notFound("resident")
            }
            try await RegistryStore.scope(sql, principal, .visitRecord).require(row.place, "resident")
            let id = try await sql.insertReturningID(
                into: "visits",
                VisitRow(
                    streetId: row.streetId, communityId: row.communityId, gridId: row.gridId, householdId: row.householdId,
                    residentId: v.residentID, accountId: principal.accountID, at: StoredTime.millis(v.at),
                    condition: v.condition.rawValue, notes: notes, needs: needs, caseId: nil, createdAt: StoredTime.millis(now)))
            let plan = try await VisitPlans.effective(sql, communityID: row.communityId)
            let last = max(v.at, row.lastVisitAt.map(StoredTime.date) ?? v.at)
            let tags = ResidentTag.effective(
                row.tagSet, birthDate: row.birthDate.flatMap(CivilDate.init(text:)), today: CivilDate(now))
            try await sql.update("residents").set("last_visit_at", to: StoredTime.millis(last))
                .set("visit_due_at", to: plan.due(tags: tags, lastVisit: last, since: last).map(StoredTime.millis))
                .set("visit_flagged_at", to: SQLLiteral.null).where("id", .equal, v.residentID).run()
            let eventID = try await EventLog.append(
                sql,
                DomainEvent(
                    kind: RegistryEvent.visitRecorded, streetID: row.streetId, subject: Subject("visit", id),
                    actorAccountID: principal.accountID, at: now,
                    facts: RegistryFacts(
                        communityID: row.communityId, gridID: row.gridId, buildingID: row.buildingId,
                        householdID: row.householdId, residentID: v.residentID, condition: v.condition,
                        address: try await Self.address(sql, row))))
            try await Attachments.attach(sql, photos, to: Subject("visit", id), entry: eventID, now: now)
            return id
        }
        return try await visit(id, by: principal)
    }

    static func address(_ sql: any SQLDatabase, _ row: ResidentRow) async throws -> String {
        let names = try await RegistryStore.names(sql, units: [row.unitId])
        let rooms = try await RegistryStore.rooms(sql, [row.householdId])
        return names[row.unitId].map { "\($0.building) \($0.unit) \(rooms[row.householdId] ?? "")" } ?? ""
    }

    public func visit(_ id: Int64, by principal: Principal) async throws -> VisitView {
        try await database.read { sql in
            guard let row = try await sql.select().columns("*").from("visits").where("id", .equal, id).row(VisitRow.self),
                let resident = try await registry.residentRow(sql, row.residentId)
            else { throw GridHubError.notFound("visit") }
            try await RegistryStore.scope(sql, principal, .residentRead).require(resident.place, "visit")
            return try await Self.views(sql, [row])[0]
        }
    }

    /// A resident's visits, newest first.
    public func visits(of residentID: Int64, by principal: Principal) async throws -> [VisitView] {
        try await database.read { sql in
            guard let resident = try await registry.residentRow(sql, residentID) else { throw GridHubError.notFound("resident") }
            try await RegistryStore.scope(sql, principal, .residentRead).require(resident.place, "resident")
            let rows = try await sql.select().columns("*").from("visits").where("resident_id", .equal, residentID)
                .orderBy("at", .descending).limit(200).rows(VisitRow.self)
            return try await Self.views(sql, rows)
        }
    }

    static func views(_ sql: any SQLDatabase, _ rows: [VisitRow]) async throws -> [VisitView] {
        let photos = try await Attachments.photos(sql, of: rows.map { Subject("visit", $0.id ?? 0) })
        var names: [Int64: String] = [:]
        let accounts = Set(rows.map(\.accountId))
        if !accounts.isEmpty {
            for r in try await sql.select().columns("id", "display_name").from("accounts").where(
                "id", .in, SQLBind.group(accounts.sorted())
            ).all() {
                names[try r.decode(column: "id", as: Int64.self)] = try r.decode(column: "display_name", as: String.self)
            }
        }
        return rows.map { r in
            VisitView(
                id: r.id ?? 0, residentID: r.residentId, householdID: r.householdId, visitor: names[r.accountId] ?? "",
                at: StoredTime.date(r.at), condition: VisitCondition(rawValue: r.condition) ?? .fair, notes: r.notes,
                needs: r.needs, caseID: r.caseId, photos: photos[Subject("visit", r.id ?? 0)] ?? [])
        }
    }

    /// Residents whose visit is due within `days` (overdue first) in the caller's scope: the worker's list.
    public func due(within days: Int, by principal: Principal, address: String?, now: Date = Date()) async throws
        -> [ResidentView]
    {
        let found = try await database.read { sql in
            let scope = try await RegistryStore.scope(sql, principal, .visitRecord)
            guard !scope.isEmpty else { return [ResidentView]() }
            let rows = try await sql.select().columns("*").from("residents")
                .where("visit_due_at", .lessThan, StoredTime.millis(now.addingTimeInterval(Double(days) * 86_400)))
                .where("moved_out", .is, SQLLiteral.null).within(scope, table: "residents").orderBy("visit_due_at").limit(500)
                .rows(ResidentRow.self)
            let rooms = try await RegistryStore.rooms(sql, Set(rows.map(\.householdId)))
            return try await registry.views(sql, rows, rooms: rooms, today: CivilDate(now))
        }
        try await database.write { sql in
            try await RegistryStore.audit(
                sql, .residentRead, residents: found.map(\.id), by: principal, address: address, detail: "visits due", now: now)
        }
        return found
    }

    /// Links the case a visit's need became.
    public func link(visitID: Int64, caseID: Int64) async throws {
        try await database.write { sql in
            try await sql.update("visits").set("case_id", to: caseID).where("id", .equal, visitID).run()
        }
    }

    /// Where a visit's resident lives (for the case it becomes): the building's position and a masked
    /// description that names no one outside the household's scope.
    public func caseDraft(visitID: Int64, by principal: Principal) async throws -> VisitCase {
        try await database.read { sql in
            guard let visit = try await sql.select().columns("*").from("visits").where("id", .equal, visitID).row(VisitRow.self),
                let resident = try await registry.residentRow(sql, visit.residentId)
            else { throw GridHubError.notFound("visit") }
            try await RegistryStore.scope(sql, principal, .visitRecord).require(resident.place, "visit")
            guard
                let b = try await sql.select().columns("lat", "lon").from("buildings").where("id", .equal, resident.buildingId)
                    .first()
            else { throw GridHubError.notFound("building") }
            let groups = resident.tagSet.map(\.chineseName).sorted().joined(separator: "、")
            let address = try await Self.address(sql, resident)
            let who = "\(ResidentRecord.maskedName(resident.name))（\(groups.isEmpty ? "居民" : groups)）"
            return VisitCase(
                lat: try b.decode(column: "lat", as: Double.self), lon: try b.decode(column: "lon", as: Double.self),
                title: groups.isEmpty ? "走访发现居民需求" : "走访发现\(groups)需求",
                description: "走访发现：\(who)，\(address)。\(visit.needs ?? visit.notes)",
                address: address, existing: visit.caseId)
        }
    }

    /// Flags visits that came due: one `visit.overdue` event (and so a notice to the grid's workers)
    /// per resident and due date; residents who turned 80 enter the plan.
    public static func sweep(_ sql: any SQLDatabase, now: Date = Date(), limit: Int = 500) async throws -> Int {
        do {
            let aged = CivilDate(now).yearsBefore(ResidentTag.agedFrom).description
            let entering = try await sql.select().columns("*").from("residents").where("visit_due_at", .is, SQLLiteral.null)
                .where("moved_out", .is, SQLLiteral.null).where("birth_date", .lessThanOrEqual, aged)
                .where("last_visit_at", .is, SQLLiteral.null).limit(limit).rows(ResidentRow.self)
            for row in entering {
                let plan = try await VisitPlans.effective(sql, communityID: row.communityId)
                guard let due = plan.due(tags: [.aged80], lastVisit: nil, since: now) else { continue }
                try await sql.update("residents").set("visit_due_at", to: StoredTime.millis(due)).where("id", .equal, row.id ?? 0)
                    .run()
            }
            let rows = try await sql.select().columns("*").from("residents")
                .where("visit_due_at", .lessThan, StoredTime.millis(now)).where("moved_out", .is, SQLLiteral.null)
                .where {
                    $0.where("visit_flagged_at", .is, SQLLiteral.null).orWhere(
                        "visit_flagged_at", .notEqual, SQLColumn("visit_due_at"))
                }
                .limit(limit).rows(ResidentRow.self)
            for row in rows {
                guard let id = row.id, let due = row.visitDueAt else { continue }
                try await sql.update("residents").set("visit_flagged_at", to: due).where("id", .equal, id).run()
                _ = try await EventLog.append(
                    sql,
                    DomainEvent(
                        kind: RegistryEvent.visitOverdue, streetID: row.streetId, subject: Subject("resident", id),
                        actorAccountID: nil, at: now,
                        facts: RegistryFacts(
                            communityID: row.communityId, gridID: row.gridId, buildingID: row.buildingId,
                            householdID: row.householdId, residentID: id, address: try await Self.address(sql, row),
                            due: StoredTime.date(due))))
            }
            return rows.count
        }
    }
}

/// What a visit's need becomes as a report: where, in words that name the resident masked.
public struct VisitCase: Sendable {
    public var lat: Double
    public var lon: Double
    public var title: String
    public var description: String
    public var address: String
    /// The case the visit became already, if any.
    public var existing: Int64?
}

struct VisitRow: Codable, Sendable {
    var id: Int64?
    var streetId: Int64
    var communityId: Int64
    var gridId: Int64
    var householdId: Int64
    var residentId: Int64
    var accountId: Int64
    var at: Int64
    var condition: String
    var notes: String
    var needs: String?
    var caseId: Int64?
    var createdAt: Int64
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

/// Who hears of visits (``VisitNotices``).
public struct VisitNoticePlanner: NoticePlanner {
    public let feature = "visit"
    public init() {}

    public func notices(for event: DomainEvent, _ sql: any SQLDatabase) async throws -> [PlannedNotice] {
        VisitNotices.plan(event.kind, try event.facts(RegistryFacts.self)).map {
            PlannedNotice(recipient: $0.recipient.key, kind: $0.kind, message: $0.message)
        }
    }
}
