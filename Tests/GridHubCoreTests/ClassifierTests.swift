import Foundation
import Testing

@testable import GridHubCore

@Suite("分类建议: free text to a catalogue class")
struct ClassifierTests {
    static let split = TrainingSet.split(TrainingSet.shipped)
    static let heldOutModel = TextClassifier(examples: split.train, catalog: StandardCatalog.items)
    static let model = TextClassifier(examples: TrainingSet.shipped, catalog: StandardCatalog.items)

    /// Recorded in BENCHMARKS.md (held-out top-1); the test fails if a change loses more than 3 points.
    static let reportedTop1 = 0.64
    static let reportedTop3 = 0.86

    @Test("the shipped examples hold at least 15 varied reports for every catalogue class, none the class name alone")
    func examplesCoverTheCatalogue() {
        let byClass = Dictionary(grouping: TrainingSet.shipped, by: \.classCode)
        for item in StandardCatalog.items {
            let examples = byClass[item.code] ?? []
            #expect(examples.count >= 15, "\(item.code) \(item.name) has \(examples.count)")
            #expect(Set(examples.map(\.text)).count == examples.count, "\(item.code) repeats an example")
            #expect(!examples.contains { $0.text == item.name }, "\(item.code) has its bare name as an example")
        }
        #expect(Set(byClass.keys).isSubset(of: Set(StandardCatalog.items.map(\.code))))
    }

    @Test("held-out accuracy stays within 3 points of what BENCHMARKS.md reports")
    func heldOutAccuracy() {
        let accuracy = ClassifierAccuracy(model: Self.heldOutModel, heldOut: Self.split.heldOut)
        print(
            "classifier held-out: \(accuracy.total) reports, top-1 \(accuracy.top1Rate), top-3 \(accuracy.top3Rate),",
            "mean top score \(accuracy.meanTopScore), filed \(accuracy.filed.share) at precision \(accuracy.filed.precision); worst:",
            accuracy.worstClasses(10).map { "\($0.code) \($0.right)/\($0.of)" }, "confusions:",
            accuracy.confusions.prefix(10).map { "\($0.expected)→\($0.got)×\($0.count)" })
        #expect(accuracy.total >= 3 * StandardCatalog.items.count)
        #expect(accuracy.top1Rate >= Self.reportedTop1 - 0.03)
        #expect(accuracy.top3Rate >= Self.reportedTop3 - 0.03)
        // The scores read as chances: the first suggestion's mean score is near how often it is right.
        #expect(abs(accuracy.meanTopScore - accuracy.top1Rate) < 0.1)
    }

    @Test("plain words, dialect and typos find their class; the answer is best first and sums to at most 1")
    func suggestions() {
        let model = Self.model
        let cases: [(String, String)] = [
            ("小区门口下水井盖子没了，晚上可吓人了", "C0102"), ("这嘎达天天有人推车卖水果，占着路", "E0502"),
            ("楼到灯不亮，老太太上楼摔了", "C0503"), ("路边一堆拉圾埋汰死了", "E0101"), ("电梯卡住了里面有人", "E0408"),
        ]
        for (text, code) in cases {
            let top = model.suggest(text, limit: 3)
            #expect(top.map(\.code).contains(code), "\(text) → \(top.map(\.code))")
            #expect(top.count == 3 && top[0].score >= top[1].score && top[1].score >= top[2].score)
            #expect(top.map(\.score).reduce(0, +) <= 1.001)
        }
    }

    @Test("nothing to read gives no suggestion; a limit is honoured")
    func edges() {
        let model = Self.model
        #expect(model.suggest("", limit: 3).isEmpty)
        #expect(model.suggest("！！！？？  ", limit: 3).isEmpty)
        #expect(model.suggest("井盖", limit: 1).count == 1)
        #expect(model.suggest("井盖", limit: 0).isEmpty)
        #expect(TextClassifier(examples: [], catalog: StandardCatalog.items).suggest("井盖").isEmpty)
        // A very long text is read up to its first 400 characters, in time.
        #expect(!model.suggest(String(repeating: "垃圾满了", count: 5_000), limit: 3).isEmpty)
    }

    @Test("a correction teaches: the same words then suggest the corrected class first")
    func learnsFromCorrections() {
        let text = "菜市场北门老王家门口那块地又让人占了"
        let before = TextClassifier(examples: TrainingSet.shipped, catalog: StandardCatalog.items)
        #expect(before.suggest(text, limit: 1).first?.code != "E0503")
        let corrections = [TrainingExample(text: text, classCode: "E0503")]
        let after = TextClassifier(examples: TrainingSet.shipped + corrections, catalog: StandardCatalog.items, version: 3)
        #expect(after.suggest("菜市场北门老王家门口又让人占了", limit: 1).first?.code == "E0503")
        #expect(after.version == 3)
    }

    @Test("a report is classified in well under 2 ms")
    func speed() {
        let model = Self.model
        let texts = Self.split.heldOut.map(\.text)
        let clock = ContinuousClock()
        let elapsed = clock.measure { for t in texts { _ = model.suggest(t, limit: 3) } }
        let perReport = elapsed / texts.count
        print("classifier: \(texts.count) reports, \(perReport) each")
        #expect(perReport < .milliseconds(2))
    }
}

