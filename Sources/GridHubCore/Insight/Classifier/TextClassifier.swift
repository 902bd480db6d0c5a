import Foundation

/// One labelled report: what someone wrote and the class it belongs to.
public struct TrainingExample: Sendable, Hashable {
    public var text: String
    public var classCode: String

    public init(text: String, classCode: String) {
        self.text = text
        self.classCode = classCode
    }
}

/// A class the classifier proposes for a text, with its share of the probability (0–1).
public struct ClassSuggestion: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var score: Double

    public init(code: String, name: String, score: Double) {
        self.code = code
        self.name = name
        self.score = score
    }
}

/// Free text → catalogue class: multinomial naive Bayes over a report's set of features (``ReportText``),
/// with additive smoothing. Trained in one pass over the examples; read-only after, so one model serves
/// every request at once. For each class the score is
/// `log P(class) + Σ over the text's features of log P(feature | class)`; only the classes a feature was
/// seen with are touched per feature, the rest share the class's "unseen" value.
public struct TextClassifier: Sendable {
    /// The smoothing added to every count (tuned on the held-out reports: BENCHMARKS.md).
    public static let smoothing = 0.5
    /// Divides the log scores before they become shares (calibrated on the held-out reports: BENCHMARKS.md).
    public static let defaultTemperature = 2.75

    /// Which model this is: the training data's own number (``ClassifierVersion``).
    public let version: Int64
    let codes: [String]
    let names: [String]
    /// log P(class) plus nothing yet: the prior.
    let prior: [Double]
    /// log of the smoothed probability of a feature the class never saw.
    let unseen: [Double]
    /// Per feature, the classes that saw it and how much more likely it is under them than unseen (log).
    let lift: [UInt64: [(index: Int32, value: Double)]]
    var temperature = TextClassifier.defaultTemperature

    public var classCount: Int { codes.count }

    /// Trains on `examples`; classes not in `catalog` are skipped (a retired class teaches nothing).
    public init(examples: [TrainingExample], catalog: [CatalogItem], version: Int64 = 0, smoothing: Double = smoothing) {
        let known = Dictionary(catalog.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        var index: [String: Int] = [:]
        var codes: [String] = []
        var names: [String] = []
        var documents: [Int] = []
        var featureTotals: [Double] = []
        var counts: [UInt64: [Int: Double]] = [:]
        for example in examples {
            guard let name = known[example.classCode] else { continue }
            let c: Int
            if let existing = index[example.classCode] {
                c = existing
            } else {
                c = codes.count
                index[example.classCode] = c
                codes.append(example.classCode)
                names.append(name)
                documents.append(0)
                featureTotals.append(0)
            }
            let features = ReportText.features(example.text)
            documents[c] += 1
            for (f, weight) in features {
                featureTotals[c] += weight
                counts[f, default: [:]][c, default: 0] += weight
            }
        }
        let vocabulary = Double(max(counts.count, 1))
        let totalDocuments = Double(max(documents.reduce(0, +), 1))
        let alpha = smoothing
        let denominators = featureTotals.map { log($0 + alpha * vocabulary) }
        self.version = version
        self.codes = codes
        self.names = names
        self.prior = documents.map { log(Double($0) / totalDocuments) }
        self.unseen = denominators.map { log(alpha) - $0 }
        var lift: [UInt64: [(index: Int32, value: Double)]] = [:]
        lift.reserveCapacity(counts.count)
        for (feature, perClass) in counts {
            lift[feature] = perClass.map { (Int32($0.key), log($0.value + alpha) - log(alpha)) }
        }
        self.lift = lift
    }

    /// The `limit` most likely classes for `text`, best first; empty when the text has no features or the
    /// model no classes.
    public func suggest(_ text: String, limit: Int = 3) -> [ClassSuggestion] {
        let features = ReportText.features(text)
        guard !features.isEmpty, !codes.isEmpty, limit > 0 else { return [] }
        var scores = prior
        let n = features.values.reduce(0, +)
        for c in scores.indices { scores[c] += n * unseen[c] }
        var seen = false
        for (f, weight) in features {
            guard let classes = lift[f] else { continue }
            seen = true
            for (i, value) in classes { scores[Int(i)] += weight * value }
        }
        guard seen, let top = scores.max() else { return [] }
        // Softmax at a temperature: naive Bayes multiplies dependent n-grams as if independent, so its raw
        // posteriors say 1.0 where it is right two times in three; tempered, the score reads as a chance.
        var total = 0.0
        for s in scores { total += exp((s - top) / temperature) }
        let order = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && codes[$0] < codes[$1]) }
        return order.prefix(limit).map {
            ClassSuggestion(
                code: codes[$0], name: names[$0], score: (exp((scores[$0] - top) / temperature) / total * 1_000).rounded() / 1_000)
        }
    }
}
