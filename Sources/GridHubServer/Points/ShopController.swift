import Foundation
import GridHubCore
import GridHubStore
import Hummingbird

/// The points shop (积分超市): items, redemptions with their pickup codes, and the counter (核销).
struct ShopController {
    let shop: ShopStore
    let photos: PhotoStore

    func addRoutes(to group: some RouterMethods<AppRequestContext>) {
        group.get("shop/items", use: items)
        group.post("shop/items", use: create)
        group.get("shop/items/:id", use: item)
        group.put("shop/items/:id", use: update)
        group.post("shop/items/:id/redeem", use: redeem)
        group.get("shop/redemptions", use: counter)
        group.get("shop/redemptions/:code", use: lookup)
        group.post("shop/redemptions/:code/fulfil", use: fulfil)
        group.get("me/redemptions", use: mine)
        group.post("me/redemptions/:id/cancel", use: cancel)
    }

    /// `community_id` (default all of the street), `all=true` for staff to see items off sale too.
    @Sendable func items(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[ShopItemView]> {
        let principal = try context.requirePrincipal()
        let all: Bool = try request.query("all") ?? false
        return JSONResponse(
            try await shop.items(
                communityID: try RegistryController.id(request, "community_id"), all: all && principal.can(.shopManage),
                by: principal))
    }

    @Sendable func item(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<ShopItemView> {
        _ = try context.requirePrincipal()
        return JSONResponse(try await shop.item(try context.parameters.id("id", of: "item")))
    }

    struct ItemBody: Decodable {
        var communityID: Int64?
        var name: String
        var description: String?
        var price: Int
        var stock: Int
        var monthlyLimit: Int?
        var startsOn: String?
        var endsOn: String?
        var pickup: PickupPlace?
        var active: Bool?

        var input: ShopItemInput {
            get throws {
                ShopItemInput(
                    name: name, description: description, price: price, stock: stock, monthlyLimit: monthlyLimit,
                    startsOn: try CanteenController.day(startsOn, "starts_on"),
                    endsOn: try CanteenController.day(endsOn, "ends_on"),
                    pickup: pickup ?? .shop, active: active ?? true)
            }
        }
    }

    /// JSON, or a form with the same fields and a picture (`photo`).
    func body(_ request: Request, context: AppRequestContext) async throws -> (ItemBody, [StoredPhoto]) {
        guard let form = try await request.multipartForm() else {
            return (try checked(await request.decode(as: ItemBody.self, context: context)), [])
        }
        var fields: [String: Any] = [:]
        // A form has no null: an empty or "null" field is an absent one.
        for (key, value) in form.fields where !value.isEmpty && value != "null" && key != "photo" {
            switch key {
            case "price", "stock", "monthly_limit", "community_id":
                guard let n = Int64(value) else { throw GridHubError.invalid(key, "'\(key)' is a whole number.") }
                fields[key] = n
            case "active":
                guard value == "true" || value == "false" else { throw GridHubError.invalid(key, "'active' is true or false.") }
                fields[key] = value == "true"
            default: fields[key] = value
            }
        }
        let data = try JSONSerialization.data(withJSONObject: fields)
        guard let body = try? APIJSON.decoder().decode(ItemBody.self, from: data) else {
            throw GridHubError(.badRequest, "bad_request", "An item form needs name, price and stock.")
        }
        return (try checked(body), try await photos.saveAll(form.files))
    }

    /// What the schema bounds is a 400 before anything is written (the rules' own checks answer 422).
    private func checked(_ body: ItemBody) throws -> ItemBody {
        if let community = body.communityID, community < 1 {
            throw GridHubError.invalid("community_id", "'community_id' is a community's id (1 or more).")
        }
        return body
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<ShopItemView> {
        let principal = try context.requirePrincipal()
        guard principal.can(.shopManage) else { throw GridHubError.forbidden }
        let (b, stored) = try await body(request, context: context)
        guard let community = b.communityID ?? principal.communityID else {
            throw GridHubError(.unprocessable, "community_required", "Name the community (community_id).")
        }
        return JSONResponse(
            try await shop.create(try b.input, communityID: community, photos: stored, by: principal), status: .created)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<ShopItemView> {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.id("id", of: "item")
        let (b, stored) = try await body(request, context: context)
        return JSONResponse(try await shop.update(id, try b.input, photos: stored, by: principal))
    }

    struct RedeemBody: Decodable {
        var quantity: Int?
    }

    @Sendable func redeem(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<RedemptionView> {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.id("id", of: "item")
        // The body is optional: none redeems one piece.
        let bytes = try await request.body.collect(upTo: 4_096)
        var quantity = 1
        if bytes.readableBytes > 0 {
            guard let b = try? JSONDecoder().decode(RedeemBody.self, from: Data(bytes.readableBytesView)) else {
                throw GridHubError(.badRequest, "bad_request", "The body is JSON like {\"quantity\": 1}.")
            }
            quantity = b.quantity ?? 1
        }
        return JSONResponse(try await shop.redeem(itemID: id, quantity: quantity, by: principal), status: .created)
    }

    /// The counter's list: `community_id` (default one's own), `state` (held, fulfilled, expired, cancelled).
    @Sendable func counter(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[RedemptionView]> {
        let principal = try context.requirePrincipal()
        let state = try (request.query("state") as String?).map { raw in
            guard let state = RedemptionState(rawValue: raw) else {
                throw GridHubError.invalid("state", "'state' is held, fulfilled, expired or cancelled.")
            }
            return state
        }
        return JSONResponse(
            try await shop.counter(
                communityID: try RegistryController.community(request, principal), state: state,
                limit: try PageWindow.whole(try request.query("limit"), "limit", in: 1...200) ?? 50, by: principal))
    }

    @Sendable func lookup(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<RedemptionView> {
        let principal = try context.requirePrincipal()
        return JSONResponse(try await shop.lookup(code: context.parameters.get("code") ?? "", by: principal))
    }

    @Sendable func fulfil(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<RedemptionView> {
        let principal = try context.requirePrincipal()
        return JSONResponse(try await shop.fulfil(code: context.parameters.get("code") ?? "", by: principal))
    }

    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[RedemptionView]> {
        JSONResponse(try await shop.mine(by: try context.requirePrincipal()))
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<RedemptionView> {
        let principal = try context.requirePrincipal()
        return JSONResponse(try await shop.cancel(try context.parameters.id("id", of: "redemption"), by: principal))
    }
}
