import Foundation

/// A special group (重点人群) a resident belongs to. Each has its own rules: 高龄 is never set by hand but
/// follows from the birth date; 重点关注 needs a reason; groups decide visits and canteen prices.
public enum ResidentTag: String, Sendable, Codable, CaseIterable {
    /// 独居老人: an elderly person living alone.
    case livingAlone = "living_alone"
    /// 空巢老人: elderly whose children live elsewhere.
    case emptyNest = "empty_nest"
    /// 高龄: 80 and over, derived from the birth date.
    case aged80 = "aged_80"
    /// 残疾人.
    case disabled
    /// 低保户: on the minimum living allowance.
    case lowIncome = "low_income"
    /// 优抚对象: veterans and martyrs' families.
    case entitled
    /// 留守儿童: a child whose parents work elsewhere.
    case leftBehindChild = "left_behind_child"
    /// 重点关注: watched for a reason the community writes down.
    case focus

    public var chineseName: String {
        switch self {
        case .livingAlone: "独居老人"
        case .emptyNest: "空巢老人"
        case .aged80: "高龄"
        case .disabled: "残疾人"
        case .lowIncome: "低保户"
        case .entitled: "优抚对象"
        case .leftBehindChild: "留守儿童"
        case .focus: "重点关注"
        }
    }

    /// The age from which a resident is 高龄.
    public static let agedFrom = 80

    /// A tag by its code or its Chinese name.
    public init?(text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let tag = Self(rawValue: t) ?? Self.allCases.first(where: { $0.chineseName == t }) else { return nil }
        self = tag
    }

    /// The tags a resident holds: those set by hand (never 高龄) and 高龄 when their age says so.
    public static func effective(_ set: Set<ResidentTag>, birthDate: CivilDate?, today: CivilDate) -> Set<ResidentTag> {
        var tags = set
        tags.remove(.aged80)
        if let birthDate, birthDate.years(to: today) >= agedFrom { tags.insert(.aged80) }
        return tags
    }

    /// Tags as a request names them (codes or Chinese names), checked: 422 for an unknown one, for 高龄
    /// set by hand, and for 重点关注 without a reason.
    public static func validated(_ texts: [String], focusReason: String?) throws -> Set<ResidentTag> {
        guard texts.count <= 20 else {
            throw GridHubError(.unprocessable, "invalid_tag", "A resident is in at most 20 groups as sent.")
        }
        var tags: Set<ResidentTag> = []
        for text in texts where !text.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let tag = ResidentTag(text: text) else {
                throw GridHubError(
                    .unprocessable, "invalid_tag",
                    "'\(text)' is not a group: use \(allCases.map(\.chineseName).joined(separator: "、")).")
            }
            tags.insert(tag)
        }
        tags.remove(.aged80)  // follows from the birth date
        if tags.contains(.focus), (focusReason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw GridHubError(.unprocessable, "focus_reason_missing", "重点关注 needs a reason (focus_reason).")
        }
        return tags
    }
}
