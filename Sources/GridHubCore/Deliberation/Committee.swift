import Foundation

/// The committees under a residents' committee (居委会下设的委员会): five by default, renameable.
public enum CommitteeKind: String, Sendable, Codable, CaseIterable {
    /// 人民调解委员会: disputes between neighbours.
    case mediation
    /// 治安保卫委员会
    case security
    /// 公共卫生委员会
    case health
    /// 环境和物业管理委员会: roofs, drains, parking, greenery.
    case environment
    /// 社会福利委员会: the elderly, the disabled, families in need.
    case welfare

    public var defaultName: String {
        switch self {
        case .mediation: "人民调解委员会"
        case .security: "治安保卫委员会"
        case .health: "公共卫生委员会"
        case .environment: "环境和物业管理委员会"
        case .welfare: "社会福利委员会"
        }
    }
}

/// A committee member's post.
public enum CommitteePost: String, Sendable, Codable, CaseIterable {
    /// 主任
    case chair
    /// 委员
    case member

    public var chineseName: String { self == .chair ? "主任" : "委员" }
}

/// A member to add to a committee: a resident or staff member by name (linked to an account when they
/// have one), their post and term.
public struct CommitteeMemberInput: Codable, Sendable, Hashable {
    public var name: String
    public var post: CommitteePost
    public var accountID: Int64?
    public var termStarts: String
    public var termEnds: String

    public init(name: String, post: CommitteePost, accountID: Int64? = nil, termStarts: String, termEnds: String) {
        self.name = name
        self.post = post
        self.accountID = accountID
        self.termStarts = termStarts
        self.termEnds = termEnds
    }

    /// Trimmed, with the term as days; a 422 naming the field otherwise. A term lasts at most five years
    /// (居委会 terms are five years).
    public func validated() throws -> (name: String, starts: CivilDate, ends: CivilDate) {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...20).contains(name.count) else {
            throw GridHubError(.unprocessable, "invalid_name", "A member's name is 1–20 characters.")
        }
        guard let starts = CivilDate(text: termStarts), let ends = CivilDate(text: termEnds) else {
            throw GridHubError(.unprocessable, "invalid_term", "A term is two days, YYYY-MM-DD.")
        }
        guard starts < ends, starts.years(to: ends) < 6 else {
            throw GridHubError(.unprocessable, "invalid_term", "A term ends after it starts, within five years.")
        }
        return (name, starts, ends)
    }
}

/// Who is invited to a review meeting (审议): the community's party members and residents' representatives.
public enum RepresentativeKind: String, Sendable, Codable, CaseIterable {
    /// 党员代表
    case partyMember = "party_member"
    /// 居民代表
    case resident

    public var chineseName: String { self == .partyMember ? "党员代表" : "居民代表" }
}
