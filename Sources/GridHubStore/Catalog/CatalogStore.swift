import GridHubCore
import SQLKit

/// A catalogue item as stored: one row per street and class code.
struct CatalogRow: Codable, Sendable {
    var id: Int64?
    var streetId: Int64
    var code: String
    var kind: String
    var majorCode: String
    var majorName: String
    var minorCode: String
    var name: String
    var responsibility: String
    var leadKind: String
    var leadDepartment: String?
    var assisting: String
    var limitValue: Int
    var limitUnit: String
    var selfHandle: Bool
    var duplicateRadiusM: Double
    var duplicateWindowDays: Int

    init(streetID: Int64, item: CatalogItem) {
        streetId = streetID
        code = item.code
        kind = item.kind.rawValue
        majorCode = item.majorCode
        majorName = item.majorName
        minorCode = item.minorCode
        name = item.name
        responsibility = item.responsibility.rawValue
        switch item.lead {
        case .department(let code): (leadKind, leadDepartment) = ("department", code)
        case .street: (leadKind, leadDepartment) = ("street", nil)
        case .community: (leadKind, leadDepartment) = ("community", nil)
        }
        assisting = item.assisting.joined(separator: ",")
        limitValue = item.timeLimit.value
        limitUnit = item.timeLimit.unit.rawValue
        selfHandle = item.selfHandleAllowed
        duplicateRadiusM = item.duplicateRule.radiusMetres
        duplicateWindowDays = item.duplicateRule.windowDays
    }

    var item: CatalogItem {
        let lead: LeadParty =
            switch leadKind {
            case "department": .department(code: leadDepartment ?? "")
            case "community": .community
            default: .street
            }
        return CatalogItem(
            code: code, kind: CaseClassKind(rawValue: kind) ?? .event, majorCode: majorCode, majorName: majorName,
            minorCode: minorCode, name: name, responsibility: Responsibility(rawValue: responsibility) ?? .streetLed,
            lead: lead, assisting: assisting.split(separator: ",").map(String.init),
            timeLimit: TimeLimit(limitValue, TimeLimit.Unit(rawValue: limitUnit) ?? .workingDays),
            selfHandleAllowed: selfHandle,
            duplicateRule: DuplicateRule(radiusMetres: duplicateRadiusM, windowDays: duplicateWindowDays))
    }
}

/// The responsibility catalogue (权责清单) of each street.
public struct CatalogStore: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    public func items(streetID: Int64) async throws -> [CatalogItem] {
        try await database.read { sql in
            try await sql.select().columns("*").from("catalog_items").where("street_id", .equal, streetID)
                .orderBy("code").rows(CatalogRow.self).map(\.item)
        }
    }

    public func item(streetID: Int64, code: String) async throws -> CatalogItem? {
        try await database.read { sql in
            try await Self.item(sql, streetID: streetID, code: code)
        }
    }

    static func item(_ sql: any SQLDatabase, streetID: Int64, code: String) async throws -> CatalogItem? {
        try await sql.select().columns("*").from("catalog_items").where("street_id", .equal, streetID)
            .where("code", .equal, code).row(CatalogRow.self)?.item
    }

    /// Writes a whole catalogue for a street.
    static func insert(_ sql: any SQLDatabase, streetID: Int64, items: [CatalogItem]) async throws {
        for item in items {
            try await sql.insertRow(into: "catalog_items", CatalogRow(streetID: streetID, item: item))
        }
    }
}

extension CatalogRow: ColumnDecodable {
    init(columns r: any SQLRow) throws {
        id = try r.decode(column: "id", as: Int64.self)
        streetId = try r.decode(column: "street_id", as: Int64.self)
        code = try r.decode(column: "code", as: String.self)
        kind = try r.decode(column: "kind", as: String.self)
        majorCode = try r.decode(column: "major_code", as: String.self)
        majorName = try r.decode(column: "major_name", as: String.self)
        minorCode = try r.decode(column: "minor_code", as: String.self)
        name = try r.decode(column: "name", as: String.self)
        responsibility = try r.decode(column: "responsibility", as: String.self)
        leadKind = try r.decode(column: "lead_kind", as: String.self)
        leadDepartment = try r.optional("lead_department")
        assisting = try r.decode(column: "assisting", as: String.self)
        limitValue = try r.decode(column: "limit_value", as: Int.self)
        limitUnit = try r.decode(column: "limit_unit", as: String.self)
        selfHandle = try r.decode(column: "self_handle", as: Bool.self)
        duplicateRadiusM = try r.decode(column: "duplicate_radius_m", as: Double.self)
        duplicateWindowDays = try r.decode(column: "duplicate_window_days", as: Int.self)
    }
}
