import Foundation

/// Whose points an account of the ledger holds (积分账户). A person's is their GridHub account or, for a
/// rider who reports without signing up, their device; the street has three of its own: the mint
/// (whatever the street has ever issued, the one account that may go below zero), the budget the
/// street has set aside, and the shop that receives what is spent.
public enum PointsHolder: Hashable, Sendable {
    case account(Int64)
    case device(String)
    case mint, budget, shop

    /// As stored, the same key a notice uses for a person: `account:7`, `device:rider-1`, `budget`.
    public var key: String {
        switch self {
        case .account(let id): Recipient.account(id).key
        case .device(let id): Recipient.device(id).key
        case .mint: "mint"
        case .budget: "budget"
        case .shop: "shop"
        }
    }

    public init?(key: String) {
        switch key {
        case "mint": self = .mint
        case "budget": self = .budget
        case "shop": self = .shop
        default:
            if key.hasPrefix("account:"), let id = Int64(key.dropFirst(8)), id > 0 {
                self = .account(id)
            } else if key.hasPrefix("device:"), key.count > 7 {
                self = .device(String(key.dropFirst(7)))
            } else {
                return nil
            }
        }
    }

    /// Only the mint may be overdrawn: every other balance stays at zero or above.
    public var mayGoNegative: Bool { self == .mint }
    public var isPerson: Bool {
        switch self {
        case .account, .device: true
        case .mint, .budget, .shop: false
        }
    }
}

/// Why points moved: every entry of the ledger has one, and a statement shows it.
public enum PointsEntryKind: String, Sendable, Codable, CaseIterable {
    /// The street puts points into its budget (mint → budget).
    case fund
    /// Earned by a rule (budget → person).
    case earn
    /// An earning taken back: the report was false, or a duplicate of one's own (person → budget).
    case reverse
    /// A correction by the command centre, with its reason (either way).
    case adjust
    /// A rider's device points moved to the account they signed up with.
    case claim
    /// Points held for a redemption until it is collected (person → shop, pending).
    case redeem
    /// The redemption collected at the counter (核销): the hold is posted.
    case fulfil
    /// The redemption not collected in time: the hold is voided and the points return.
    case expire
    /// The resident cancelled the redemption before collecting it: the hold is voided.
    case cancel

    public var chineseName: String {
        switch self {
        case .fund: "预算拨入"
        case .earn: "获得积分"
        case .reverse: "积分撤销"
        case .adjust: "人工调整"
        case .claim: "设备积分转入"
        case .redeem: "兑换冻结"
        case .fulfil: "兑换核销"
        case .expire: "兑换过期退回"
        case .cancel: "兑换取消退回"
        }
    }
}

/// How an entry moves points, after TigerBeetle: `posted` at once; `pending` reserves them (the debit
/// side's `held`) until exactly one `post` or `void` resolves it.
public enum PointsPhase: String, Sendable, Codable {
    case posted, pending, post, void
}
