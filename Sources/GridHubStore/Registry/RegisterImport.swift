import Foundation
import GridHubCore
import SQLKit

/// What an import did: how many lines it wrote, and every line it could not take with the reason.
public struct ImportReport: Sendable, Hashable, Codable {
    public var lines: Int
    public var written: Int
    public var households: Int
    public var problems: [RegisterSheet.Problem]
}

extension RegistryStore {
    /// Imports a community's register. Every line is checked first — its building and unit must be the
    /// community's, its ID number not registered already — and nothing is written unless every line is
    /// good; with `partial`, the good lines are written and the rest reported. Households are made as
    /// the lines name them. One `registry.imported` event, one audit line.
    public func importRegister(
        _ sheet: RegisterSheet, communityID: Int64, partial: Bool, by principal: Principal, address: String?,
        now: Date = Date()
    ) async throws -> ImportReport {
        guard let community = directory.current.communities[communityID] else { throw GridHubError.notFound("community") }
        try principal.require(.residentImport, on: Place(streetID: community.streetID, communityID: communityID))
        return try await database.write { sql in
            let units = try await Self.communityUnits(sql, communityID: communityID, directory: directory)
            var problems = sheet.problems
            var placed: [(RegisterSheet.Line, UnitPlace)] = []
            var resolved: [String: Result<UnitPlace, GridHubError>] = [:]  // a sheet names the same few hundred units
            for line in sheet.lines {
                let key = line.building + "\u{1F}" + line.unit
                let found = resolved[key] ?? Self.resolve(line, in: units, community: community.name)
                resolved[key] = found
                switch found {
                case .success(let unit): placed.append((line, unit))
                case .failure(let e): problems.append(.init(line: line.number, code: e.code, message: e.message))
                }
            }
            let registered = try await registeredIndexes(sql, placed.compactMap { $0.0.resident.idNumber?.value })
            placed.removeAll { line, _ in
                guard let id = line.resident.idNumber?.value, registered.contains(vault.index(id, field: "id_number")) else {
                    return false
                }
                problems.append(
                    .init(line: line.number, code: "id_number_registered", message: "This ID number is registered already."))
                return true
            }
            problems.sort { $0.line < $1.line }
            let lines = sheet.lines.count + sheet.problems.count
            guard problems.isEmpty || partial else {
                return ImportReport(lines: lines, written: 0, households: 0, problems: problems)
            }
            let plan = try await VisitPlans.effective(sql, communityID: communityID)
            // The households the sheet names that exist already (a unit and a room among the sheet's).
            var households: [String: HouseholdRow] = [:]
            let unitIDs = Set(placed.map(\.1.place.unitID)).sorted()
            let rooms = Set(placed.map(\.0.room)).sorted()
            for start in stride(from: 0, to: unitIDs.count, by: 200) where !rooms.isEmpty {
                for h in try await sql.select().columns("*").from("households")
                    .where("unit_id", .in, SQLBind.group(Array(unitIDs[start..<min(start + 200, unitIDs.count)])))
                    .where("room", .in, SQLBind.group(rooms)).rows(HouseholdRow.self)
                {
                    households["\(h.unitId)/\(h.room)"] = h
                }
            }
            var fresh: [(key: String, line: RegisterSheet.Line, place: HouseholdPlace)] = []
            var named = Set(households.keys)
            for (line, unit) in placed {
                let key = "\(unit.place.unitID)/\(line.room)"
                if named.insert(key).inserted { fresh.append((key, line, unit.place)) }
            }
            let at = StoredTime.millis(now)
            let made = try await sql.insertReturningIDs(
                into: "households", columns: Self.householdColumns,
                fresh.map { f in
                    [
                        SQLBind(f.place.streetID), SQLBind(f.place.communityID), SQLBind(f.place.gridID),
                        SQLBind(f.place.buildingID),
                        SQLBind(f.place.unitID), SQLBind(f.line.room), SQLBind(f.line.kind.rawValue), SQLBind(f.line.partyMember),
                        SQLBind(1), SQLBind(at), SQLBind(at),
                    ]
                }, chunk: 200)
            for (f, id) in zip(fresh, made) {
                households[f.key] = HouseholdRow(
                    id: id, streetId: f.place.streetID, communityId: f.place.communityID, gridId: f.place.gridID,
                    buildingId: f.place.buildingID, unitId: f.place.unitID, room: f.line.room, kind: f.line.kind.rawValue,
                    partyMember: f.line.partyMember, version: 1, createdAt: at, updatedAt: at)
            }
            let people = placed.compactMap { line, unit in
                households["\(unit.place.unitID)/\(line.room)"].map { (line.resident, $0) }
            }
            _ = try await insertResidents(
                sql, people, plan: plan, reason: "导入", by: principal, now: now, checked: true, announce: false)
            _ = try await EventLog.append(
                sql,
                DomainEvent(
                    kind: RegistryEvent.imported, streetID: community.streetID, subject: Subject("community", communityID),
                    actorAccountID: principal.accountID, at: now,
                    facts: RegistryFacts(communityID: communityID, gridID: 0, count: placed.count)))
            try await AuditTrail.record(
                sql,
                AuditEntry(
                    at: now, actorID: principal.accountID, actor: principal.username, action: .registerImport,
                    subject: "community:\(communityID)", address: address,
                    detail: "\(placed.count) residents, \(made.count) households, \(problems.count) lines refused"))
            return ImportReport(lines: lines, written: placed.count, households: made.count, problems: problems)
        }
    }

    /// The unit a line names, or why none fits.
    static func resolve(_ line: RegisterSheet.Line, in units: [UnitPlace], community: String) -> Result<UnitPlace, GridHubError> {
        guard let building = units.first(where: { RegisterSheet.names(line.building, building: $0.building) }) else {
            return .failure(GridHubError(.unprocessable, "unknown_building", "No building '\(line.building)' in \(community)."))
        }
        guard
            let unit = units.first(where: {
                $0.place.buildingID == building.place.buildingID && RegisterSheet.names(line.unit, unit: $0.unit)
            })
        else {
            return .failure(GridHubError(.unprocessable, "unknown_unit", "\(building.building) has no unit '\(line.unit)'."))
        }
        return .success(unit)
    }

    /// Every unit of the community's buildings, with where it is.
    static func communityUnits(_ sql: any SQLDatabase, communityID: Int64, directory: GridDirectory) async throws -> [UnitPlace] {
        let grids = directory.current.grids.values.filter { $0.communityID == communityID }
        guard !grids.isEmpty else { return [] }
        let byID = Dictionary(uniqueKeysWithValues: grids.map { ($0.id, $0) })
        return try await sql.select().column(SQLColumn("id", table: "u"), as: "unit_id").column(
            SQLColumn("name", table: "u"), as: "unit"
        )
        .column(SQLColumn("id", table: "b"), as: "building_id").column(SQLColumn("name", table: "b"), as: "building")
        .column(SQLColumn("grid_id", table: "b"))
        .from(SQLAlias(SQLIdentifier("units"), as: SQLIdentifier("u")))
        .join(
            SQLAlias(SQLIdentifier("buildings"), as: SQLIdentifier("b")), on: SQLColumn.dotted("b.id"), .equal,
            SQLColumn.dotted("u.building_id")
        )
        .where(SQLColumn.dotted("b.grid_id"), .in, SQLBind.group(byID.keys.sorted())).orderBy(SQLColumn.dotted("u.id")).all()
        .compactMap { r in
            guard let grid = byID[try r.decode(column: "grid_id", as: Int64.self)] else { return nil }
            return UnitPlace(
                place: HouseholdPlace(
                    streetID: grid.streetID, communityID: grid.communityID, gridID: grid.id,
                    buildingID: try r.decode(column: "building_id", as: Int64.self),
                    unitID: try r.decode(column: "unit_id", as: Int64.self)),
                building: try r.decode(column: "building", as: String.self), unit: try r.decode(column: "unit", as: String.self))
        }
    }

    /// Which of these ID numbers' blind indexes belong to residents living here now.
    func registeredIndexes(_ sql: any SQLDatabase, _ idNumbers: [String]) async throws -> Set<String> {
        let indexes = idNumbers.map { vault.index($0, field: "id_number") }
        var found: Set<String> = []
        for start in stride(from: 0, to: indexes.count, by: 500) {
            let chunk = Array(indexes[start..<min(start + 500, indexes.count)])
            for r in try await sql.select().column("id_index").from("residents").where("id_index", .in, SQLBind.group(chunk))
                .where("moved_out", .is, SQLLiteral.null).all()
            {
                found.insert(try r.decode(column: "id_index", as: String.self))
            }
        }
        return found
    }

    /// The community's register in the columns an import reads, masked; in the clear only for a holder
    /// of `resident.reveal` who gives a reason (then every line's reveal is audited). Every listed
    /// resident's read is audited.
    public func exportRegister(
        communityID: Int64, revealReason: String?, by principal: Principal, address: String?, now: Date = Date()
    ) async throws -> String {
        guard let community = directory.current.communities[communityID] else { throw GridHubError.notFound("community") }
        let place = Place(streetID: community.streetID, communityID: communityID)
        try principal.require(.residentImport, on: place)
        let reason = revealReason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let reason {
            try principal.require(.residentReveal, on: place)
            guard (4...200).contains(reason.count) else {
                throw GridHubError(
                    .unprocessable, "reason_required", "Say why you need the numbers in the clear (4–200 characters).")
            }
        }
        return try await database.write { sql in
            let rows = try await sql.select().columns("*").from("residents").where("community_id", .equal, communityID)
                .where("moved_out", .is, SQLLiteral.null).orderBy("building_id").orderBy("unit_id").orderBy("household_id")
                .orderBy("id").rows(ResidentRow.self)
            let names = try await Self.names(sql, units: Set(rows.map(\.unitId)))
            var households: [Int64: HouseholdRow] = [:]
            for h in try await sql.select().columns("*").from("households").where("community_id", .equal, communityID).rows(
                HouseholdRow.self)
            {
                households[h.id ?? 0] = h
            }
            var lines: [[String]] = []
            for r in rows {
                let id = try await r.idSealed.asyncMap { try await vault.open($0, field: "id_number", reloadingFrom: sql) }
                let phone = try await r.phoneSealed.asyncMap { try await vault.open($0, field: "phone", reloadingFrom: sql) }
                let h = households[r.householdId]
                lines.append([
                    names[r.unitId]?.building ?? "", names[r.unitId]?.unit ?? "", h?.room ?? "", r.name,
                    r.gender.flatMap(Gender.init(rawValue:))?.chineseName ?? "",
                    (reason == nil ? id.map(IDNumber.mask) : id) ?? "",
                    (reason == nil ? phone.map(PhoneNumber.mask) : phone) ?? "",
                    r.relation, h.flatMap { HouseholdKind(rawValue: $0.kind) }?.chineseName ?? "",
                    r.tagSet.map(\.chineseName).sorted().joined(separator: "、"), r.birthDate ?? "",
                    h?.partyMember == true ? "是" : "",
                    r.focusReason ?? "",
                ])
            }
            let ids = rows.compactMap(\.id)
            if let reason {
                try await Self.audit(
                    sql, .residentReveal, residents: ids, by: principal, address: address, detail: "export: \(reason)", now: now)
            } else {
                try await Self.audit(
                    sql, .residentRead, residents: ids, by: principal, address: address, detail: "export", now: now)
            }
            try await AuditTrail.record(
                sql,
                AuditEntry(
                    at: now, actorID: principal.accountID, actor: principal.username, action: .registerExport,
                    subject: "community:\(communityID)", address: address,
                    detail: "\(rows.count) residents\(reason.map { ", in the clear: \($0)" } ?? ", masked")"))
            return CSV.document(header: "楼号,单元,房号,姓名,性别,身份证号,联系电话,与户主关系,户籍类型,标签,出生日期,党员户,关注原因", lines)
        }
    }
}
