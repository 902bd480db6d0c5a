import Foundation
import GridHubCore
import SQLKit

/// What an upload did: fixes newly stored, ones already there (the same device and time), ones that
/// fell outside any patrol and were not kept (a track is recorded only while patrolling), and the
/// patrols they went to, measured again.
public struct FixReceipt: Sendable, Hashable, Codable {
    public var stored: Int
    public var duplicates: Int
    public var outside: Int
    public var patrols: [PatrolView]
}

extension PatrolStore {
    /// A fix may arrive up to a minute before its patrol began or after it ended (phone clocks differ).
    static let edge: Int64 = 60_000

    /// The worker's phone uploads fixes of one of their patrols, in any order, any number of times.
    public func record(_ fixes: [Fix], to id: Int64, by principal: Principal, device: String, now: Date = Date())
        async throws -> FixReceipt
    {
        try principal.require(.patrolWalk)
        guard fixes.count <= Fix.maxBatch else {
            throw GridHubError.invalid("fixes", "One upload carries at most \(Fix.maxBatch) fixes.")
        }
        let (filter, directory) = (filter, directory)
        let (stored, duplicates, outside) = try await database.write { sql in
            let row = try await Self.lockOwned(sql, id, by: principal)
            let inside = fixes.filter { f in
                let at = StoredTime.millis(f.at)
                return at >= row.startedAt - Self.edge && at <= (row.endedAt ?? .max - Self.edge) + Self.edge
            }
            let stored = try await Self.insert(inside, patrolID: id, accountID: row.accountId, device: device, sql, now: now)
            _ = try await Self.measure(sql, id, filter: filter, directory: directory, now: now)
            return (stored, inside.count - stored, fixes.count - inside.count)
        }
        return FixReceipt(
            stored: stored, duplicates: duplicates, outside: outside, patrols: [try await patrol(id, for: principal)])
    }

    /// A tracker's message (OsmAnd): each fix goes to the patrol of the device's worker that was running
    /// at its time; a fix in a plan window while none runs starts one. Anything else is not kept.
    /// 400 for a device id nobody registered.
    public func receive(_ message: TrackerMessage, now: Date = Date()) async throws -> FixReceipt {
        let (filter, directory) = (filter, directory)
        let (touched, stored, duplicates, outside) = try await database.write { sql in
            guard
                let accountID = try await sql.select().column("account_id").from("trackers")
                    .where("device_id", .equal, message.deviceID).first()?.decode(column: "account_id", as: Int64.self)
            else {
                throw GridHubError(.badRequest, "unknown_device", "Device '\(message.deviceID)' is not registered to anyone.")
            }
            try await sql.serialize(on: "patrol:\(accountID)")
            try await sql.update("trackers").set("last_seen_at", to: StoredTime.millis(now))
                .where("device_id", .equal, message.deviceID).run()
            var batches = [Int64: [Fix]]()
            var outside = 0
            for fix in message.fixes.sorted(by: { $0.at < $1.at }) {
                var id = try await Self.patrol(of: accountID, at: fix.at, sql)
                if id == nil, fix.at <= now.addingTimeInterval(Self.autoStartReach.future),
                    fix.at >= now.addingTimeInterval(-Self.autoStartReach.past)
                {
                    id = try await Self.autoStart(accountID: accountID, at: fix.at, directory: directory, sql)
                }
                if let id {
                    batches[id, default: []].append(fix)
                } else {
                    outside += 1
                }
            }
            var stored = 0
            for (id, fixes) in batches {
                stored += try await Self.insert(
                    fixes, patrolID: id, accountID: accountID, device: message.deviceID, sql, now: now)
                _ = try await Self.measure(sql, id, filter: filter, directory: directory, now: now)
            }
            return (batches.keys.sorted(), stored, message.fixes.count - outside - stored, outside)
        }
        guard !touched.isEmpty else { return FixReceipt(stored: stored, duplicates: duplicates, outside: outside, patrols: []) }
        let views = try await database.read { sql in
            let rows = try await Self.select(sql).where(SQLColumn.dotted("p.id"), .in, SQLBind.group(touched))
                .orderBy(SQLColumn.dotted("p.id")).rows(PatrolRow.self)
            return try await Self.views(rows, sql, directory: directory)
        }
        return FixReceipt(stored: stored, duplicates: duplicates, outside: outside, patrols: views)
    }

    /// The worker's patrol that covers `at` (running, or ended but for the edge).
    static func patrol(of accountID: Int64, at: Date, _ sql: any SQLDatabase) async throws -> Int64? {
        let t = StoredTime.millis(at)
        return try await sql.select().column("id").from("patrols").where("account_id", .equal, accountID)
            .where("started_at", .lessThanOrEqual, t + edge)
            .where { $0.where("ended_at", .is, SQLLiteral.null).orWhere("ended_at", .greaterThanOrEqual, t - edge) }
            .orderBy("started_at", .descending).first()?.decode(column: "id", as: Int64.self)
    }

    /// How far from now a tracker's fix may lie to start a patrol: a phone with a wrong clock must not open
    /// one in another year; a day's buffered fixes still may.
    static let autoStartReach: (past: TimeInterval, future: TimeInterval) = (86_400, 60)

    /// A tracker patrol begins with a fix inside a plan window while the worker has none running.
    static func autoStart(accountID: Int64, at: Date, directory: GridDirectory, _ sql: any SQLDatabase) async throws -> Int64? {
        guard try await running(sql, accountID: accountID) == nil,
            let gridID = try await sql.select().column("grid_id").from("account_grids").where("account_id", .equal, accountID)
                .orderBy("grid_id").first()?.decode(column: "grid_id", as: Int64.self),
            let grid = directory.current.grids[gridID]
        else { return nil }
        let plan = try await PatrolPlans.effective(sql, streetID: grid.streetID, communityID: grid.communityID)
        guard plan.open(at: at) != nil else { return nil }
        return try await open(sql, accountID: accountID, grid: grid, source: "tracker", at: at)
    }

    /// Stores fixes not stored before (the key is the worker and the fix's time); returns how many were new.
    static func insert(_ fixes: [Fix], patrolID: Int64, accountID: Int64, device: String, _ sql: any SQLDatabase, now: Date)
        async throws -> Int
    {
        guard !fixes.isEmpty else { return 0 }
        let before = try await count(sql, patrolID)
        let received = StoredTime.millis(now)
        for chunk in stride(from: 0, to: fixes.count, by: 500).map({ fixes[$0..<min($0 + 500, fixes.count)] }) {
            let insert = sql.insert(into: "patrol_fixes").columns(
                "account_id", "at", "patrol_id", "device_id", "lat", "lon", "accuracy", "speed", "heading", "altitude", "battery",
                "received_at")
            for f in chunk {
                insert.values(
                    SQLBind(accountID), SQLBind(StoredTime.millis(f.at)), SQLBind(patrolID), SQLBind(device),
                    SQLBind(f.coordinate.lat), SQLBind(f.coordinate.lon), SQLBind(f.accuracy), SQLBind(f.speed),
                    SQLBind(f.heading),
                    SQLBind(f.altitude), SQLBind(f.battery), SQLBind(received))
            }
            try await insert.ignoringConflicts(with: ["account_id", "at"]).run()
        }
        return try await count(sql, patrolID) - before
    }

    static func count(_ sql: any SQLDatabase, _ patrolID: Int64) async throws -> Int {
        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("patrol_fixes")
            .where("patrol_id", .equal, patrolID).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// A patrol's fixes in time order.
    static func fixes(_ sql: any SQLDatabase, _ patrolID: Int64) async throws -> [Fix] {
        try await sql.select().columns("at", "lat", "lon", "accuracy", "speed", "heading", "altitude", "battery")
            .from("patrol_fixes").where("patrol_id", .equal, patrolID).orderBy("at").all().map { r in
                Fix(
                    at: StoredTime.date(try r.decode(column: "at", as: Int64.self)),
                    coordinate: Coordinate(
                        lat: try r.decode(column: "lat", as: Double.self), lon: try r.decode(column: "lon", as: Double.self)),
                    accuracy: try r.optional("accuracy"), speed: try r.optional("speed"), heading: try r.optional("heading"),
                    altitude: try r.optional("altitude"), battery: try r.optional("battery"))
            }
    }

    /// Filters and measures the whole track again and stores the result on the patrol.
    @discardableResult
    static func measure(_ sql: any SQLDatabase, _ id: Int64, filter: TrackFilter, directory: GridDirectory, now: Date)
        async throws -> (measures: TrackMeasures, counted: Bool)
    {
        try await measure(sql, id, filter: filter, grids: { directory.current.grids[$0] }, now: now)
    }

    static func measure(_ sql: any SQLDatabase, _ id: Int64, filter: TrackFilter, grids: (Int64) -> Grid?, now: Date)
        async throws -> (measures: TrackMeasures, counted: Bool)
    {
        guard let row = try await select(sql).where(SQLColumn.dotted("p.id"), .equal, SQLBind(id)).row(PatrolRow.self) else {
            throw GridHubError.notFound("patrol \(id)")
        }
        let raw = try await fixes(sql, id)
        if raw.isEmpty, row.fixesRaw > 0 { return (TrackMeasures.stored(row), row.counted) }  // raw fixes purged
        let (kept, dropped) = filter.run(raw, now: now)
        let grid = grids(row.gridId)
        let targets = try await PatrolPlaces.targets(sql, gridID: row.gridId)
        let m = TrackMeasures.measure(kept, grid: grid?.boundary, targets: targets)
        let plan = try await PatrolPlans.effective(sql, streetID: row.streetId, communityID: row.communityId)
        let slot = kept.first.flatMap { first in
            kept.last.flatMap { plan.counts(from: first.at, to: $0.at, coverage: m.coverage) }
        }
        let last = kept.last ?? raw.last
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let droppedJSON = Dictionary(uniqueKeysWithValues: dropped.map { ($0.key.rawValue, $0.value) })
        try await sql.update("patrols")
            .set("distance_m", to: m.distanceM).set("duration_s", to: m.durationS).set("in_grid_s", to: m.inGridS)
            .set("coverage", to: m.coverage).set(
                "passed", to: String(decoding: try encoder.encode(m.passed.sorted()), as: UTF8.self)
            )
            .set("targets", to: targets.count).set("fixes_raw", to: raw.count).set("fixes_kept", to: kept.count)
            .set("dropped", to: String(decoding: try encoder.encode(droppedJSON), as: UTF8.self))
            .set("last_fix_at", to: last.map { StoredTime.millis($0.at) }).set("last_lat", to: last?.coordinate.lat)
            .set("last_lon", to: last?.coordinate.lon).set("slot_day", to: slot?.day).set("slot_window", to: slot?.window)
            .set("counted", to: slot != nil).where("id", .equal, id).run()
        return (m, slot != nil)
    }
}

extension PatrolStore {
    /// Writes a whole patrol walked with `fixes` (a tracker's day uploaded at once, or the demo's
    /// history): opened at the first fix, ended at the last (unless it is still `running`), measured,
    /// its events in the log.
    public static func recordWalk(
        _ sql: any SQLDatabase, accountID: Int64, grid: Grid, source: String, device: String, fixes: [Fix], running: Bool = false,
        now: Date
    ) async throws -> Int64 {
        guard let first = fixes.first?.at, let last = fixes.last?.at else {
            throw GridHubError.invalid("fixes", "A walk has at least one fix.")
        }
        let id = try await open(sql, accountID: accountID, grid: grid, source: source, at: first)
        _ = try await insert(fixes, patrolID: id, accountID: accountID, device: device, sql, now: now)
        if !running { try await sql.update("patrols").set("ended_at", to: StoredTime.millis(last)).where("id", .equal, id).run() }
        let measured = try await measure(sql, id, filter: TrackFilter(), grids: { $0 == grid.id ? grid : nil }, now: now)
        guard !running, let row = try await select(sql).where(SQLColumn.dotted("p.id"), .equal, SQLBind(id)).row(PatrolRow.self)
        else { return id }
        try await announce(sql, PatrolEvent.finished, row, counted: measured.counted, at: last)
        return id
    }
}
