import Foundation
import GridHubCore
import SQLKit

extension RegistryStore {
    /// Registers a household in a unit of a building (its room unique in the unit).
    public func addHousehold(
        buildingID: Int64, unitID: Int64, room rawRoom: String, kind: HouseholdKind, partyMember: Bool,
        by principal: Principal, now: Date = Date()
    ) async throws -> HouseholdView {
        let room = try Self.room(rawRoom)
        return try await database.write { sql in
            let at = try await unitPlace(sql, buildingID: buildingID, unitID: unitID)
            try await Self.scope(sql, principal, .residentWrite).require(at.place)
            return try await Self.insertHousehold(sql, at, room: room, kind: kind, partyMember: partyMember, now: now)
        }
    }

    static func room(_ raw: String) throws -> String {
        let room = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...20).contains(room.count) else {
            throw GridHubError(.unprocessable, "invalid_room", "A room is 1–20 characters (301, 1-302).")
        }
        return room
    }

    static func insertHousehold(
        _ sql: any SQLDatabase, _ at: UnitPlace, room: String, kind: HouseholdKind, partyMember: Bool, now: Date
    ) async throws -> HouseholdView {
        let exists = try await sql.select().column("id").from("households").where("unit_id", .equal, at.place.unitID)
            .where("room", .equal, room).first()
        guard exists == nil else {
            throw GridHubError(.conflict, "household_exists", "\(at.building) \(at.unit) \(room) is registered already.")
        }
        let p = at.place
        let id = try await newHousehold(sql, p, room: room, kind: kind, partyMember: partyMember, now: now).id ?? 0
        return HouseholdView(
            id: id, communityID: p.communityID, gridID: p.gridID, buildingID: p.buildingID, building: at.building,
            unitID: p.unitID, unit: at.unit, room: room, kind: kind, partyMember: partyMember, version: 1)
    }

    /// Inserts a household known to be new; answers its row.
    static func newHousehold(
        _ sql: any SQLDatabase, _ p: HouseholdPlace, room: String, kind: HouseholdKind, partyMember: Bool, now: Date
    ) async throws -> HouseholdRow {
        var row = HouseholdRow(
            streetId: p.streetID, communityId: p.communityID, gridId: p.gridID, buildingId: p.buildingID, unitId: p.unitID,
            room: room, kind: kind.rawValue, partyMember: partyMember, version: 1, createdAt: StoredTime.millis(now),
            updatedAt: StoredTime.millis(now))
        guard
            let id = try await sql.insert(into: "households").columns(householdColumns)
                .values(
                    SQLBind(row.streetId), SQLBind(row.communityId), SQLBind(row.gridId), SQLBind(row.buildingId),
                    SQLBind(row.unitId),
                    SQLBind(room), SQLBind(row.kind), SQLBind(partyMember), SQLBind(1), SQLBind(row.createdAt),
                    SQLBind(row.updatedAt)
                ).returning("id").first()?.decode(column: "id", as: Int64.self)
        else { throw GridHubError(.unavailable, "insert_failed", "The database did not return the new household's id.") }
        row.id = id
        return row
    }

    /// Changes a household's kind or party-member mark.
    public func updateHousehold(
        _ id: Int64, kind: HouseholdKind, partyMember: Bool, expectedVersion: Int?, reason: String?,
        by principal: Principal, now: Date = Date()
    ) async throws {
        _ = try Self.reasonText(reason)
        try await database.write { sql in
            guard let row = try await householdRow(sql, id, lock: true) else { throw GridHubError.notFound("household") }
            try await Self.scope(sql, principal, .residentWrite).require(row.place)
            try Self.checkVersion(expectedVersion, row.version)
            var fields: [String] = []
            if row.kind != kind.rawValue { fields.append("kind") }
            if row.partyMember != partyMember { fields.append("party_member") }
            guard !fields.isEmpty else { return }
            try await sql.update("households").set("kind", to: kind.rawValue).set("party_member", to: partyMember)
                .set("version", to: row.version + 1).set("updated_at", to: StoredTime.millis(now)).where("id", .equal, id).run()
            let record = try vault.seal(
                String(
                    decoding: try JSONEncoder().encode(["kind": kind.rawValue, "party_member": "\(partyMember)"]), as: UTF8.self),
                field: "version")
            try await Self.version(
                sql, "household:\(id)", row.version + 1, fields: fields, record: record, reason: reason, by: principal, now: now)
            _ = try await EventLog.append(
                sql,
                DomainEvent(
                    kind: RegistryEvent.householdChanged, streetID: row.streetId, subject: Subject("household", id),
                    actorAccountID: principal.accountID, at: now,
                    facts: RegistryFacts(
                        communityID: row.communityId, gridID: row.gridId, buildingID: row.buildingId, householdID: id,
                        version: row.version + 1, fields: fields)))
        }
    }

    /// Registers a person in a household; 409 when their ID number is registered already.
    public func addResident(
        householdID: Int64, _ record: ResidentRecord, reason: String?, by principal: Principal, now: Date = Date()
    ) async throws -> ResidentView {
        try await database.write { sql in
            guard let household = try await householdRow(sql, householdID, lock: true) else {
                throw GridHubError.notFound("household")
            }
            try await Self.scope(sql, principal, .residentWrite).require(household.place)
            let plan = try await VisitPlans.effective(sql, communityID: household.communityId)
            let id = try await insertResidents(sql, [(record, household)], plan: plan, reason: reason, by: principal, now: now)[0]
            guard let row = try await residentRow(sql, id) else { throw GridHubError.notFound("resident") }
            return try await view(sql, row, address: nil, today: CivilDate(now))
        }
    }

    /// Inserts checked people into their households, with their groups, first versions and (when
    /// `announce`) events: one statement a person, their groups and versions a few hundred a statement
    /// (an import of 10,000 lines is a few seconds). `checked`: their ID numbers were found free already.
    func insertResidents(
        _ sql: any SQLDatabase, _ people: [(record: ResidentRecord, household: HouseholdRow)], plan: VisitPlan, reason: String?,
        by principal: Principal, now: Date, checked: Bool = false, announce: Bool = true
    ) async throws -> [Int64] {
        var rows: [[any SQLExpression]] = []
        let reason = try Self.reasonText(reason)
        let at = StoredTime.millis(now)
        for (record, household) in people {
            let idIndex = record.idNumber.map { vault.index($0.value, field: "id_number") }
            if let idIndex, !checked {
                let taken = try await sql.select().column("id").from("residents").where("id_index", .equal, idIndex)
                    .where("moved_out", .is, SQLLiteral.null).first()
                guard taken == nil else {
                    throw GridHubError(
                        .conflict, "id_number_registered",
                        "A resident with this ID number is registered already (moved out first).")
                }
            }
            let tags = ResidentTag.effective(record.tags, birthDate: record.birthDate, today: CivilDate(now))
            let due = record.present ? plan.due(tags: tags, lastVisit: nil, since: now).map(StoredTime.millis) : nil
            rows.append([
                SQLBind(household.streetId), SQLBind(household.communityId), SQLBind(household.gridId),
                SQLBind(household.buildingId),
                SQLBind(household.unitId), SQLBind(household.id ?? 0), SQLBind(record.name), SQLBind(record.gender?.rawValue),
                SQLBind(record.birthDate?.description),
                SQLBind(try record.idNumber.map { try vault.seal($0.value, field: "id_number") }),
                SQLBind(idIndex), SQLBind(try record.phone.map { try vault.seal($0.value, field: "phone") }),
                SQLBind(record.phone.map { vault.index($0.value, field: "phone") }), SQLBind(record.relation),
                SQLBind(record.movedIn?.description), SQLBind(record.movedOut?.description),
                SQLBind(ResidentRow.tagText(record.tags)),
                SQLBind(record.focusReason), SQLBind(1), SQLBind(due), SQLBind(at), SQLBind(at),
            ])
        }
        let ids = try await sql.insertReturningIDs(into: "residents", columns: Self.residentColumns, rows)
        var tagRows: [[any SQLExpression]] = []
        var versionRows: [[any SQLExpression]] = []
        let encoder = JSONEncoder()
        for (id, (record, household)) in zip(ids, people) {
            tagRows += Self.tagRows(id, communityID: household.communityId, name: record.name, record.tags)
            versionRows.append([
                SQLBind("resident:\(id)"), SQLBind(1), SQLBind(at), SQLBind(principal.accountID), SQLBind(principal.username),
                SQLBind(reason), SQLBind("created"), SQLBind(try sealed(record, encoder)),
            ])
            guard announce else { continue }
            try await Self.residentChanged(
                sql, id, at: household.place, household: household.id ?? 0, version: 1, fields: ["created"], by: principal,
                now: now)
        }
        for chunk in stride(from: 0, to: tagRows.count, by: 300) {
            try await sql.insert(into: "resident_tags").columns("community_id", "tag", "name", "resident_id")
                .rows(Array(tagRows[chunk..<min(chunk + 300, tagRows.count)])).run()
        }
        for chunk in stride(from: 0, to: versionRows.count, by: 100) {
            try await sql.insert(into: "registry_versions")
                .columns("subject", "version", "at", "actor_id", "actor", "reason", "fields", "record")
                .rows(Array(versionRows[chunk..<min(chunk + 100, versionRows.count)])).run()
        }
        return ids
    }

    static let householdColumns = [
        "street_id", "community_id", "grid_id", "building_id", "unit_id", "room", "kind", "party_member", "version", "created_at",
        "updated_at",
    ]

    static let residentColumns = [
        "street_id", "community_id", "grid_id", "building_id", "unit_id", "household_id", "name", "gender", "birth_date",
        "id_sealed",
        "id_index", "phone_sealed", "phone_index", "relation", "moved_in", "moved_out", "tags", "focus_reason", "version",
        "visit_due_at", "created_at", "updated_at",
    ]

    static func tagRows(_ id: Int64, communityID: Int64, name: String, _ tags: Set<ResidentTag>) -> [[any SQLExpression]] {
        tags.sorted { $0.rawValue < $1.rawValue }.map {
            [SQLBind(communityID), SQLBind($0.rawValue), SQLBind(name), SQLBind(id)]
        }
    }

    /// Why a record changed: at most 200 characters (code points, as the API's schema counts), 422 beyond.
    static func reasonText(_ reason: String?) throws -> String? {
        guard let r = reason?.trimmingCharacters(in: .whitespacesAndNewlines), !r.isEmpty else { return nil }
        guard r.unicodeScalars.count <= 200 else {
            throw GridHubError(.unprocessable, "invalid_reason", "A reason is at most 200 characters.")
        }
        return r
    }

    /// Changes a person's record: the whole record as it should now read, the version it was read at
    /// (409 when someone changed it since) and why.
    public func updateResident(
        _ id: Int64, _ changed: ResidentRecord, expectedVersion: Int?, reason: String?, by principal: Principal,
        keepIDNumber: Bool = false, keepPhone: Bool = false, now: Date = Date()
    ) async throws -> ResidentView {
        _ = try Self.reasonText(reason)
        return try await database.write { sql in
            guard let row = try await residentRow(sql, id, lock: true) else { throw GridHubError.notFound("resident") }
            try await Self.scope(sql, principal, .residentWrite).require(row.place, "resident")
            try Self.checkVersion(expectedVersion, row.version)
            let old = try await view(sql, row, address: nil, today: CivilDate(now))
            let before = try await snapshot(sql, row)
            var record = changed
            if keepIDNumber, let kept = before.idNumber {
                let id = try IDNumber(kept, today: CivilDate(now))
                (record.idNumber, record.birthDate, record.gender) = (id, id.birthDate, id.gender)
            }
            if keepPhone, let kept = before.phone { record.phone = try PhoneNumber(kept) }
            let fields = ResidentSnapshot(record).unmasked.changes(from: before.unmasked)
            guard !fields.isEmpty else { return old }
            let idIndex = record.idNumber.map { vault.index($0.value, field: "id_number") }
            if let idIndex, idIndex != row.idIndex {
                let taken = try await sql.select().column("id").from("residents").where("id_index", .equal, idIndex)
                    .where("moved_out", .is, SQLLiteral.null).where("id", .notEqual, id).first()
                if taken != nil {
                    throw GridHubError(.conflict, "id_number_registered", "A resident with this ID number is registered already.")
                }
            }
            let plan = try await VisitPlans.effective(sql, communityID: row.communityId)
            let tags = ResidentTag.effective(record.tags, birthDate: record.birthDate, today: CivilDate(now))
            let due =
                record.present
                ? plan.due(tags: tags, lastVisit: row.lastVisitAt.map(StoredTime.date), since: StoredTime.date(row.createdAt))
                : nil
            try await sql.update("residents").set("name", to: record.name).set("gender", to: record.gender?.rawValue)
                .set("birth_date", to: record.birthDate?.description)
                .set("id_sealed", to: try record.idNumber.map { try vault.seal($0.value, field: "id_number") })
                .set("id_index", to: idIndex)
                .set("phone_sealed", to: try record.phone.map { try vault.seal($0.value, field: "phone") })
                .set("phone_index", to: record.phone.map { vault.index($0.value, field: "phone") })
                .set("relation", to: record.relation).set("moved_in", to: record.movedIn?.description)
                .set("moved_out", to: record.movedOut?.description).set("tags", to: ResidentRow.tagText(record.tags))
                .set("focus_reason", to: record.focusReason).set("version", to: row.version + 1)
                .set("visit_due_at", to: due.map(StoredTime.millis)).set("updated_at", to: StoredTime.millis(now))
                .where("id", .equal, id).run()
            try await Self.setTags(sql, residentID: id, communityID: row.communityId, name: record.name, record.tags)
            try await Self.version(
                sql, "resident:\(id)", row.version + 1, fields: fields, record: try sealed(record), reason: reason,
                by: principal, now: now)
            try await Self.residentChanged(
                sql, id, at: row.place, household: row.householdId, version: row.version + 1, fields: fields, by: principal,
                now: now)
            guard let updated = try await residentRow(sql, id) else { throw GridHubError.notFound("resident") }
            return try await view(sql, updated, address: nil, today: CivilDate(now))
        }
    }

    /// `registry.resident_changed`: which resident, where, which version and fields (never their data).
    static func residentChanged(
        _ sql: any SQLDatabase, _ id: Int64, at place: HouseholdPlace, household: Int64, version: Int, fields: [String],
        by principal: Principal, now: Date
    ) async throws {
        _ = try await EventLog.append(
            sql,
            DomainEvent(
                kind: RegistryEvent.residentChanged, streetID: place.streetID, subject: Subject("resident", id),
                actorAccountID: principal.accountID, at: now,
                facts: RegistryFacts(
                    communityID: place.communityID, gridID: place.gridID, buildingID: place.buildingID, householdID: household,
                    residentID: id, version: version, fields: fields)))
    }

    static func checkVersion(_ expected: Int?, _ current: Int) throws {
        if let expected, expected != current {
            throw GridHubError(
                .conflict, "stale_version", "Someone changed this record since you read it (now version \(current)); reload.")
        }
    }

    /// A resident's groups, each with their name, so a group's list is read in name order off its index.
    static func setTags(
        _ sql: any SQLDatabase, residentID: Int64, communityID: Int64, name: String, _ tags: Set<ResidentTag>
    ) async throws {
        try await sql.delete(from: "resident_tags").where("resident_id", .equal, residentID).run()
        guard !tags.isEmpty else { return }
        try await sql.insert(into: "resident_tags").columns("community_id", "tag", "name", "resident_id")
            .rows(tagRows(residentID, communityID: communityID, name: name, tags)).run()
    }

    func sealed(_ record: ResidentRecord, _ encoder: JSONEncoder = JSONEncoder()) throws -> String {
        try vault.seal(String(decoding: try encoder.encode(ResidentSnapshot(record)), as: UTF8.self), field: "version")
    }

    /// The record as its row holds it, in the clear (only to compare and to mask).
    func snapshot(_ sql: any SQLDatabase, _ row: ResidentRow) async throws -> ResidentSnapshot {
        let version = try await sql.select().column("record").from("registry_versions")
            .where("subject", .equal, "resident:\(row.id ?? 0)").where("version", .equal, row.version).first()
        guard let text = try version?.decode(column: "record", as: String.self) else {
            throw GridHubError(
                .unavailable, "version_missing", "Resident \(row.id ?? 0) has no record of version \(row.version).")
        }
        let json = try await vault.open(text, field: "version", reloadingFrom: sql)
        return try JSONDecoder().decode(ResidentSnapshot.self, from: Data(json.utf8))
    }

    static func version(
        _ sql: any SQLDatabase, _ subject: String, _ version: Int, fields: [String], record: String, reason: String?,
        by principal: Principal, now: Date
    ) async throws {
        try await sql.insert(into: "registry_versions")
            .columns("subject", "version", "at", "actor_id", "actor", "reason", "fields", "record")
            .values(
                SQLBind(subject), SQLBind(version), SQLBind(StoredTime.millis(now)), SQLBind(principal.accountID),
                SQLBind(principal.username), SQLBind(try reasonText(reason)), SQLBind(fields.joined(separator: ",")),
                SQLBind(record)
            ).run()
    }
}
