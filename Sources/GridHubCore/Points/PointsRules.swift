import Foundation

/// What a street pays in points (积分规则), set by its command centre. Every amount is 0–1,000 points
/// (0 turns a rule off); the daily cap is what one person can earn in a day from all rules together.
public struct PointsRules: Codable, Sendable, Hashable {
    /// A report verified on site (核实), not merely filed.
    public var verifiedReport: Int
    /// More for the first reporter of the case.
    public var firstReporter: Int
    /// The reporter rated the closed case.
    public var rating: Int
    /// A building or unit head recorded a visit in which the resident was seen.
    public var headVisit: Int
    /// Taking part in a deliberation meeting (议事会).
    public var meeting: Int
    /// Raising a topic whose resolution the community adopted (published).
    public var topicAdopted: Int
    /// At most this many points per person per day.
    public var dailyCap: Int
    /// Days a redemption waits at the counter before it expires and its points return.
    public var holdDays: Int

    public static let standard = PointsRules(
        verifiedReport: 10, firstReporter: 5, rating: 2, headVisit: 3, meeting: 5, topicAdopted: 10, dailyCap: 50,
        holdDays: 14)

    public init(
        verifiedReport: Int, firstReporter: Int, rating: Int, headVisit: Int, meeting: Int, topicAdopted: Int = 10,
        dailyCap: Int, holdDays: Int
    ) {
        self.verifiedReport = verifiedReport
        self.firstReporter = firstReporter
        self.rating = rating
        self.headVisit = headVisit
        self.meeting = meeting
        self.topicAdopted = topicAdopted
        self.dailyCap = dailyCap
        self.holdDays = holdDays
    }

    /// The rules, or a 422 naming the first that is out of range.
    public func validated() throws -> PointsRules {
        let amounts: [(String, Int)] = [
            ("verified_report", verifiedReport), ("first_reporter", firstReporter), ("rating", rating),
            ("head_visit", headVisit), ("meeting", meeting), ("topic_adopted", topicAdopted),
        ]
        for (name, value) in amounts where !(0...1_000).contains(value) {
            throw GridHubError(.unprocessable, "invalid_\(name)", "'\(name)' is 0–1000 points.")
        }
        guard (1...10_000).contains(dailyCap) else {
            throw GridHubError(.unprocessable, "invalid_daily_cap", "'daily_cap' is 1–10000 points.")
        }
        guard (1...90).contains(holdDays) else {
            throw GridHubError(.unprocessable, "invalid_hold_days", "'hold_days' is 1–90 days.")
        }
        return self
    }

    enum CodingKeys: String, CodingKey {
        case verifiedReport, firstReporter, rating, headVisit, meeting, topicAdopted, dailyCap, holdDays
    }

    /// Rules stored before a rule existed read it at its standard amount.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            verifiedReport: try c.decode(Int.self, forKey: .verifiedReport),
            firstReporter: try c.decode(Int.self, forKey: .firstReporter), rating: try c.decode(Int.self, forKey: .rating),
            headVisit: try c.decode(Int.self, forKey: .headVisit), meeting: try c.decode(Int.self, forKey: .meeting),
            // Absent: the standard amount; present, it must be a number (null is not one).
            topicAdopted: c.contains(.topicAdopted) ? try c.decode(Int.self, forKey: .topicAdopted) : Self.standard.topicAdopted,
            dailyCap: try c.decode(Int.self, forKey: .dailyCap), holdDays: try c.decode(Int.self, forKey: .holdDays))
    }

    /// What is left of today's cap after `earnedToday`, for an award of `amount`.
    public func capped(_ amount: Int, earnedToday: Int) -> Int {
        max(0, min(amount, dailyCap - earnedToday))
    }
}
