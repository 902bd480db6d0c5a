import Foundation
import GridHubCore
import SQLKit

/// Writes one street's organisation — communities, grids, buildings, departments, the standard
/// catalogue and the staff — in the caller's transaction (a new street, the demo street, a generated city).
public enum StreetWriter {
    /// What was written, by the plan's indexes.
    public struct Written: Sendable {
        public var street: Street
        public var communityIDs: [Int64] = []
        public var grids: [Grid] = []
        public var departmentIDs: [String: Int64] = [:]
        public var accounts: [String: (id: Int64, role: Role, name: String)] = [:]
        public var units = 0
    }

    public static func write(
        street s: Street, communities: [CommunityPlan], grids: [GridPlan],
        buildings: [BuildingPlan], accounts: [AccountPlan], passwordHash: String, created: Date,
        _ sql: any SQLDatabase
    ) async throws -> Written {
        let streetID = try await sql.insertReturningID(
            into: "streets",
            StreetRow(
                code: s.code, name: s.name, districtName: s.districtName, cityName: s.cityName,
                trackingPrefix: s.trackingPrefix, jurisdiction: s.jurisdiction))
        var street = s
        street.id = streetID
        var w = Written(street: street)
        for c in communities {
            w.communityIDs.append(
                try await sql.insertReturningID(into: "communities", CommunityRow(streetId: streetID, code: c.code, name: c.name))
            )
        }
        for g in grids {
            let communityID = w.communityIDs[g.communityIndex]
            let id = try await sql.insertReturningID(
                into: "grids",
                GridRow(streetID: streetID, communityID: communityID, code: g.code, name: g.name, boundary: g.boundary))
            w.grids.append(
                Grid(id: id, streetID: streetID, communityID: communityID, code: g.code, name: g.name, boundary: g.boundary))
        }
        for b in buildings {
            let id = try await sql.insertReturningID(
                into: "buildings",
                BuildingRow(
                    streetId: streetID, gridId: w.grids[b.gridIndex].id, name: b.name, lat: b.location.lat,
                    lon: b.location.lon, floors: b.floors))
            for unit in b.units {
                try await sql.insertRow(into: "units", UnitRow(buildingId: id, name: unit))
                w.units += 1
            }
        }
        for d in StandardCatalog.departments {
            w.departmentIDs[d.code] = try await sql.insertReturningID(
                into: "departments", DepartmentRow(streetId: streetID, code: d.code, name: d.name, stationed: d.stationed))
        }
        try await CatalogStore.insert(sql, streetID: streetID, items: StandardCatalog.items)
        for a in accounts {
            let id = try await AccountStore.create(
                sql,
                NewAccount(
                    username: a.username, displayName: a.displayName, passwordHash: passwordHash, role: a.role,
                    streetID: streetID, communityID: a.communityIndex.map { w.communityIDs[$0] },
                    departmentID: a.departmentCode.flatMap { w.departmentIDs[$0] },
                    gridIDs: a.role == .gridWorker ? a.gridIndexes.map { w.grids[$0].id } : []),
                now: created)
            w.accounts[a.username] = (id, a.role, a.displayName)
        }
        return w
    }
}

extension StreetWriter.Written {
    /// The staff as principals, for replaying history through the workflow.
    public func principals(_ plan: [AccountPlan]) -> [String: Principal] {
        var people = [String: Principal]()
        for a in plan where a.role.isStaff {
            guard let id = accounts[a.username]?.id else { continue }
            people[a.username] = Principal(
                accountID: id, username: a.username, role: a.role, streetID: street.id,
                communityID: a.communityIndex.map { communityIDs[$0] },
                departmentID: a.departmentCode.flatMap { departmentIDs[$0] },
                gridIDs: a.role == .gridWorker ? a.gridIndexes.map { grids[$0].id } : [])
        }
        return people
    }
}
