import Foundation

/// The facts about one case that the indicators count (one row per case in the period).
public struct CaseFacts: Sendable, Hashable {
    public var state: CaseState
    public var accepted: Bool
    public var rejected: Bool
    public var dispatched: Bool
    public var respondedOnTime: Bool
    public var handledAt: Date?
    public var dispatchedAt: Date?
    public var closedAt: Date?
    public var dueAt: Date?
    public var reworked: Bool
    public var overdue: Bool
    public var rating: Satisfaction?

    public init(
        state: CaseState, accepted: Bool, rejected: Bool, dispatched: Bool, respondedOnTime: Bool, handledAt: Date?,
        dispatchedAt: Date?, closedAt: Date?, dueAt: Date?, reworked: Bool, overdue: Bool, rating: Satisfaction?
    ) {
        self.state = state
        self.accepted = accepted
        self.rejected = rejected
        self.dispatched = dispatched
        self.respondedOnTime = respondedOnTime
        self.handledAt = handledAt
        self.dispatchedAt = dispatchedAt
        self.closedAt = closedAt
        self.dueAt = dueAt
        self.reworked = reworked
        self.overdue = overdue
        self.rating = rating
    }
}

/// The weights of the 12345 composite score (响应率, 解决率, 满意率); they must add up to 1.
public struct IndicatorWeights: Sendable, Hashable, Codable {
    public var response: Double
    public var resolution: Double
    public var satisfaction: Double

    public static let standard = IndicatorWeights(response: 0.1, resolution: 0.5, satisfaction: 0.4)

    public init(response: Double, resolution: Double, satisfaction: Double) {
        self.response = response
        self.resolution = resolution
        self.satisfaction = satisfaction
    }

    /// Parses "0.1,0.5,0.4".
    public init(parameter: String) throws {
        let parts = parameter.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 3, let r = parts[0], let s = parts[1], let t = parts[2],
            [r, s, t].allSatisfy({ $0 >= 0 && $0 <= 1 })
        else {
            throw GridHubError.invalid("weights", "weights are three numbers from 0 to 1, e.g. 0.1,0.5,0.4.")
        }
        guard abs(r + s + t - 1) < 1e-6 else {
            throw GridHubError(.unprocessable, "weights_sum", "The three weights add up to 1, e.g. 0.1,0.5,0.4.")
        }
        self.init(response: r, resolution: s, satisfaction: t)
    }
}

/// Indicators for a period (考核指标): counts and rates, each rate nil when nothing was there to count.
public struct Indicators: Sendable, Hashable, Codable {
    public var reports = 0
    public var accepted = 0
    public var rejected = 0
    public var closed = 0
    public var overdue = 0
    public var reworked = 0
    public var rated = 0
    /// 立案率: accepted / (accepted + rejected).
    public var acceptanceRate: Double?
    /// 按期处置率: handled by the due time / handled.
    public var onTimeHandlingRate: Double?
    /// 按期结案率: closed by the due time / closed.
    public var onTimeClosingRate: Double?
    /// 返工率: cases sent back at least once / closed.
    public var reworkRate: Double?
    /// Average hours from dispatch to handled.
    public var averageHandlingHours: Double?
    /// 响应率: the handling party responded before the due time / dispatched.
    public var responseRate: Double?
    /// 解决率: closed / accepted.
    public var resolutionRate: Double?
    /// 满意率: (满意 + 0.9 × 基本满意) / rated.
    public var satisfactionRate: Double?
    /// 综合得分: the weighted sum of the three rates (missing rates count as 0).
    public var composite: Double?
    public var weights: IndicatorWeights

    public init(facts: [CaseFacts], weights: IndicatorWeights = .standard) {
        self.init(totals: facts.reduce(into: IndicatorTotals()) { $0 += IndicatorTotals($1) }, weights: weights)
    }

    /// The indicators of cases whose totals these are.
    public init(totals t: IndicatorTotals, weights: IndicatorWeights = .standard) {
        self.weights = weights
        reports = Self.count(t.reports)
        accepted = Self.count(t.accepted)
        rejected = Self.count(t.rejected)
        closed = Self.count(t.closed)
        overdue = Self.count(t.overdue)
        reworked = Self.count(t.reworked)
        rated = Self.count(t.rated)
        acceptanceRate = Self.rate(t.accepted, t.accepted &+ t.rejected)
        onTimeHandlingRate = Self.rate(t.handledOnTime, t.handled)
        onTimeClosingRate = Self.rate(t.closedOnTime, t.closed)
        reworkRate = Self.rate(t.closedReworked, t.closed)
        averageHandlingHours = t.timedHandlings > 0 ? Double(t.handlingMillis) / 3_600_000 / Double(t.timedHandlings) : nil
        responseRate = Self.rate(t.respondedOnTime, t.dispatched)
        resolutionRate = Self.rate(t.closed, t.accepted)
        satisfactionRate = t.rated > 0 ? Double(t.satisfactionMillis) / 1_000 / Double(t.rated) : nil
        if responseRate != nil || resolutionRate != nil || satisfactionRate != nil {
            composite =
                weights.response * (responseRate ?? 0) + weights.resolution * (resolutionRate ?? 0)
                + weights.satisfaction * (satisfactionRate ?? 0)
        }
    }

    static func count(_ n: Int64) -> Int { Int(clamping: n) }

    static func rate(_ part: Int64, _ whole: Int64) -> Double? { whole <= 0 ? nil : Double(part) / Double(whole) }
    static func rate(_ part: Int, _ whole: Int) -> Double? { rate(Int64(part), Int64(whole)) }

    static func onTime(_ at: Date?, _ due: Date?) -> Bool {
        guard let at else { return false }
        guard let due else { return true }
        return at <= due
    }
}
