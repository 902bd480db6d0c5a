import Foundation

/// The points feature's events.
public enum PointsEvent {
    public static let earned = EventKind("points.earned")
    public static let reversed = EventKind("points.reversed")
    public static let adjusted = EventKind("points.adjusted")
    public static let redeemed = EventKind("points.redeemed")
    public static let fulfilled = EventKind("points.fulfilled")
    public static let expired = EventKind("points.expired")
    public static let cancelled = EventKind("points.cancelled")
    public static let claimed = EventKind("points.claimed")
    /// An earning the budget could not pay (the centre is told to fund it).
    public static let unfunded = EventKind("points.unfunded")
}

/// What a points event carries: whose points, how many and why; for a redemption its item and code's
/// last characters never the whole code (events travel to webhooks).
public struct PointsFacts: Sendable, Hashable, Codable {
    public var holder: String
    public var amount: Int
    public var reason: String
    public var itemName: String?
    public var communityID: Int64?

    public init(holder: String, amount: Int, reason: String, itemName: String? = nil, communityID: Int64? = nil) {
        self.holder = holder
        self.amount = amount
        self.reason = reason
        self.itemName = itemName
        self.communityID = communityID
    }
}

/// Who hears of points: the person of their earnings, reversals and redemptions' ends; the command
/// centre of an empty budget.
public enum PointsNotices {
    public static func plan(_ kind: EventKind, _ f: PointsFacts, streetID: Int64) -> [(
        recipient: String, kind: String, message: String
    )] {
        switch kind {
        case PointsEvent.earned: [(f.holder, "points_earned", "获得 \(f.amount) 积分：\(f.reason)")]
        case PointsEvent.reversed: [(f.holder, "points_reversed", "撤销 \(f.amount) 积分：\(f.reason)")]
        case PointsEvent.adjusted: [(f.holder, "points_adjusted", "积分调整 \(f.amount)：\(f.reason)")]
        case PointsEvent.expired:
            [(f.holder, "redemption_expired", "兑换的「\(f.itemName ?? "")」未在期限内领取，\(f.amount) 积分已退回")]
        case PointsEvent.fulfilled: [(f.holder, "redemption_fulfilled", "已领取「\(f.itemName ?? "")」，使用 \(f.amount) 积分")]
        case PointsEvent.unfunded:
            [
                (
                    Recipient.role(.commandCentre, in: .street(streetID)).key, "points_unfunded",
                    "积分预算不足，未能发放 \(f.amount) 积分（\(f.reason)），请补充预算"
                )
            ]
        default: []
        }
    }
}
