import Foundation
import GridHubCore

/// One line of a statement: how the entry moved this holder's available points (`change`, signed) and
/// their points on hold (`held_change`).
public struct PointsLine: Sendable, Hashable, Codable {
    public var id: Int64
    public var at: Date
    public var kind: PointsEntryKind
    public var kindName: String
    public var reason: String
    public var amount: Int64
    public var change: Int64
    public var heldChange: Int64
    public var subject: String?
}

/// `GET /me/points`: the balance, what is on hold, and the latest lines.
public struct PointsSummary: Sendable, Hashable, Codable {
    public var holder: String
    public var available: Int64
    public var held: Int64
    public var earnedToday: Int64
    public var dailyCap: Int
    public var lines: [PointsLine]
}

/// A person's month: opening and closing balance and every line between (opening + Σ changes = closing).
public struct PointsStatement: Sendable, Hashable, Codable {
    public var holder: String
    public var month: String
    public var opening: Int64
    public var closing: Int64
    public var lines: [PointsLine]
}

/// One entry of the street's ledger (audit).
public struct LedgerEntry: Sendable, Hashable, Codable {
    public var id: Int64
    public var at: Date
    public var debit: String
    public var credit: String
    public var amount: Int64
    public var phase: PointsPhase
    public var kind: PointsEntryKind
    public var reason: String
    public var subject: String?
    public var source: String?
    public var resolves: Int64?
    public var actorAccountID: Int64?
}

/// The street's points month (积分月报): what was issued, taken back, redeemed, expired; what is held
/// and in the budget now; the month's top earners; and the check that the books balance.
public struct PointsMonth: Sendable, Hashable, Codable {
    public struct Earner: Sendable, Hashable, Codable {
        public var holder: String
        public var name: String
        public var earned: Int64
    }
    public var month: String
    public var funded: Int64
    public var earned: Int64
    public var reversed: Int64
    public var adjusted: Int64
    public var redeemed: Int64
    public var fulfilled: Int64
    public var expired: Int64
    public var cancelled: Int64
    public var budget: Int64
    public var balances: Int64
    public var held: Int64
    public var shop: Int64
    /// Everything the street has issued into its budget (the mint's overdraft).
    public var issued: Int64
    /// budget + Σ balances + Σ held + shop == issued.
    public var balanced: Bool
    public var topEarners: [Earner]
}

/// An item of the shop as residents and staff see it.
public struct ShopItemView: Sendable, Hashable, Codable {
    public var id: Int64
    public var communityID: Int64
    public var communityName: String
    public var name: String
    public var description: String?
    public var price: Int
    public var stock: Int
    public var monthlyLimit: Int?
    public var startsOn: CivilDate?
    public var endsOn: CivilDate?
    public var pickup: PickupPlace
    public var pickupName: String
    public var active: Bool
    public var onSale: Bool
    public var photos: [String]
}

/// A redemption: its pickup code (shown whole only to its holder and the counter), item, points and state.
public struct RedemptionView: Sendable, Hashable, Codable {
    public var id: Int64
    public var code: String
    public var itemID: Int64
    public var itemName: String
    public var communityID: Int64
    public var pickup: PickupPlace
    public var pickupName: String
    public var quantity: Int
    public var amount: Int64
    public var state: RedemptionState
    public var holder: String
    public var holderName: String
    public var createdAt: Date
    public var expiresAt: Date
    public var resolvedAt: Date?
    /// The code as a QR code (SVG) for the counter to scan.
    public var qrSvg: String?
}
