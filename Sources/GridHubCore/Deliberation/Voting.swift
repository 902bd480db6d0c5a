/// A representative's vote in a review meeting (审议表决).
public enum VoteChoice: String, Sendable, Codable, CaseIterable {
    case agree, disagree, abstain

    public var chineseName: String {
        switch self {
        case .agree: "同意"
        case .disagree: "不同意"
        case .abstain: "弃权"
        }
    }
}

/// A fraction such as two thirds, kept as whole numbers so that "exactly two thirds" is exact.
public struct Fraction: Codable, Sendable, Hashable, CustomStringConvertible {
    public var numerator: Int
    public var denominator: Int

    public init(_ numerator: Int, _ denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// 1/1–99/100 at most; a denominator of 1–100.
    var isValid: Bool { (1...100).contains(denominator) && (1...denominator).contains(numerator) }

    /// Whether `part / whole ≥ self` (counts are bounded by a meeting's size, so nothing overflows).
    public func reachedBy(_ part: Int, of whole: Int) -> Bool { part * denominator >= whole * numerator }

    /// Whether `part / whole > self`.
    public func exceededBy(_ part: Int, of whole: Int) -> Bool { part * denominator > whole * numerator }

    public var description: String { "\(numerator)/\(denominator)" }
}

/// A community's rules for deliberation (settable per community): the review meeting's quorum — at least
/// two thirds of the invited attend — and majority — a resolution passes with more than half of those
/// present — and how many days a resolution is posted for objections.
public struct VotingRules: Codable, Sendable, Hashable {
    public var quorum: Fraction
    public var majority: Fraction
    public var noticeDays: Int

    public static let standard = VotingRules(quorum: Fraction(2, 3), majority: Fraction(1, 2), noticeDays: 7)

    public init(quorum: Fraction, majority: Fraction, noticeDays: Int) {
        self.quorum = quorum
        self.majority = majority
        self.noticeDays = noticeDays
    }

    /// The rules, or a 422 naming the one out of range.
    public func validated() throws -> VotingRules {
        guard quorum.isValid else {
            throw GridHubError(.unprocessable, "invalid_quorum", "A quorum is a fraction from 1/100 to 1/1.")
        }
        guard majority.isValid, majority.numerator < majority.denominator else {
            throw GridHubError(.unprocessable, "invalid_majority", "A majority is a fraction below 1 (more than it passes).")
        }
        guard (1...30).contains(noticeDays) else {
            throw GridHubError(.unprocessable, "invalid_notice_days", "A notice period is 1–30 days.")
        }
        return self
    }
}

/// A review meeting's count, frozen when its vote closes.
public struct VoteTally: Codable, Sendable, Hashable {
    public var invited: Int
    public var present: Int
    public var agree: Int
    public var disagree: Int
    public var abstain: Int
    /// Present but cast no vote: counted among those present, not for the resolution.
    public var notVoting: Int { present - agree - disagree - abstain }

    public init(invited: Int, present: Int, agree: Int, disagree: Int, abstain: Int) {
        self.invited = invited
        self.present = present
        self.agree = agree
        self.disagree = disagree
        self.abstain = abstain
    }

    /// Whether enough of the invited attended.
    public func quorate(_ rules: VotingRules) -> Bool { invited > 0 && rules.quorum.reachedBy(present, of: invited) }

    /// Whether the resolution passed: a quorum, and more than the majority of those present agreed.
    public func passed(_ rules: VotingRules) -> Bool { quorate(rules) && rules.majority.exceededBy(agree, of: present) }
}
