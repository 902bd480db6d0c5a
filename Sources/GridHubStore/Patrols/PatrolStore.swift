import Foundation
import GridHubCore
import SQLKit

/// Patrols (一日两巡): started and ended from the worker's phone or by a tracker's first fix in a window,
/// their fixes recorded and measured, read within each reader's scope. The rules are Core's
/// (``TrackFilter``, ``TrackMeasures``, ``PatrolPlan``); this loads, locks and writes.
public struct PatrolStore: Sendable {
    let database: any Database
    let directory: GridDirectory
    public var filter = TrackFilter()

    public init(database: any Database, directory: GridDirectory) {
        self.database = database
        self.directory = directory
    }

    /// A grid worker starts a patrol of one of their grids (the first when none is named); 409 while one runs.
    public func start(by principal: Principal, gridCode: String?, now: Date = Date()) async throws -> PatrolView {
        try principal.require(.patrolWalk)
        let grid = try walkedGrid(of: principal, code: gridCode)
        let id = try await database.write { sql in
            try await sql.serialize(on: "patrol:\(principal.accountID)")  // two phones starting at once: one wins
            if let running = try await Self.running(sql, accountID: principal.accountID) {
                throw GridHubError(.conflict, "patrol_running", "Patrol \(running) is still running; end it first.")
            }
            return try await Self.open(sql, accountID: principal.accountID, grid: grid, source: "app", at: now)
        }
        return try await patrol(id, for: principal)
    }

    /// The owner ends a patrol (at `at`, when the phone was offline at the time; never later than now).
    /// Ending an ended patrol answers it as it is.
    public func end(_ id: Int64, by principal: Principal, at: Date?, now: Date = Date()) async throws -> PatrolView {
        try principal.require(.patrolWalk)
        let filter = filter
        let directory = directory
        try await database.write { sql in
            let row = try await Self.lockOwned(sql, id, by: principal)
            guard row.endedAt == nil else { return }
            let end = max(StoredTime.date(row.lastFixAt ?? row.startedAt), min(at ?? now, now))
            try await sql.update("patrols").set("ended_at", to: StoredTime.millis(end)).where("id", .equal, id).run()
            let measured = try await Self.measure(sql, id, filter: filter, directory: directory, now: now)
            try await Self.announce(sql, PatrolEvent.finished, row, counted: measured.counted, at: now)
        }
        return try await patrol(id, for: principal)
    }

    /// One patrol, when the reader may see it; 404 otherwise (not 403: its existence is not told).
    public func patrol(_ id: Int64, for principal: Principal) async throws -> PatrolView {
        let directory = directory
        return try await database.read { sql in
            guard let row = try await Self.select(sql).where(SQLColumn.dotted("p.id"), .equal, SQLBind(id)).row(PatrolRow.self),
                Self.visible(row, to: principal)
            else { throw GridHubError.notFound("patrol \(id)") }
            return try await Self.views([row], sql, directory: directory)[0]
        }
    }

    /// Patrols the reader may see, newest first: one worker's (by username), one Shanghai day's.
    public func list(for principal: Principal, worker: String?, day: String?, limit: Int) async throws -> [PatrolView] {
        let range = try day.map { day -> Range<Date> in
            guard let start = PatrolDay.start(day) else {
                throw GridHubError(.unprocessable, "invalid_date", "'date' is a day that exists, like 2026-11-27.")
            }
            return start..<start.addingTimeInterval(86_400)
        }
        let directory = directory
        return try await database.read { sql in
            let q = Self.select(sql)
            Self.scope(q, principal)
            if let worker { q.where(SQLColumn.dotted("a.username"), .equal, SQLBind(worker)) }
            if let range {
                q.where(SQLColumn.dotted("p.started_at"), .greaterThanOrEqual, SQLBind(StoredTime.millis(range.lowerBound)))
                    .where(SQLColumn.dotted("p.started_at"), .lessThan, SQLBind(StoredTime.millis(range.upperBound)))
            }
            let rows = try await q.orderBy(SQLColumn.dotted("p.started_at"), SQLDirection.descending).limit(limit).rows(
                PatrolRow.self)
            return try await Self.views(rows, sql, directory: directory)
        }
    }

    /// Workers whose running patrol saw a fix within the last two minutes, in the reader's scope.
    public func onPatrolNow(for principal: Principal, now: Date = Date()) async throws -> [WorkerOnPatrol] {
        let directory = directory
        return try await database.read { sql in
            let q = Self.select(sql).where(SQLColumn.dotted("p.ended_at"), .is, SQLLiteral.null)
                .where(
                    SQLColumn.dotted("p.last_fix_at"), .greaterThanOrEqual,
                    SQLBind(StoredTime.millis(now.addingTimeInterval(-120))))
            Self.scope(q, principal)
            return try await q.rows(PatrolRow.self).compactMap { r -> WorkerOnPatrol? in
                guard let at = r.lastFixAt, let lat = r.lastLat, let lon = r.lastLon else { return nil }
                return WorkerOnPatrol(
                    patrolID: r.id, accountID: r.accountId, worker: r.username, workerName: r.displayName,
                    gridCode: directory.current.grids[r.gridId]?.code.value ?? "", at: StoredTime.date(at), lat: lat, lon: lon,
                    distanceM: r.distanceM, coverage: r.coverage)
            }
        }
    }

    // MARK: - Shared steps

    /// The grid a worker patrols: the named one, which must be theirs, or their first.
    func walkedGrid(of principal: Principal, code: String?) throws -> Grid {
        let snapshot = directory.current
        if let code {
            guard let grid = snapshot.gridsByCode[code], principal.gridIDs.contains(grid.id) else {
                throw GridHubError(.unprocessable, "not_your_grid", "Grid '\(code)' is not one you patrol.")
            }
            return grid
        }
        guard let grid = principal.gridIDs.compactMap({ snapshot.grids[$0] }).first else {
            throw GridHubError(.unprocessable, "no_grid", "You have no grid to patrol.")
        }
        return grid
    }

    static func select(_ sql: any SQLDatabase) -> SQLSelectBuilder {
        sql.select().columns(PatrolRow.columns.map(SQLColumn.dotted)).from(SQLAlias(SQLIdentifier("patrols"), as: "p"))
            .join(
                SQLAlias(SQLIdentifier("accounts"), as: "a"), on: SQLColumn.dotted("a.id"), .equal,
                SQLColumn.dotted("p.account_id"))
    }

    /// Limits a query to what the principal may read: their own patrols, and those in the units where
    /// they hold `patrol.read` (a community's workers, a street's).
    static func scope(_ q: SQLSelectBuilder, _ principal: Principal) {
        let units = principal.units(for: .patrolRead)
        q.where { w in
            w.orWhere(SQLColumn.dotted("p.account_id"), .equal, SQLBind(principal.accountID))
            for unit in units {
                switch unit {
                case .street(let id): w.orWhere(SQLColumn.dotted("p.street_id"), .equal, SQLBind(id))
                case .community(let id): w.orWhere(SQLColumn.dotted("p.community_id"), .equal, SQLBind(id))
                case .grid(let id): w.orWhere(SQLColumn.dotted("p.grid_id"), .equal, SQLBind(id))
                case .department: break
                }
            }
            return w
        }
    }

    static func visible(_ r: PatrolRow, to principal: Principal) -> Bool {
        r.accountId == principal.accountID
            || principal.can(.patrolRead, on: Place(streetID: r.streetId, communityID: r.communityId, gridID: r.gridId))
    }

    static func views(_ rows: [PatrolRow], _ sql: any SQLDatabase, directory: GridDirectory) async throws -> [PatrolView] {
        var result = [PatrolView]()
        for row in rows {
            let reports = try await reportsFiled(sql, accountID: row.accountId, from: row.startedAt, to: row.endedAt ?? .max)
            result.append(row.view(gridCode: directory.current.grids[row.gridId]?.code.value ?? "", reports: reports))
        }
        return result
    }

    /// Reports the worker filed on the `patrol` channel while a patrol ran: the reports linked to it.
    static func reportsFiled(_ sql: any SQLDatabase, accountID: Int64, from: Int64, to: Int64) async throws -> Int {
        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("case_reporters")
            .where("account_id", .equal, accountID).where("channel", .equal, ReportChannel.patrol.rawValue)
            .where("reported_at", .greaterThanOrEqual, from).where("reported_at", .lessThanOrEqual, to)
            .first()?.decode(column: "n", as: Int.self) ?? 0
    }

    static func running(_ sql: any SQLDatabase, accountID: Int64) async throws -> Int64? {
        try await sql.select().column("id").from("patrols").where("account_id", .equal, accountID)
            .where("ended_at", .is, SQLLiteral.null).first()?.decode(column: "id", as: Int64.self)
    }

    /// Writes a new patrol and its `patrol.started` event.
    static func open(
        _ sql: any SQLDatabase, accountID: Int64, grid: Grid, source: String, at: Date
    ) async throws -> Int64 {
        try await sql.serialize(on: "patrol:\(accountID)")
        let name =
            try await sql.select().column("display_name").from("accounts").where("id", .equal, accountID).first()?
            .decode(column: "display_name", as: String.self) ?? ""
        let id = try await sql.insertReturningID(
            into: "patrols",
            NewPatrol(
                streetId: grid.streetID, communityId: grid.communityID, gridId: grid.id, accountId: accountID, source: source,
                startedAt: StoredTime.millis(at)))
        let facts = PatrolFacts(accountID: accountID, workerName: name, communityID: grid.communityID, gridID: grid.id)
        _ = try await EventLog.append(
            sql,
            try DomainEvent(
                kind: PatrolEvent.started, streetID: grid.streetID, subject: Subject("patrol", id), actorAccountID: accountID,
                at: at, facts: facts))
        return id
    }

    static func announce(
        _ sql: any SQLDatabase, _ kind: EventKind, _ row: PatrolRow, counted: Bool?, at: Date
    ) async throws {
        let facts = PatrolFacts(
            accountID: row.accountId, workerName: row.displayName, communityID: row.communityId, gridID: row.gridId,
            counted: counted)
        _ = try await EventLog.append(
            sql,
            try DomainEvent(
                kind: kind, streetID: row.streetId, subject: Subject("patrol", row.id), actorAccountID: row.accountId, at: at,
                facts: facts))
    }

    /// The patrol, locked for this transaction, when the principal owns it; 404 otherwise.
    static func lockOwned(_ sql: any SQLDatabase, _ id: Int64, by principal: Principal) async throws -> PatrolRow {
        guard
            let row = try await select(sql).where(SQLColumn.dotted("p.id"), .equal, SQLBind(id)).for(.update).row(PatrolRow.self),
            row.accountId == principal.accountID
        else { throw GridHubError.notFound("patrol \(id) of yours") }
        return row
    }
}

struct NewPatrol: Encodable, Sendable {
    var id: Int64? = nil
    var streetId: Int64
    var communityId: Int64
    var gridId: Int64
    var accountId: Int64
    var source: String
    var startedAt: Int64
    var distanceM = 0.0
    var durationS = 0.0
    var inGridS = 0.0
    var passed = "[]"
    var targets = 0
    var fixesRaw = 0
    var fixesKept = 0
    var dropped = "{}"
    var checkIns = 0
    var counted = false
}
