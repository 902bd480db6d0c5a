import Foundation
import GridHubCore
import GridHubStore
import HTTPTypes
import Hummingbird

/// The elderly canteen (助餐送餐): settings, menus, orders, the delivery list and confirmations, the day's
/// counts and a resident's month.
struct CanteenController {
    let canteen: CanteenStore
    let photos: PhotoStore

    func addRoutes(to group: some RouterMethods<AppRequestContext>) {
        group.get("canteen/settings", use: settings)
        group.put("canteen/settings", use: setSettings)
        group.get("canteen/menu", use: menu)
        group.put("canteen/menu", use: setMenu)
        group.post("canteen/orders", use: order)
        group.post("canteen/orders/:id/cancel", use: cancel)
        group.post("canteen/orders/:id/delivered", use: delivered)
        group.get("canteen/deliveries", use: deliveries)
        group.get("canteen/counts", use: counts)
        group.get("residents/:id/meals", use: meals)
        group.get("residents/:id/meals/statement", use: statement)
    }

    static func community(_ request: Request, _ principal: Principal) throws -> Int64 {
        try RegistryController.community(request, principal)
    }

    static func day(_ raw: String?, _ name: String = "day") throws -> CivilDate? {
        guard let raw else { return nil }
        guard let day = CivilDate(text: raw), (2000...2100).contains(day.year) else {
            throw GridHubError(.unprocessable, "invalid_\(name)", "'\(name)' is a day like 2026-11-30, from 2000 to 2100.")
        }
        return day
    }

    @Sendable func settings(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<CanteenSettings> {
        let principal = try context.requirePrincipal()
        return JSONResponse(try await canteen.settings(communityID: try Self.community(request, principal)))
    }

    struct SettingsBody: Decodable {
        var communityID: Int64?
        var settings: CanteenSettings
    }

    @Sendable func setSettings(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<CanteenSettings> {
        let principal = try context.requirePrincipal()
        let b = try await request.decode(as: SettingsBody.self, context: context)
        guard let community = b.communityID ?? principal.communityID else {
            throw GridHubError(.unprocessable, "community_required", "Name the community (community_id).")
        }
        try await canteen.setSettings(b.settings, communityID: community, by: principal)
        return JSONResponse(try await canteen.settings(communityID: community))
    }

    /// `from` (default today) for `days` (1–31, default 7).
    @Sendable func menu(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[CanteenStore.MenuDay]> {
        let principal = try context.requirePrincipal()
        let from = try Self.day(try request.query("from"), "from") ?? CivilDate(Date())
        let days = try PageWindow.whole(try request.query("days"), "days", in: 1...31) ?? 7
        return JSONResponse(try await canteen.menu(communityID: try Self.community(request, principal), from: from, days: days))
    }

    struct MenuBody: Decodable {
        var communityID: Int64?
        var day: String
        var meal: Meal
        var dishes: [String]
    }

    @Sendable func setMenu(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[CanteenStore.MenuDay]> {
        let principal = try context.requirePrincipal()
        let b = try await request.decode(as: MenuBody.self, context: context)
        guard let community = b.communityID ?? principal.communityID, let day = try Self.day(b.day) else {
            throw GridHubError(.unprocessable, "community_required", "Name the community (community_id).")
        }
        try await canteen.setMenu(communityID: community, day: day, meal: b.meal, dishes: b.dishes, by: principal)
        return JSONResponse(try await canteen.menu(communityID: community, from: day, days: 1))
    }

    struct OrderBody: Decodable {
        var residentID: Int64
        var day: String
        var meal: Meal?
        var delivery: Bool?
    }

    @Sendable func order(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<MealOrderView> {
        let principal = try context.requirePrincipal()
        let b = try await request.decode(as: OrderBody.self, context: context)
        guard b.residentID > 0 else { throw GridHubError.notFound("resident") }
        guard let day = try Self.day(b.day) else { throw GridHubError.missing("day") }
        return JSONResponse(
            try await canteen.order(
                residentID: b.residentID, day: day, meal: b.meal ?? .lunch, delivery: b.delivery ?? false, by: principal),
            status: .created)
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<MealOrderView> {
        JSONResponse(try await canteen.cancel(try context.parameters.id("id", of: "order"), by: try context.requirePrincipal()))
    }

    struct DeliveredBody: Decodable {
        var confirmation: String
        var note: String?
    }

    /// JSON, or a form with `confirmation`, `note` and a photo.
    @Sendable func delivered(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<MealOrderView> {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.id("id", of: "order")
        let body: DeliveredBody
        var uploads = [[UInt8]]()
        if let form = try await request.multipartForm() {
            guard let how = form.fields["confirmation"] else {
                throw GridHubError(.badRequest, "bad_request", "A confirmation form needs 'confirmation'.")
            }
            body = DeliveredBody(confirmation: how, note: form.fields["note"])
            uploads = form.files
        } else {
            body = try await request.decode(as: DeliveredBody.self, context: context)
        }
        let stored = try await photos.saveAll(uploads)
        return JSONResponse(try await canteen.confirm(id, how: body.confirmation, note: body.note, photos: stored, by: principal))
    }

    @Sendable func deliveries(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<DeliveryList> {
        let principal = try context.requirePrincipal()
        let meal = try (request.query("meal") as String?).map { raw in
            guard let m = Meal(rawValue: raw) else { throw GridHubError.invalid("meal", "'meal' is lunch or dinner.") }
            return m
        }
        return JSONResponse(
            try await canteen.deliveries(
                communityID: try Self.community(request, principal),
                day: try Self.day(try request.query("day")) ?? CivilDate(Date()),
                meal: meal ?? .lunch, by: principal))
    }

    @Sendable func counts(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[MealCounts]> {
        let principal = try context.requirePrincipal()
        return JSONResponse(
            try await canteen.counts(
                communityID: try Self.community(request, principal),
                day: try Self.day(try request.query("day")) ?? CivilDate(Date()),
                by: principal))
    }

    @Sendable func meals(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[MealOrderView]> {
        let principal = try context.requirePrincipal()
        let from = try Self.day(try request.query("from"), "from") ?? CivilDate(Date())
        return JSONResponse(
            try await canteen.orders(residentID: try context.parameters.id("id", of: "resident"), from: from, by: principal))
    }

    /// `month` YYYY-MM (default this month).
    @Sendable func statement(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<MealStatement> {
        let principal = try context.requirePrincipal()
        let month: String = try request.query("month") ?? String(CivilDate(Date()).description.prefix(7))
        return JSONResponse(
            try await canteen.statement(residentID: try context.parameters.id("id", of: "resident"), month: month, by: principal))
    }
}
