import Foundation
import GridHubCore
import SQLKit

extension CanteenStore {
    /// A day's counts for each meal served.
    public func counts(communityID: Int64, day: CivilDate, by principal: Principal) async throws -> [MealCounts] {
        let community = try community(communityID)
        try principal.require(.canteenManage, on: Place(streetID: community.streetID, communityID: communityID))
        return try await database.read { sql in
            let orders = try await sql.select().columns("*").from("meal_orders").where("community_id", .equal, communityID)
                .where("day", .equal, day.description).rows(OrderRow.self)
            return Meal.allCases.compactMap { meal in
                let of = orders.filter { $0.meal == meal.rawValue }
                guard !of.isEmpty else { return nil }
                let taken = of.filter { $0.state != "cancelled" }
                let charged = taken.filter { $0.state != "missed" }
                return MealCounts(
                    day: day, meal: meal, ordered: taken.count, eatIn: taken.filter { !$0.delivery }.count,
                    delivery: taken.filter(\.delivery).count, delivered: of.filter { $0.state == "delivered" }.count,
                    missed: of.filter { $0.state == "missed" }.count, cancelled: of.filter { $0.state == "cancelled" }.count,
                    paidFen: charged.reduce(0) { $0 + $1.priceFen },
                    subsidyFen: charged.reduce(0) { $0 + $1.standardFen - $1.priceFen })
            }
        }
    }

    /// A resident's month (`2026-11`): meals taken (a missed delivery is not charged), paid and subsidy.
    public func statement(residentID: Int64, month: String, by principal: Principal) async throws -> MealStatement {
        guard month.count == 7, let first = CivilDate(text: month + "-01") else {
            throw GridHubError(.unprocessable, "invalid_month", "A month is YYYY-MM.")
        }
        return try await database.read { sql in
            guard let row = try await registry.residentRow(sql, residentID) else { throw GridHubError.notFound("resident") }
            let community = try community(row.communityId)
            let manages = principal.can(.canteenManage, on: Place(streetID: community.streetID, communityID: row.communityId))
            let allowed = manages ? true : try await Self.mayOrder(sql, principal, row)
            guard allowed else { throw GridHubError.notFound("resident") }
            let orders = try await sql.select().columns("*").from("meal_orders").where("resident_id", .equal, residentID)
                .where("day", .greaterThanOrEqual, first.description).where("day", .lessThan, month + "-99")
                .where("state", .notEqual, "cancelled").orderBy("day").orderBy("meal").rows(OrderRow.self)
            let lines = orders.compactMap { o -> MealStatement.Line? in
                guard let day = CivilDate(text: o.day), let meal = Meal(rawValue: o.meal) else { return nil }
                let charged = o.state != "missed"
                return MealStatement.Line(
                    day: day, meal: meal, state: o.state, priceFen: charged ? o.priceFen : 0,
                    subsidyFen: charged ? o.standardFen - o.priceFen : 0)
            }
            return MealStatement(
                residentID: residentID, name: row.name, month: month, lines: lines,
                meals: lines.filter { $0.state != "missed" }.count,
                paidFen: lines.reduce(0) { $0 + $1.priceFen }, subsidyFen: lines.reduce(0) { $0 + $1.subsidyFen })
        }
    }

    /// A resident's orders from `day` on (for them, or whoever orders for them).
    public func orders(residentID: Int64, from day: CivilDate, by principal: Principal) async throws -> [MealOrderView] {
        try await database.read { sql in
            guard let row = try await registry.residentRow(sql, residentID), try await Self.mayOrder(sql, principal, row) else {
                throw GridHubError.notFound("resident")
            }
            let orders = try await sql.select().columns("*").from("meal_orders").where("resident_id", .equal, residentID)
                .where("day", .greaterThanOrEqual, day.description).orderBy("day").orderBy("meal").limit(100).rows(OrderRow.self)
            return try await views(sql, orders)
        }
    }
}
