import Foundation
import GridHubCore
import SQLKit

/// The resident registry (人口信息): households and residents, read and changed within the caller's
/// ``RegistryScope``; ID numbers and phones sealed by the ``PersonalDataVault`` before they reach a
/// table and masked in every answer; every change a version, every read of a record audited.
public struct RegistryStore: Sendable {
    let database: any Database
    let vault: PersonalDataVault
    let directory: GridDirectory

    public init(database: any Database, vault: PersonalDataVault, directory: GridDirectory) {
        self.database = database
        self.vault = vault
        self.directory = directory
    }

    /// The buildings and units an account heads.
    static func posts(_ sql: any SQLDatabase, accountID: Int64) async throws -> [HeadPost] {
        try await sql.select().columns("role", "building_id", "unit_id").from("head_posts")
            .where("account_id", .equal, accountID).all().compactMap { r in
                guard let role = Role(rawValue: try r.decode(column: "role", as: String.self)) else { return nil }
                return HeadPost(
                    role: role, buildingID: try r.decode(column: "building_id", as: Int64.self),
                    unitID: try r.optional("unit_id"))
            }
    }

    /// Where the principal may use `capability` in the registry.
    static func scope(_ sql: any SQLDatabase, _ principal: Principal, _ capability: Capability) async throws -> RegistryScope {
        let heads = principal.holds(.buildingHead) || principal.holds(.unitHead)
        let posts = heads ? try await posts(sql, accountID: principal.accountID) : []
        return RegistryScope(principal, capability, posts: posts)
    }

    public func scope(of principal: Principal, for capability: Capability) async throws -> RegistryScope {
        try await database.read { sql in try await Self.scope(sql, principal, capability) }
    }

    /// Where a unit of a building is: its grid, community and street, and the names a person reads.
    struct UnitPlace {
        var place: HouseholdPlace
        var building: String
        var unit: String
    }

    func unitPlace(_ sql: any SQLDatabase, buildingID: Int64, unitID: Int64) async throws -> UnitPlace {
        guard
            let row = try await sql.select().column(SQLColumn("name", table: "b"), as: "building")
                .column(SQLColumn("name", table: "u"), as: "unit").column(SQLColumn("grid_id", table: "b"))
                .column(SQLColumn("street_id", table: "b"))
                .from(SQLAlias(SQLIdentifier("units"), as: SQLIdentifier("u")))
                .join(
                    SQLAlias(SQLIdentifier("buildings"), as: SQLIdentifier("b")), on: SQLColumn.dotted("b.id"), .equal,
                    SQLColumn.dotted("u.building_id")
                )
                .where(SQLColumn.dotted("u.id"), .equal, SQLBind(unitID)).where(
                    SQLColumn.dotted("b.id"), .equal, SQLBind(buildingID)
                )
                .first(),
            let grid = directory.current.grids[try row.decode(column: "grid_id", as: Int64.self)]
        else { throw GridHubError.notFound("unit \(unitID) of building \(buildingID)") }
        return UnitPlace(
            place: HouseholdPlace(
                streetID: grid.streetID, communityID: grid.communityID, gridID: grid.id, buildingID: buildingID,
                unitID: unitID),
            building: try row.decode(column: "building", as: String.self), unit: try row.decode(column: "unit", as: String.self))
    }

    /// The names of buildings and units, for addresses.
    static func names(_ sql: any SQLDatabase, units: Set<Int64>) async throws -> [Int64: (building: String, unit: String)] {
        guard !units.isEmpty else { return [:] }
        let rows = try await sql.select().column(SQLColumn("id", table: "u"))
            .column(SQLColumn("name", table: "b"), as: "building").column(SQLColumn("name", table: "u"), as: "unit")
            .from(SQLAlias(SQLIdentifier("units"), as: SQLIdentifier("u")))
            .join(
                SQLAlias(SQLIdentifier("buildings"), as: SQLIdentifier("b")), on: SQLColumn.dotted("b.id"), .equal,
                SQLColumn.dotted("u.building_id")
            )
            .where(SQLColumn.dotted("u.id"), .in, SQLBind.group(units.sorted())).all()
        var names: [Int64: (String, String)] = [:]
        for r in rows {
            names[try r.decode(column: "id", as: Int64.self)] = (
                try r.decode(column: "building", as: String.self), try r.decode(column: "unit", as: String.self)
            )
        }
        return names
    }

    func householdRow(_ sql: any SQLDatabase, _ id: Int64, lock: Bool = false) async throws -> HouseholdRow? {
        let q = sql.select().columns("*").from("households").where("id", .equal, id)
        if lock, sql.flavor == .postgres { q.lockingClause(SQLLockingClause.update) }
        return try await q.row(HouseholdRow.self)
    }

    func residentRow(_ sql: any SQLDatabase, _ id: Int64, lock: Bool = false) async throws -> ResidentRow? {
        let q = sql.select().columns("*").from("residents").where("id", .equal, id)
        if lock, sql.flavor == .postgres { q.lockingClause(SQLLockingClause.update) }
        return try await q.row(ResidentRow.self)
    }

    /// A resident as answers show them: ID number and phone opened only to be masked.
    func view(_ sql: any SQLDatabase, _ row: ResidentRow, address: String?, today: CivilDate) async throws -> ResidentView {
        let id = try await row.idSealed.asyncMap { try await vault.open($0, field: "id_number", reloadingFrom: sql) }
        let phone = try await row.phoneSealed.asyncMap { try await vault.open($0, field: "phone", reloadingFrom: sql) }
        let record = ResidentRecordMasked(
            name: row.name, gender: row.gender.flatMap(Gender.init(rawValue:)),
            birthDate: row.birthDate.flatMap(CivilDate.init(text:)),
            idNumber: id.map(IDNumber.mask), phone: phone.map(PhoneNumber.mask), relation: row.relation,
            movedIn: row.movedIn.flatMap(CivilDate.init(text:)), movedOut: row.movedOut.flatMap(CivilDate.init(text:)),
            tags: row.tagSet, focusReason: row.focusReason)
        return ResidentView(
            id: row.id ?? 0, householdID: row.householdId, record: record, version: row.version, today: today,
            address: address, visitDueAt: row.visitDueAt.map(StoredTime.date), lastVisitAt: row.lastVisitAt.map(StoredTime.date))
    }

    func views(_ sql: any SQLDatabase, _ rows: [ResidentRow], rooms: [Int64: String], today: CivilDate) async throws
        -> [ResidentView]
    {
        let names = try await Self.names(sql, units: Set(rows.map(\.unitId)))
        var views: [ResidentView] = []
        for row in rows {
            let address = names[row.unitId].map { "\($0.building) \($0.unit) \(rooms[row.householdId] ?? "")" }
            views.append(try await view(sql, row, address: address, today: today))
        }
        return views
    }

    /// One audit line per resident whose record was read, in one statement.
    static func audit(
        _ sql: any SQLDatabase, _ action: AuditEntry.Action, residents: [Int64], by principal: Principal, address: String?,
        detail: String? = nil, now: Date
    ) async throws {
        guard !residents.isEmpty else { return }
        let rows = residents.map { id -> [any SQLExpression] in
            [
                SQLBind(StoredTime.millis(now)), SQLBind(principal.accountID), SQLBind(principal.username),
                SQLBind(action.rawValue), SQLBind(AuditEntry.Outcome.success.rawValue), SQLBind("resident:\(id)"),
                SQLBind(address), SQLBind(detail),
            ]
        }
        for chunk in stride(from: 0, to: rows.count, by: 500) {
            try await sql.insert(into: "audit")
                .columns("at", "actor_id", "actor", "action", "outcome", "subject", "address", "detail")
                .rows(Array(rows[chunk..<min(chunk + 500, rows.count)])).run()
        }
    }
}
