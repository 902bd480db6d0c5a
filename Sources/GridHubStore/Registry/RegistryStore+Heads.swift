import Foundation
import GridHubCore
import SQLKit

extension RegistryStore {
    /// Posts an account holding the building-head (or unit-head) role to a building (or one unit of
    /// it): community staff of the building's community, or the centre.
    public func post(
        accountID: Int64, role: Role, buildingID: Int64, unitID: Int64?, by principal: Principal, now: Date = Date()
    ) async throws -> HeadPost {
        guard role == .buildingHead || role == .unitHead else {
            throw GridHubError(.unprocessable, "invalid_role", "Heads are building_head or unit_head.")
        }
        if role == .unitHead, unitID == nil {
            throw GridHubError(.unprocessable, "unit_required", "A unit head is posted to a unit (unit_id).")
        }
        return try await database.write { sql in
            guard let b = try await sql.select().columns("grid_id").from("buildings").where("id", .equal, buildingID).first(),
                let grid = directory.current.grids[try b.decode(column: "grid_id", as: Int64.self)]
            else { throw GridHubError.notFound("building") }
            try principal.require(
                .residentImport, on: Place(streetID: grid.streetID, communityID: grid.communityID, gridID: grid.id))
            if let unitID {
                let unit = try await sql.select().column("id").from("units").where("id", .equal, unitID)
                    .where("building_id", .equal, buildingID).first()
                guard unit != nil else { throw GridHubError.notFound("unit \(unitID) of building \(buildingID)") }
            }
            let row = try await sql.select().columns("*").from("accounts").where("id", .equal, accountID).row(AccountRow.self)
            let account = try await row.asyncMap { try await AccountStore.account(sql, $0, accountID) }
            guard let account, account.principal.holds(role) else {
                throw GridHubError(.unprocessable, "not_a_head", "Account \(accountID) does not hold the \(role.rawValue) role.")
            }
            try await sql.delete(from: "head_posts").where("account_id", .equal, accountID).where("role", .equal, role.rawValue)
                .where("building_id", .equal, buildingID).run()
            try await sql.insert(into: "head_posts").columns("account_id", "role", "building_id", "unit_id", "created_at")
                .values(
                    SQLBind(accountID), SQLBind(role.rawValue), SQLBind(buildingID), SQLBind(unitID),
                    SQLBind(StoredTime.millis(now))
                )
                .run()
            return HeadPost(role: role, buildingID: buildingID, unitID: unitID)
        }
    }

    /// Posts many heads in one transaction (the demo's 1,417), each as ``post(accountID:role:buildingID:unitID:by:now:)`` would.
    public func postAll(_ posts: [(accountID: Int64, post: HeadPost)], by principal: Principal, now: Date = Date()) async throws {
        try await database.write { sql in
            for (account, p) in posts {
                guard
                    let b = try await sql.select().columns("grid_id").from("buildings").where("id", .equal, p.buildingID).first(),
                    let grid = directory.current.grids[try b.decode(column: "grid_id", as: Int64.self)]
                else { throw GridHubError.notFound("building") }
                try principal.require(
                    .residentImport, on: Place(streetID: grid.streetID, communityID: grid.communityID, gridID: grid.id))
                try await sql.insert(into: "head_posts").columns("account_id", "role", "building_id", "unit_id", "created_at")
                    .values(
                        SQLBind(account), SQLBind(p.role.rawValue), SQLBind(p.buildingID), SQLBind(p.unitID),
                        SQLBind(StoredTime.millis(now))
                    )
                    .run()
            }
        }
    }

    /// The posts of the signed-in head.
    public func posts(of principal: Principal) async throws -> [HeadPost] {
        try await database.read { sql in try await Self.posts(sql, accountID: principal.accountID) }
    }

    /// Links a resident's record to their own account (so they may order their meals and read their
    /// statement); nil unlinks. Staff and heads whose scope holds the household.
    public func link(residentID: Int64, accountID: Int64?, by principal: Principal) async throws {
        try await database.write { sql in
            guard let row = try await residentRow(sql, residentID, lock: true) else { throw GridHubError.notFound("resident") }
            try await Self.scope(sql, principal, .residentWrite).require(row.place, "resident")
            try await sql.update("residents").set("account_id", to: accountID).where("id", .equal, residentID).run()
        }
    }

    /// The records linked to the signed-in account (a resident ordering for themselves).
    public func own(by principal: Principal, now: Date = Date()) async throws -> [ResidentView] {
        try await database.read { sql in
            let rows = try await sql.select().columns("*").from("residents").where("account_id", .equal, principal.accountID)
                .where("moved_out", .is, SQLLiteral.null).rows(ResidentRow.self)
            return try await views(
                sql, rows, rooms: try await Self.rooms(sql, Set(rows.map(\.householdId))), today: CivilDate(now))
        }
    }
}
