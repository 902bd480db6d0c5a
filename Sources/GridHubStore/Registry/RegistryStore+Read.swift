import Foundation
import GridHubCore
import SQLKit

extension RegistryStore {
    /// A household with its residents, for whoever's scope holds it (404 otherwise). Each resident's
    /// read is audited before the answer leaves.
    public func household(
        _ id: Int64, by principal: Principal, address: String?, now: Date = Date()
    ) async throws -> HouseholdView {
        let (household, residents) = try await database.read { sql -> (HouseholdView, [ResidentView]) in
            guard let row = try await householdRow(sql, id) else { throw GridHubError.notFound("household") }
            try await Self.scope(sql, principal, .residentRead).require(row.place)
            let names = try await Self.names(sql, units: [row.unitId])
            let rows = try await sql.select().columns("*").from("residents").where("household_id", .equal, id)
                .orderBy("id").rows(ResidentRow.self)
            var residents: [ResidentView] = []
            for r in rows { residents.append(try await view(sql, r, address: nil, today: CivilDate(now))) }
            let name: (building: String, unit: String) = names[row.unitId] ?? ("", "")
            return (
                HouseholdView(
                    id: id, communityID: row.communityId, gridID: row.gridId, buildingID: row.buildingId,
                    building: name.building, unitID: row.unitId, unit: name.unit, room: row.room,
                    kind: HouseholdKind(rawValue: row.kind) ?? .registered, partyMember: row.partyMember,
                    version: row.version),
                residents
            )
        }
        try await database.write { sql in
            try await Self.audit(sql, .residentRead, residents: residents.map(\.id), by: principal, address: address, now: now)
        }
        var page = household
        page.residents = residents
        return page
    }

    /// The households of a building (or one unit of it) in scope, without their people.
    public func households(
        buildingID: Int64, by principal: Principal
    ) async throws -> [HouseholdView] {
        try await database.read { sql in
            let scope = try await Self.scope(sql, principal, .residentRead)
            guard !scope.isEmpty else { return [] }
            let rows = try await sql.select().columns("*").from("households").where("building_id", .equal, buildingID)
                .within(scope, table: "households").orderBy("unit_id").orderBy("room").rows(HouseholdRow.self)
            let names = try await Self.names(sql, units: Set(rows.map(\.unitId)))
            return rows.map { row in
                let name: (building: String, unit: String) = names[row.unitId] ?? ("", "")
                return HouseholdView(
                    id: row.id ?? 0, communityID: row.communityId, gridID: row.gridId, buildingID: row.buildingId,
                    building: name.building, unitID: row.unitId, unit: name.unit, room: row.room,
                    kind: HouseholdKind(rawValue: row.kind) ?? .registered, partyMember: row.partyMember,
                    version: row.version)
            }
        }
    }

    /// What a registry search asks for: a name's beginning, a group, a building, or an exact ID number
    /// or phone (found by blind index, never by reading the sealed values).
    public struct Search: Sendable {
        public var namePrefix: String?
        public var tag: ResidentTag?
        public var communityID: Int64?
        public var buildingID: Int64?
        public var idNumber: IDNumber?
        public var phone: PhoneNumber?
        public var includeMovedOut = false
        public var window: PageWindow

        public init(
            namePrefix: String? = nil, tag: ResidentTag? = nil, communityID: Int64? = nil, buildingID: Int64? = nil,
            idNumber: IDNumber? = nil, phone: PhoneNumber? = nil, includeMovedOut: Bool = false, window: PageWindow
        ) {
            self.namePrefix = namePrefix
            self.tag = tag
            self.communityID = communityID
            self.buildingID = buildingID
            self.idNumber = idNumber
            self.phone = phone
            self.includeMovedOut = includeMovedOut
            self.window = window
        }
    }

    /// Residents in scope matching the search, by name; each listed resident's read audited.
    public func search(_ s: Search, by principal: Principal, address: String?, now: Date = Date()) async throws -> [ResidentView]
    {
        let found = try await database.read { sql in
            let scope = try await Self.scope(sql, principal, .residentRead)
            guard !scope.isEmpty else { return [ResidentView]() }
            let rows = try await query(sql, s, scope: scope).rows(ResidentRow.self)
            let rooms = try await Self.rooms(sql, Set(rows.map(\.householdId)))
            return try await views(sql, rows, rooms: rooms, today: CivilDate(now))
        }
        try await database.write { sql in
            try await Self.audit(sql, .residentRead, residents: found.map(\.id), by: principal, address: address, now: now)
        }
        return found
    }

    func query(_ sql: any SQLDatabase, _ s: Search, scope: RegistryScope) -> SQLSelectBuilder {
        let q = sql.select().columns(SQLColumn(SQLLiteral.all, table: SQLIdentifier("residents"))).from("residents")
        let order = s.tag == nil ? "residents" : "resident_tags"
        if let tag = s.tag {
            // A group's list walks its (community, tag, name) index in name order, a page at a time.
            q.join(
                "resident_tags", on: SQLColumn("resident_id", table: "resident_tags"), .equal, SQLColumn("id", table: "residents")
            )
            .where(SQLColumn("tag", table: "resident_tags"), .equal, SQLBind(tag.rawValue))
            let communities = s.communityID.map { [$0] } ?? communities(of: scope)
            if let communities {
                q.where(SQLColumn("community_id", table: "resident_tags"), .in, SQLBind.group(communities))
            }
            if let prefix = s.namePrefix {
                q.where(SQLColumn("name", table: "resident_tags"), .greaterThanOrEqual, SQLBind(prefix))
                    .where(SQLColumn("name", table: "resident_tags"), .lessThan, SQLBind(prefix + "\u{10FFFF}"))
            }
        }
        if let community = s.communityID { q.where(SQLColumn("community_id", table: "residents"), .equal, SQLBind(community)) }
        if let building = s.buildingID { q.where(SQLColumn("building_id", table: "residents"), .equal, SQLBind(building)) }
        if let prefix = s.namePrefix {
            // A range on the (community, name) index: names that begin with the prefix.
            q.where(SQLColumn("name", table: "residents"), .greaterThanOrEqual, SQLBind(prefix))
                .where(SQLColumn("name", table: "residents"), .lessThan, SQLBind(prefix + "\u{10FFFF}"))
        }
        if let id = s.idNumber {
            q.where(SQLColumn("id_index", table: "residents"), .equal, SQLBind(vault.index(id.value, field: "id_number")))
        }
        if let phone = s.phone {
            q.where(SQLColumn("phone_index", table: "residents"), .equal, SQLBind(vault.index(phone.value, field: "phone")))
        }
        if !s.includeMovedOut { q.where(SQLColumn("moved_out", table: "residents"), .is, SQLLiteral.null) }
        return q.within(scope, table: "residents").orderBy(SQLColumn("name", table: order))
            .orderBy(SQLColumn(order == "residents" ? "id" : "resident_id", table: order)).limit(s.window.limit).offset(
                s.window.offset)
    }

    /// The communities a scope lies in, when it names them (streets, communities, grids); nil for heads'
    /// buildings and units, whose few residents are found through their own columns.
    func communities(of scope: RegistryScope) -> [Int64]? {
        guard scope.buildings.isEmpty, scope.units.isEmpty else { return nil }
        let all = directory.current.communities.values
        var ids = Set(scope.communities)
        ids.formUnion(all.filter { scope.streets.contains($0.streetID) }.map(\.id))
        ids.formUnion(scope.grids.compactMap { directory.current.grids[$0]?.communityID })
        return ids.sorted()
    }

    static func rooms(_ sql: any SQLDatabase, _ households: Set<Int64>) async throws -> [Int64: String] {
        guard !households.isEmpty else { return [:] }
        var rooms: [Int64: String] = [:]
        for r in try await sql.select().columns("id", "room").from("households")
            .where("id", .in, SQLBind.group(households.sorted())).all()
        {
            rooms[try r.decode(column: "id", as: Int64.self)] = try r.decode(column: "room", as: String.self)
        }
        return rooms
    }

    /// One resident, audited.
    public func resident(_ id: Int64, by principal: Principal, address: String?, now: Date = Date()) async throws -> ResidentView
    {
        let found = try await database.read { sql in
            guard let row = try await residentRow(sql, id) else { throw GridHubError.notFound("resident") }
            try await Self.scope(sql, principal, .residentRead).require(row.place, "resident")
            let rooms = try await Self.rooms(sql, [row.householdId])
            return try await views(sql, [row], rooms: rooms, today: CivilDate(now))[0]
        }
        try await database.write { sql in
            try await Self.audit(sql, .residentRead, residents: [id], by: principal, address: address, now: now)
        }
        return found
    }

    /// Every version of a resident's record, newest first, masked.
    public func history(_ id: Int64, by principal: Principal, address: String?, now: Date = Date()) async throws
        -> [RegistryVersion]
    {
        let versions = try await database.read { sql in
            guard let row = try await residentRow(sql, id) else { throw GridHubError.notFound("resident") }
            try await Self.scope(sql, principal, .residentRead).require(row.place, "resident")
            var versions: [RegistryVersion] = []
            for r in try await sql.select().columns("*").from("registry_versions").where("subject", .equal, "resident:\(id)")
                .orderBy("version", .descending).all()
            {
                let text = try await vault.open(
                    try r.decode(column: "record", as: String.self), field: "version", reloadingFrom: sql)
                let snapshot = try JSONDecoder().decode(ResidentSnapshot.self, from: Data(text.utf8))
                versions.append(
                    RegistryVersion(
                        version: try r.decode(column: "version", as: Int.self),
                        at: StoredTime.date(try r.decode(column: "at", as: Int64.self)),
                        actor: try r.decode(column: "actor", as: String.self), reason: try r.optional("reason"),
                        fields: try r.decode(column: "fields", as: String.self).split(separator: ",").map(String.init),
                        record: snapshot.masked))
            }
            return versions
        }
        try await database.write { sql in
            try await Self.audit(
                sql, .residentRead, residents: [id], by: principal, address: address, detail: "history", now: now)
        }
        return versions
    }

    /// One ID number or phone in the clear, for a holder of `resident.reveal` whose scope holds the
    /// resident, with a reason of 4–200 characters; the reveal is in the audit trail before it is answered.
    public func reveal(
        _ id: Int64, field: String, reason rawReason: String, by principal: Principal, address: String?, now: Date = Date()
    ) async throws -> String {
        let reason = rawReason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard ["id_number", "phone"].contains(field) else {
            throw GridHubError(.unprocessable, "invalid_field", "Reveal 'id_number' or 'phone'.")
        }
        guard (4...200).contains(reason.count) else {
            throw GridHubError(.unprocessable, "reason_required", "Say why you need it (4–200 characters).")
        }
        guard principal.can(.residentReveal) else { throw GridHubError.forbidden }
        return try await database.write { sql in
            guard let row = try await residentRow(sql, id) else { throw GridHubError.notFound("resident") }
            try await Self.scope(sql, principal, .residentReveal).require(row.place, "resident")
            guard let sealed = field == "id_number" ? row.idSealed : row.phoneSealed else {
                throw GridHubError(.notFound, "not_recorded", "This resident has no \(field) on record.")
            }
            let value = try await vault.open(sealed, field: field, reloadingFrom: sql)
            try await Self.audit(
                sql, .residentReveal, residents: [id], by: principal, address: address, detail: "\(field): \(reason)", now: now)
            return value
        }
    }

    /// Who read a resident's record and when (for the resident, through their community): reads and
    /// reveals, newest first. Asking is itself recorded.
    public func reads(_ id: Int64, by principal: Principal, address: String?, now: Date = Date()) async throws -> [RecordRead] {
        let reads = try await database.read { sql in
            guard let row = try await residentRow(sql, id) else { throw GridHubError.notFound("resident") }
            try await Self.scope(sql, principal, .residentReveal).require(row.place, "resident")
            return try await sql.select().columns("at", "actor", "action", "address", "detail").from("audit")
                .where("subject", .equal, "resident:\(id)").orderBy("at", .descending).orderBy("id", .descending)
                .limit(1000).all().map { r in
                    let action = try r.decode(column: "action", as: String.self)
                    let detail: String? = try r.optional("detail")
                    return RecordRead(
                        at: StoredTime.date(try r.decode(column: "at", as: Int64.self)),
                        actor: try r.decode(column: "actor", as: String.self), action: action,
                        address: try r.optional("address"),
                        reason: action == AuditEntry.Action.residentReveal.rawValue ? detail : nil)
                }
        }
        try await database.write { sql in
            try await Self.audit(sql, .residentRead, residents: [id], by: principal, address: address, detail: "reads", now: now)
        }
        return reads
    }

    /// Per grid in the street: residents, those in each group, and overdue visits (counts only).
    public func care(streetID: Int64, now: Date = Date()) async throws -> [GridCare] {
        try await database.read { sql in
            var care: [Int64: GridCare] = [:]
            for r in try await sql.select().column("grid_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from("residents").where("street_id", .equal, streetID).where("moved_out", .is, SQLLiteral.null)
                .groupBy("grid_id").all()
            {
                let grid = try r.decode(column: "grid_id", as: Int64.self)
                care[grid] = GridCare(
                    gridID: grid, residents: try r.decode(column: "n", as: Int.self), special: [:], overdueVisits: 0)
            }
            for r in try await sql.select().column(SQLColumn("grid_id", table: "residents")).column(
                SQLColumn("tag", table: "resident_tags")
            )
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("resident_tags")
            .join("residents", on: SQLColumn("id", table: "residents"), .equal, SQLColumn("resident_id", table: "resident_tags"))
            .where(SQLColumn("street_id", table: "residents"), .equal, SQLBind(streetID))
            .where(SQLColumn("moved_out", table: "residents"), .is, SQLLiteral.null)
            .groupBy(SQLColumn("grid_id", table: "residents")).groupBy(SQLColumn("tag", table: "resident_tags")).all() {
                let grid = try r.decode(column: "grid_id", as: Int64.self)
                care[grid]?.special[try r.decode(column: "tag", as: String.self)] = try r.decode(column: "n", as: Int.self)
            }
            let aged = CivilDate(now).yearsBefore(ResidentTag.agedFrom).description
            for r in try await sql.select().column("grid_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from("residents").where("street_id", .equal, streetID).where("moved_out", .is, SQLLiteral.null)
                .where("birth_date", .lessThanOrEqual, aged).groupBy("grid_id").all()
            {
                care[try r.decode(column: "grid_id", as: Int64.self)]?.special[ResidentTag.aged80.rawValue] = try r.decode(
                    column: "n", as: Int.self)
            }
            for r in try await sql.select().column("grid_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from("residents").where("street_id", .equal, streetID).where("moved_out", .is, SQLLiteral.null)
                .where("visit_due_at", .lessThan, StoredTime.millis(now)).groupBy("grid_id").all()
            {
                care[try r.decode(column: "grid_id", as: Int64.self)]?.overdueVisits = try r.decode(column: "n", as: Int.self)
            }
            return care.values.sorted { $0.gridID < $1.gridID }
        }
    }
}
