import Foundation

/// Where a redeemed item is collected (领取地点).
public enum PickupPlace: String, Sendable, Codable, CaseIterable {
    /// The community's points supermarket (积分超市).
    case shop
    /// The community's elderly canteen (长者食堂).
    case canteen

    public var chineseName: String {
        switch self {
        case .shop: "积分超市"
        case .canteen: "长者食堂"
        }
    }
}

/// An item of the points shop as staff set it up (积分超市商品).
public struct ShopItemInput: Codable, Sendable, Hashable {
    public var name: String
    public var description: String?
    /// Points per piece, 1–100,000.
    public var price: Int
    /// Pieces on the shelf, 0–1,000,000.
    public var stock: Int
    /// Pieces one person may redeem in a month; nil for no limit.
    public var monthlyLimit: Int?
    public var startsOn: CivilDate?
    public var endsOn: CivilDate?
    public var pickup: PickupPlace
    public var active: Bool

    public init(
        name: String, description: String? = nil, price: Int, stock: Int, monthlyLimit: Int? = nil, startsOn: CivilDate? = nil,
        endsOn: CivilDate? = nil, pickup: PickupPlace = .shop, active: Bool = true
    ) {
        self.name = name
        self.description = description
        self.price = price
        self.stock = stock
        self.monthlyLimit = monthlyLimit
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.pickup = pickup
        self.active = active
    }

    /// Trimmed and checked, or a 422 naming the field.
    public func validated() throws -> ShopItemInput {
        var item = self
        item.name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        item.description = description?.trimmingCharacters(in: .whitespacesAndNewlines)
        if item.description?.isEmpty == true { item.description = nil }
        guard (1...40).contains(item.name.count) else {
            throw GridHubError(.unprocessable, "invalid_name", "An item's name is 1–40 characters.")
        }
        guard (item.description?.count ?? 0) <= 200 else {
            throw GridHubError(.unprocessable, "invalid_description", "A description is at most 200 characters.")
        }
        guard (1...100_000).contains(price) else {
            throw GridHubError(.unprocessable, "invalid_price", "'price' is 1–100000 points.")
        }
        guard (0...1_000_000).contains(stock) else {
            throw GridHubError(.unprocessable, "invalid_stock", "'stock' is 0–1000000.")
        }
        if let limit = monthlyLimit, !(1...100).contains(limit) {
            throw GridHubError(.unprocessable, "invalid_monthly_limit", "'monthly_limit' is 1–100, or null for none.")
        }
        if let s = startsOn, let e = endsOn, e < s {
            throw GridHubError(.unprocessable, "invalid_dates", "'ends_on' is on or after 'starts_on'.")
        }
        return item
    }

    /// Whether it can be redeemed on `day`.
    public func onSale(_ day: CivilDate) -> Bool {
        active && (startsOn.map { $0 <= day } ?? true) && (endsOn.map { day <= $0 } ?? true)
    }
}

/// Checks on one redemption, before anything is written.
public enum Redemption {
    /// 1–10 pieces in one go.
    public static let quantities = 1...10

    public static func checkQuantity(_ quantity: Int) throws {
        guard quantities.contains(quantity) else {
            throw GridHubError(.unprocessable, "invalid_quantity", "'quantity' is 1–10.")
        }
    }

    /// The points a redemption holds; nil when it would not fit the ledger's bounds.
    public static func cost(price: Int, quantity: Int) -> Int? {
        let (total, overflow) = price.multipliedReportingOverflow(by: quantity)
        return overflow || total > 1_000_000 ? nil : total
    }
}

extension Principal {
    /// Whether they may hand out an item collected at `pickup` in `place` (核销): community staff at either
    /// counter, the canteen's staff at the canteen's only.
    public func mayFulfil(at pickup: PickupPlace, in place: Place) -> Bool {
        grants.contains { $0.allows(.pointsFulfil, on: place) && ($0.role != .canteenStaff || pickup == .canteen) }
    }
}

/// Where a redemption stands: held at the counter until it is collected, expires or is cancelled — once.
public enum RedemptionState: String, Sendable, Codable, CaseIterable {
    case held, fulfilled, expired, cancelled

    /// The end the entry that settles a hold brings (fulfil, expire, cancel); nil for any other kind.
    public init?(ending kind: PointsEntryKind) {
        switch kind {
        case .fulfil: self = .fulfilled
        case .expire: self = .expired
        case .cancel: self = .cancelled
        case .fund, .earn, .reverse, .adjust, .claim, .redeem: return nil
        }
    }

    /// The event that tells of the end.
    public var event: EventKind? {
        switch self {
        case .held: nil
        case .fulfilled: PointsEvent.fulfilled
        case .expired: PointsEvent.expired
        case .cancelled: PointsEvent.cancelled
        }
    }

    /// 409 unless the redemption is still held.
    public func requireHeld() throws {
        guard self == .held else {
            throw GridHubError(.conflict, "already_\(rawValue)", "This redemption was \(rawValue) already.")
        }
    }
}
