import Foundation

/// What a department's part in one whistle (吹哨报到) contributes to its evaluation.
public struct SummonsFact: Sendable, Hashable {
    /// Reported in (报到) by the deadline.
    public var reportedInOnTime: Bool
    /// Reported in at all.
    public var reportedIn: Bool
    /// The centre's score of its part, 1–5, when given.
    public var score: Int?

    public init(reportedInOnTime: Bool, reportedIn: Bool, score: Int?) {
        self.reportedInOnTime = reportedInOnTime
        self.reportedIn = reportedIn
        self.score = score
    }
}

/// The street's weights for the composite of a department's month (部门考核): 响应, 按期办结, 不返工, 满意,
/// 吹哨按时报到, the centre's part scores. They add up to 1; a missing figure counts as 0.
public struct EvaluationWeights: Sendable, Hashable, Codable {
    public var response: Double
    public var onTime: Double
    public var noRework: Double
    public var satisfaction: Double
    public var reportIn: Double
    public var partScore: Double

    public static let standard = EvaluationWeights(
        response: 0.15, onTime: 0.3, noRework: 0.1, satisfaction: 0.25, reportIn: 0.1, partScore: 0.1)

    public init(response: Double, onTime: Double, noRework: Double, satisfaction: Double, reportIn: Double, partScore: Double) {
        self.response = response
        self.onTime = onTime
        self.noRework = noRework
        self.satisfaction = satisfaction
        self.reportIn = reportIn
        self.partScore = partScore
    }

    var all: [Double] { [response, onTime, noRework, satisfaction, reportIn, partScore] }

    /// Parses "0.15,0.3,0.1,0.25,0.1,0.1": 400 when not six numbers 0–1, 422 when they do not add up to 1.
    public init(parameter: String) throws {
        let parts = parameter.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        let numbers = parts.compactMap { $0 }.filter { $0.isFinite && (0...1).contains($0) }
        guard parts.count == 6, numbers.count == 6 else {
            throw GridHubError.invalid("weights", "weights are six numbers from 0 to 1, e.g. 0.15,0.3,0.1,0.25,0.1,0.1.")
        }
        self.init(
            response: numbers[0], onTime: numbers[1], noRework: numbers[2], satisfaction: numbers[3], reportIn: numbers[4],
            partScore: numbers[5])
        guard abs(all.reduce(0, +) - 1) < 1e-6 else {
            throw GridHubError(.unprocessable, "weights_sum", "The six weights add up to 1.")
        }
    }
}

/// One department's month as the street rates it: what it received, how it did, and the composite.
public struct DepartmentScore: Sendable, Hashable, Codable {
    public var departmentID: Int64
    public var code: String
    public var name: String
    /// Cases dispatched to it in the month (受理).
    public var received: Int
    /// Responded (started) by the due time.
    public var respondedOnTime: Int
    public var responseRate: Double?
    /// Closed of those received, and closed by the due time: 按期办结率 = on time / closed.
    public var closed: Int
    public var closedOnTime: Int
    public var onTimeRate: Double?
    /// 返工率: closed cases that were sent back at least once.
    public var reworkRate: Double?
    /// 满意率 of the rated ones.
    public var rated: Int
    public var satisfactionRate: Double?
    /// 吹哨: summoned, reported in on time, and the centre's mean part score (1–5).
    public var whistles: Int
    public var reportedInOnTime: Int
    public var reportInRate: Double?
    public var partScore: Double?
    /// 0–100, by the street's weights.
    public var composite: Double?
    public var rank: Int
    /// Last month's composite, and the change (趋势).
    public var previousComposite: Double?
    public var trend: Double?

    /// Counts one department's month: `cases` received in it, `summons` to whistles in it.
    public init(
        departmentID: Int64, code: String, name: String, cases: [CaseFacts], summons: [SummonsFact],
        weights: EvaluationWeights
    ) {
        self.departmentID = departmentID
        self.code = code
        self.name = name
        received = cases.count
        respondedOnTime = cases.filter(\.respondedOnTime).count
        responseRate = Indicators.rate(respondedOnTime, received)
        let closedCases = cases.filter { $0.closedAt != nil }
        closed = closedCases.count
        closedOnTime = closedCases.filter { Indicators.onTime($0.closedAt, $0.dueAt) }.count
        onTimeRate = Indicators.rate(closedOnTime, closed)
        reworkRate = Indicators.rate(closedCases.filter(\.reworked).count, closed)
        let ratings = cases.compactMap(\.rating)
        rated = ratings.count
        satisfactionRate = ratings.isEmpty ? nil : ratings.map(\.weight).reduce(0, +) / Double(ratings.count)
        whistles = summons.count
        reportedInOnTime = summons.filter(\.reportedInOnTime).count
        reportInRate = Indicators.rate(reportedInOnTime, whistles)
        let scores = summons.compactMap(\.score)
        partScore = scores.isEmpty ? nil : Double(scores.reduce(0, +)) / Double(scores.count)
        let parts: [Double?] = [
            responseRate, onTimeRate, reworkRate.map { 1 - $0 }, satisfactionRate, reportInRate, partScore.map { $0 / 5 },
        ]
        composite =
            received + whistles == 0
            ? nil : 100 * zip(weights.all, parts).map { $0 * ($1 ?? 0) }.reduce(0, +)
        rank = 0
    }

    /// The month's table: ranked by composite (best first; departments with nothing to rate last, by code),
    /// with last month's composite and the change.
    public static func ranked(_ scores: [DepartmentScore], previous: [DepartmentScore]) -> [DepartmentScore] {
        let before = Dictionary(previous.map { ($0.departmentID, $0.composite) }) { a, _ in a }
        let sorted = scores.sorted { a, b in
            switch (a.composite, b.composite) {
            case (let x?, let y?) where x != y: x > y
            case (.some, nil): true
            case (nil, .some): false
            default: a.code < b.code
            }
        }
        return sorted.enumerated().map { i, s in
            var s = s
            s.rank = i + 1
            s.previousComposite = before[s.departmentID] ?? nil
            if let now = s.composite, let then = s.previousComposite { s.trend = now - then }
            return s
        }
    }
}

extension DepartmentScore {
    /// The month's table as CSV (UTF-8 with a byte-order mark, so Excel opens the Chinese names).
    public static func csv(_ rows: [DepartmentScore]) -> String {
        let header = "名次,部门代码,部门,受理,按时响应,响应率,办结,按期办结,按期办结率,返工率,评价数,满意率,吹哨,按时报到,报到率,评分,综合得分,上月得分,变化"
        func pct(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "" }
        func one(_ x: Double?) -> String { x.map { String(format: "%.1f", $0) } ?? "" }
        func two(_ x: Double?) -> String { x.map { String(format: "%.2f", $0) } ?? "" }
        return CSV.document(
            header: header,
            rows.map { r in
                [
                    "\(r.rank)", r.code, r.name, "\(r.received)", "\(r.respondedOnTime)", pct(r.responseRate), "\(r.closed)",
                    "\(r.closedOnTime)", pct(r.onTimeRate), pct(r.reworkRate), "\(r.rated)", pct(r.satisfactionRate),
                    "\(r.whistles)", "\(r.reportedInOnTime)", pct(r.reportInRate), two(r.partScore), one(r.composite),
                    one(r.previousComposite), one(r.trend),
                ]
            })
    }
}
