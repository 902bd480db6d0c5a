import Foundation
import GridHubCore
import SQLKit

/// A `households` row.
struct HouseholdRow: Codable, Sendable {
    var id: Int64?
    var streetId: Int64
    var communityId: Int64
    var gridId: Int64
    var buildingId: Int64
    var unitId: Int64
    var room: String
    var kind: String
    var partyMember: Bool
    var version: Int
    var createdAt: Int64
    var updatedAt: Int64

    var place: HouseholdPlace {
        HouseholdPlace(streetID: streetId, communityID: communityId, gridID: gridId, buildingID: buildingId, unitID: unitId)
    }
}

/// A `residents` row: ID number and phone sealed, with their blind indexes.
struct ResidentRow: Codable, Sendable {
    var id: Int64?
    var streetId: Int64
    var communityId: Int64
    var gridId: Int64
    var buildingId: Int64
    var unitId: Int64
    var householdId: Int64
    var name: String
    var gender: String?
    var birthDate: String?
    var idSealed: String?
    var idIndex: String?
    var phoneSealed: String?
    var phoneIndex: String?
    var relation: String
    var movedIn: String?
    var movedOut: String?
    var tags: String
    var focusReason: String?
    var version: Int
    var visitDueAt: Int64?
    var visitFlaggedAt: Int64?
    var lastVisitAt: Int64?
    var accountId: Int64? = nil
    var createdAt: Int64
    var updatedAt: Int64

    var place: HouseholdPlace {
        HouseholdPlace(streetID: streetId, communityID: communityId, gridID: gridId, buildingID: buildingId, unitID: unitId)
    }

    var tagSet: Set<ResidentTag> { Set(tags.split(separator: ",").compactMap { ResidentTag(rawValue: String($0)) }) }

    static func tagText(_ tags: Set<ResidentTag>) -> String { tags.map(\.rawValue).sorted().joined(separator: ",") }
}

/// A resident's fields in the clear, as a version keeps them (sealed whole in `registry_versions`).
struct ResidentSnapshot: Codable, Sendable {
    var name: String
    var gender: Gender?
    var birthDate: CivilDate?
    var idNumber: String?
    var phone: String?
    var relation: String
    var movedIn: CivilDate?
    var movedOut: CivilDate?
    var tags: [ResidentTag]
    var focusReason: String?

    init(_ r: ResidentRecord) {
        name = r.name
        gender = r.gender
        birthDate = r.birthDate
        idNumber = r.idNumber?.value
        phone = r.phone?.value
        relation = r.relation
        movedIn = r.movedIn
        movedOut = r.movedOut
        tags = r.tags.sorted { $0.rawValue < $1.rawValue }
        focusReason = r.focusReason
    }

    /// The fields in the clear, in the masked record's shape, to tell which fields a change touches.
    var unmasked: ResidentRecordMasked {
        ResidentRecordMasked(
            name: name, gender: gender, birthDate: birthDate, idNumber: idNumber, phone: phone, relation: relation,
            movedIn: movedIn, movedOut: movedOut, tags: Set(tags), focusReason: focusReason)
    }

    var masked: ResidentRecordMasked {
        ResidentRecordMasked(
            name: name, gender: gender, birthDate: birthDate, idNumber: idNumber.map(IDNumber.mask),
            phone: phone.map(PhoneNumber.mask), relation: relation, movedIn: movedIn, movedOut: movedOut, tags: Set(tags),
            focusReason: focusReason)
    }
}

extension SQLSelectBuilder {
    /// Only rows (of a table with street, community, grid, building and unit columns) the scope covers.
    /// The scope must not be empty (callers answer an empty scope without asking).
    @discardableResult
    func within(_ scope: RegistryScope, table: String) -> Self {
        self.where { w in
            for (column, ids) in [
                ("street_id", scope.streets), ("community_id", scope.communities), ("grid_id", scope.grids),
                ("building_id", scope.buildings), ("unit_id", scope.units),
            ] where !ids.isEmpty {
                w.orWhere(SQLColumn(column, table: table), .in, SQLBind.group(ids.sorted()))
            }
            return w
        }
    }
}
