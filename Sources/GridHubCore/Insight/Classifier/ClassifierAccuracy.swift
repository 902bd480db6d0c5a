/// How well a model classifies reports it did not learn from: top-1 and top-3 accuracy and the classes it
/// confuses most (for BENCHMARKS.md and the test that guards it).
public struct ClassifierAccuracy: Sendable {
    public struct Confusion: Sendable, Hashable {
        public var expected: String
        public var got: String
        public var count: Int
    }

    public var total: Int
    public var top1: Int
    public var top3: Int
    /// Per class: (right at top-1, examples).
    public var perClass: [String: (right: Int, of: Int)]
    public var confusions: [Confusion]
    /// The mean score of the first suggestion: near ``top1Rate`` when the scores read as chances.
    public var meanTopScore: Double
    /// Of the reports whose first suggestion reaches ``Classification/minimumScore`` (those intake files
    /// under it): their share, and the share of those right.
    public var filed: (share: Double, precision: Double)

    public var top1Rate: Double { total == 0 ? 0 : Double(top1) / Double(total) }
    public var top3Rate: Double { total == 0 ? 0 : Double(top3) / Double(total) }

    public init(model: TextClassifier, heldOut: [TrainingExample]) {
        var top1 = 0
        var top3 = 0
        var perClass: [String: (right: Int, of: Int)] = [:]
        var pairs: [String: Int] = [:]
        var topScores = 0.0
        var filed = (count: 0, right: 0)
        for e in heldOut {
            let suggestions = model.suggest(e.text, limit: 3)
            let guesses = suggestions.map(\.code)
            let right = guesses.first == e.classCode
            topScores += suggestions.first?.score ?? 0
            if let top = suggestions.first, top.score >= Classification.minimumScore {
                filed.count += 1
                if right { filed.right += 1 }
            }
            if right { top1 += 1 }
            if guesses.contains(e.classCode) { top3 += 1 }
            let before = perClass[e.classCode] ?? (0, 0)
            perClass[e.classCode] = (before.right + (right ? 1 : 0), before.of + 1)
            if !right, let got = guesses.first { pairs["\(e.classCode)>\(got)", default: 0] += 1 }
        }
        self.total = heldOut.count
        self.meanTopScore = heldOut.isEmpty ? 0 : topScores / Double(heldOut.count)
        self.filed = (
            heldOut.isEmpty ? 0 : Double(filed.count) / Double(heldOut.count),
            filed.count == 0 ? 0 : Double(filed.right) / Double(filed.count)
        )
        self.top1 = top1
        self.top3 = top3
        self.perClass = perClass
        self.confusions = pairs.map {
            let parts = $0.key.split(separator: ">").map(String.init)
            return Confusion(expected: parts.first ?? "", got: parts.last ?? "", count: $0.value)
        }.sorted { ($0.count, $1.expected) > ($1.count, $0.expected) }
    }

    /// The classes right least often at top-1, worst first.
    public func worstClasses(_ n: Int) -> [(code: String, right: Int, of: Int)] {
        perClass.map { (code: $0.key, right: $0.value.right, of: $0.value.of) }
            .sorted { (Double($0.right) / Double(max($0.of, 1)), $0.code) < (Double($1.right) / Double(max($1.of, 1)), $1.code) }
            .prefix(n).map { $0 }
    }
}
