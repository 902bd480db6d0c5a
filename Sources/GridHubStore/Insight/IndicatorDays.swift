import Foundation
import GridHubCore
import SQLKit

/// The indicator totals kept a unit and day (`indicator_days`), and each case's part in them
/// (`indicator_cases`). A case's part is refreshed whenever an event says it changed
/// (``IndicatorSubscriber``): its old part is taken away from the units and day it was counted in,
/// and its new part added where it now belongs. Refreshing twice changes nothing, so a redelivered
/// event or a rebuild over live events is harmless.
enum IndicatorDays {
    /// One place a case counts: a street, community, grid or department (a worker is their grids).
    struct Unit: Hashable {
        var level: IndicatorLevel
        var id: Int64

        var key: String { "\(level.rawValue):\(id)" }

        init(_ level: IndicatorLevel, _ id: Int64) {
            self.level = level
            self.id = id
        }

        init?(key: Substring) {
            let parts = key.split(separator: ":")
            guard parts.count == 2, let level = IndicatorLevel(rawValue: String(parts[0])), let id = Int64(parts[1])
            else { return nil }
            self.init(level, id)
        }
    }

    /// A case's part: the day, where it counts and what it adds.
    struct Part: Equatable {
        var day: Int64
        var units: [Unit]
        var totals: IndicatorTotals
    }

    struct DayKey: Hashable {
        var unit: Unit
        var day: Int64
    }

    /// Brings the parts of these cases up to date.
    static func refresh(_ sql: any SQLDatabase, caseIDs: [Int64]) async throws {
        guard !caseIDs.isEmpty else { return }
        let current = try await parts(sql, caseIDs: caseIDs)
        let stored = try await storedParts(sql, caseIDs: caseIDs)
        var changes: [DayKey: IndicatorTotals] = [:]
        for id in caseIDs where current[id] != stored[id] {
            if let old = stored[id] {
                for unit in old.units { changes[DayKey(unit: unit, day: old.day), default: .init()] -= old.totals }
            }
            if let new = current[id] {
                for unit in new.units { changes[DayKey(unit: unit, day: new.day), default: .init()] += new.totals }
            }
        }
        try await add(sql, changes.filter { !$0.value.isZero })
        try await storeParts(
            sql, current: current.filter { stored[$0.key] != $0.value },
            removed: caseIDs.filter { current[$0] == nil && stored[$0] != nil })
    }

    /// Builds every total anew from the cases (the first start after v17, a generated city, an import).
    static func rebuild(_ sql: any SQLDatabase, chunk: Int = 5_000) async throws {
        try await sql.delete(from: "indicator_days").run()
        try await sql.delete(from: "indicator_cases").run()
        var after: Int64 = 0
        var days: [DayKey: IndicatorTotals] = [:]
        while true {
            let ids = try await sql.select().column("id").from("cases").where("id", .greaterThan, after).orderBy("id")
                .limit(chunk).all().map { try $0.decode(column: "id", as: Int64.self) }
            guard let last = ids.last else { break }
            after = last
            let parts = try await parts(sql, caseIDs: ids)
            for part in parts.values {
                for unit in part.units { days[DayKey(unit: unit, day: part.day), default: .init()] += part.totals }
            }
            try await storeParts(sql, current: parts, removed: [])
        }
        try await add(sql, days)
    }

    /// The sum of the kept totals of these units over whole days.
    static func totals(_ sql: any SQLDatabase, units: [Unit], days: ClosedRange<Int64>) async throws -> IndicatorTotals {
        guard let level = units.first?.level else { return IndicatorTotals() }
        // PostgreSQL sums BIGINTs as NUMERIC: cast back. (The names are our own column names.)
        let sums = IndicatorTotals.fields.map { SQLAlias(SQLRaw("CAST(SUM(\($0)) AS BIGINT)"), as: SQLIdentifier($0)) }
        guard
            let row = try await sql.select().columns(sums).from("indicator_days").where("level", .equal, level.rawValue)
                .where("unit_id", .in, units.map(\.id)).where("day", .greaterThanOrEqual, days.lowerBound)
                .where("day", .lessThanOrEqual, days.upperBound).first()
        else { return IndicatorTotals() }
        return IndicatorTotals(values: try IndicatorTotals.fields.map { try row.decode(column: $0, as: Int64?.self) ?? 0 })
            ?? .init()
    }

    // MARK: Reading and writing parts

    /// The parts the cases have now (a merged case has none: it counts in the case it joined).
    private static func parts(_ sql: any SQLDatabase, caseIDs: [Int64]) async throws -> [Int64: Part] {
        let columns = ["id", "reported_at", "street_id", "community_id", "grid_id", "department_id"] + FactsRow.columns
        let rows = try await sql.select().columns(columns.map { SQLIdentifier($0) }).from("cases").where("id", .in, caseIDs).all()
        let summoned = try await sql.select().columns("case_id", "department_id").from("case_summons")
            .where("case_id", .in, caseIDs).all()
        var summons: [Int64: [Int64]] = [:]
        for row in summoned {
            summons[try row.decode(column: "case_id", as: Int64.self), default: []].append(
                try row.decode(column: "department_id", as: Int64.self))
        }
        var parts: [Int64: Part] = [:]
        for row in rows {
            let facts = try FactsRow(columns: row).facts
            guard facts.state != .merged else { continue }
            let id = try row.decode(column: "id", as: Int64.self)
            var units = [
                Unit(.street, try row.decode(column: "street_id", as: Int64.self)),
                Unit(.community, try row.decode(column: "community_id", as: Int64.self)),
                Unit(.grid, try row.decode(column: "grid_id", as: Int64.self)),
            ]
            let departments = Set([try row.optional("department_id", as: Int64.self)].compactMap { $0 } + (summons[id] ?? []))
            units += departments.sorted().map { Unit(.department, $0) }
            parts[id] = Part(
                day: IndicatorDay.of(millis: try row.decode(column: "reported_at", as: Int64.self)), units: units,
                totals: IndicatorTotals(facts))
        }
        return parts
    }

    private static func storedParts(_ sql: any SQLDatabase, caseIDs: [Int64]) async throws -> [Int64: Part] {
        let rows = try await sql.select().columns(["case_id", "day", "units"] + IndicatorTotals.fields)
            .from("indicator_cases").where("case_id", .in, caseIDs).all()
        var parts: [Int64: Part] = [:]
        for row in rows {
            let units = try row.decode(column: "units", as: String.self).split(separator: ",").compactMap(Unit.init(key:))
            let values = try IndicatorTotals.fields.map { try row.decode(column: $0, as: Int64.self) }
            parts[try row.decode(column: "case_id", as: Int64.self)] = Part(
                day: try row.decode(column: "day", as: Int64.self), units: units,
                totals: IndicatorTotals(values: values) ?? .init())
        }
        return parts
    }

    private static func storeParts(_ sql: any SQLDatabase, current: [Int64: Part], removed: [Int64]) async throws {
        if !removed.isEmpty { try await sql.delete(from: "indicator_cases").where("case_id", .in, removed).run() }
        let rows = current.sorted { $0.key < $1.key }.map { id, part -> [any SQLExpression] in
            [SQLBind(id), SQLBind(part.day), SQLBind(part.units.map(\.key).joined(separator: ","))]
                + part.totals.values.map { SQLBind($0) }
        }
        let columns = ["case_id", "day", "units"] + IndicatorTotals.fields
        for start in stride(from: 0, to: rows.count, by: 500) {
            try await sql.insert(into: "indicator_cases").columns(columns).rows(Array(rows[start..<min(start + 500, rows.count)]))
                .onConflict(with: ["case_id"]) { update in
                    columns.dropFirst().reduce(update) { $0.set(excludedValueOf: $1) }
                }.run()
        }
    }

    /// Adds each change to its unit and day, creating the row the first time.
    private static func add(_ sql: any SQLDatabase, _ changes: [DayKey: IndicatorTotals]) async throws {
        let rows = changes.sorted { ($0.key.unit.key, $0.key.day) < ($1.key.unit.key, $1.key.day) }.map {
            key, totals -> [any SQLExpression] in
            [SQLBind(key.unit.level.rawValue), SQLBind(key.unit.id), SQLBind(key.day)] + totals.values.map { SQLBind($0) }
        }
        for start in stride(from: 0, to: rows.count, by: 500) {
            try await sql.insert(into: "indicator_days").columns(["level", "unit_id", "day"] + IndicatorTotals.fields)
                .rows(Array(rows[start..<min(start + 500, rows.count)]))
                .onConflict(with: ["level", "unit_id", "day"]) { update in
                    IndicatorTotals.fields.reduce(update) {
                        $0.set(
                            SQLColumn($1),
                            to: SQLBinaryExpression(SQLColumn($1, table: "indicator_days"), .add, SQLExcludedColumn($1)))
                    }
                }.run()
        }
    }
}
