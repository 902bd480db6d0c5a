import Foundation

/// A household as answers carry it.
public struct HouseholdView: Sendable, Hashable, Codable {
    public var id: Int64
    public var communityID: Int64
    public var gridID: Int64
    public var buildingID: Int64
    public var building: String
    public var unitID: Int64
    public var unit: String
    public var room: String
    public var kind: HouseholdKind
    public var partyMember: Bool
    public var version: Int
    public var residents: [ResidentView]?

    public init(
        id: Int64, communityID: Int64, gridID: Int64, buildingID: Int64, building: String, unitID: Int64, unit: String,
        room: String, kind: HouseholdKind, partyMember: Bool, version: Int, residents: [ResidentView]? = nil
    ) {
        self.id = id
        self.communityID = communityID
        self.gridID = gridID
        self.buildingID = buildingID
        self.building = building
        self.unitID = unitID
        self.unit = unit
        self.room = room
        self.kind = kind
        self.partyMember = partyMember
        self.version = version
        self.residents = residents
    }

    /// `长山花园小区3号楼 2单元 301`.
    public var address: String { "\(building) \(unit) \(room)" }
}

/// A resident as answers carry them: ID number and phone masked, always.
public struct ResidentView: Sendable, Hashable, Codable {
    public var id: Int64
    public var householdID: Int64
    public var name: String
    public var gender: Gender?
    public var birthDate: CivilDate?
    public var age: Int?
    /// `220104********1234`.
    public var idNumber: String?
    /// `138****5678`.
    public var phone: String?
    public var relation: String
    public var movedIn: CivilDate?
    public var movedOut: CivilDate?
    public var tags: [ResidentTag]
    public var focusReason: String?
    public var version: Int
    public var address: String?
    public var visitDueAt: Date?
    public var lastVisitAt: Date?

    public init(
        id: Int64, householdID: Int64, record: ResidentRecordMasked, version: Int, today: CivilDate, address: String?,
        visitDueAt: Date?, lastVisitAt: Date?
    ) {
        self.id = id
        self.householdID = householdID
        self.name = record.name
        self.gender = record.gender
        self.birthDate = record.birthDate
        self.age = record.birthDate.map { $0.years(to: today) }
        self.idNumber = record.idNumber
        self.phone = record.phone
        self.relation = record.relation
        self.movedIn = record.movedIn
        self.movedOut = record.movedOut
        self.tags = ResidentTag.effective(record.tags, birthDate: record.birthDate, today: today)
            .sorted { $0.rawValue < $1.rawValue }
        self.focusReason = record.focusReason
        self.version = version
        self.address = address
        self.visitDueAt = visitDueAt
        self.lastVisitAt = lastVisitAt
    }
}

/// A resident's fields with ID number and phone already masked (as history and views hold them).
public struct ResidentRecordMasked: Sendable, Hashable, Codable {
    public var name: String
    public var gender: Gender?
    public var birthDate: CivilDate?
    public var idNumber: String?
    public var phone: String?
    public var relation: String
    public var movedIn: CivilDate?
    public var movedOut: CivilDate?
    public var tags: Set<ResidentTag>
    public var focusReason: String?

    public init(
        name: String, gender: Gender?, birthDate: CivilDate?, idNumber: String?, phone: String?, relation: String,
        movedIn: CivilDate?, movedOut: CivilDate?, tags: Set<ResidentTag>, focusReason: String?
    ) {
        self.name = name
        self.gender = gender
        self.birthDate = birthDate
        self.idNumber = idNumber
        self.phone = phone
        self.relation = relation
        self.movedIn = movedIn
        self.movedOut = movedOut
        self.tags = tags
        self.focusReason = focusReason
    }

    /// The fields of a checked record, masked.
    public init(_ r: ResidentRecord) {
        self.init(
            name: r.name, gender: r.gender, birthDate: r.birthDate, idNumber: r.idNumber?.masked, phone: r.phone?.masked,
            relation: r.relation, movedIn: r.movedIn, movedOut: r.movedOut, tags: r.tags, focusReason: r.focusReason)
    }

    /// The names of the fields that differ from `old` (for a version's summary).
    public func changes(from old: ResidentRecordMasked) -> [String] {
        var fields: [String] = []
        if name != old.name { fields.append("name") }
        if gender != old.gender { fields.append("gender") }
        if birthDate != old.birthDate { fields.append("birth_date") }
        if idNumber != old.idNumber { fields.append("id_number") }
        if phone != old.phone { fields.append("phone") }
        if relation != old.relation { fields.append("relation") }
        if movedIn != old.movedIn { fields.append("moved_in") }
        if movedOut != old.movedOut { fields.append("moved_out") }
        if tags != old.tags { fields.append("tags") }
        if focusReason != old.focusReason { fields.append("focus_reason") }
        return fields
    }
}

/// One version of a record: who changed it, when, why, which fields, and the record as it then was
/// (masked).
public struct RegistryVersion: Sendable, Hashable, Codable {
    public var version: Int
    public var at: Date
    public var actor: String
    public var reason: String?
    public var fields: [String]
    public var record: ResidentRecordMasked?

    public init(version: Int, at: Date, actor: String, reason: String?, fields: [String], record: ResidentRecordMasked?) {
        self.version = version
        self.at = at
        self.actor = actor
        self.reason = reason
        self.fields = fields
        self.record = record
    }
}

/// One read of a resident's record, as the resident may ask to see it.
public struct RecordRead: Sendable, Hashable, Codable {
    public var at: Date
    public var actor: String
    public var action: String
    public var address: String?
    public var reason: String?

    public init(at: Date, actor: String, action: String, address: String?, reason: String?) {
        self.at = at
        self.actor = actor
        self.action = action
        self.address = address
        self.reason = reason
    }
}

/// A grid's people in care, for the centre's map: no names, only counts.
public struct GridCare: Sendable, Hashable, Codable {
    public var gridID: Int64
    public var residents: Int
    public var special: [String: Int]
    public var overdueVisits: Int

    public init(gridID: Int64, residents: Int, special: [String: Int], overdueVisits: Int) {
        self.gridID = gridID
        self.residents = residents
        self.special = special
        self.overdueVisits = overdueVisits
    }
}
