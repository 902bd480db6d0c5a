import Foundation
import GridHubCore
import GridHubTestSupport
import SQLKit
import Testing

@testable import GridHubStore

@Suite("分类: reports in words are filed under a suggested class; people confirm or correct it, and the classifier learns")
struct ClassificationStoreTests {
    static func file(_ desk: ReportDesk, _ world: SmallWorld, text: String, grid: SmallWorld.GridName = .a1) async throws
        -> ReportReceipt
    {
        let p = SmallWorld.centre(of: grid)
        let answer = try await desk.file(
            ReportDraft(lat: p.lat, lon: p.lon, text: text), photos: [], by: try #require(world.principal("resident")),
            idempotencyKey: nil)
        return try APIJSON.decoder().decode(ReportReceipt.self, from: answer.body)
    }

    /// A desk that classes reports in words, with the classifier it learns through.
    static func classifyingDesk(_ f: StoreFixture) async throws -> (ReportClassifier, ReportDesk) {
        let classifier = ReportClassifier(database: f.database)
        let directory = try await GridDirectory.load(OrgStore(database: f.database))
        return (classifier, ReportDesk(database: f.database, directory: directory, photos: f.photos, classifier: classifier))
    }

    @Test("a report in words only gets the suggested class, marked suggested, with the model's version", arguments: Engine.all)
    func suggestedAtIntake(engine: Engine) async throws {
        try await StoreFixture.withSmallWorld(engine) { f, world, _, work in
            let (_, desk) = try await Self.classifyingDesk(f)
            let receipt = try await Self.file(desk, world, text: "楼道灯不亮了，黑灯瞎火的")
            #expect(receipt.classCode == "C0503" && receipt.classSuggested)
            let filed = try #require(try await CaseStore(database: f.database).find(id: receipt.caseID, in: .street(1)))
            #expect(filed.classSuggested && filed.classifierVersion == 0)
            // Confirming it keeps the class and clears the mark; the timeline says so.
            let confirmed = try await work.classify(
                caseID: receipt.caseID, as: "C0503", by: try #require(world.principal("worker-a1")))
            #expect(confirmed.classCode == "C0503" && !confirmed.classSuggested)
            let timeline = try await CaseStore(database: f.database).timeline(caseID: receipt.caseID)
            #expect(timeline.last?.kind == .classified && timeline.last?.detail == "confirmed=C0503")
            // Words the classifier cannot place leave the class for a person.
            let vague = try await Self.file(desk, world, text: "你好")
            #expect(vague.classCode == nil && !vague.classSuggested)
        }
    }

    @Test("a correction is learnt: after it, a similar report is suggested the corrected class", arguments: Engine.all)
    func correctionTeaches(engine: Engine) async throws {
        try await StoreFixture.withSmallWorld(engine) { f, world, _, work in
            let (classifier, desk) = try await Self.classifyingDesk(f)
            let text = "菜市场北门老王家门口那块地又让人占了"
            let first = try await Self.file(desk, world, text: text)
            #expect(first.classCode != "E0503")
            _ = try await work.classify(caseID: first.caseID, as: "E0503", by: try #require(world.principal("staff-a")))
            let model = try await classifier.refresh()
            #expect(model.version > 0)
            let second = try await Self.file(desk, world, text: "菜市场北门老王家门口又让人占了", grid: .a2)
            #expect(second.classCode == "E0503" && second.classSuggested)
            let filed = try #require(try await CaseStore(database: f.database).find(id: second.caseID, in: .street(1)))
            #expect(filed.classifierVersion == model.version)
            // Labelling the same case again replaces its example: one a case.
            _ = try await work.classify(caseID: first.caseID, as: "E0502", by: try #require(world.principal("staff-a")))
            #expect(try await f.count("classifier_examples") == 1)
        }
    }

    @Test("who may classify, which cases, which classes: refused changes write nothing", arguments: Engine.all)
    func refusals(engine: Engine) async throws {
        try await StoreFixture.withSmallWorld(engine) { f, world, desk, work in
            let receipt = try await Self.file(desk, world, text: "路边有堆东西")
            let before = try await f.count("case_events")
            await #expect(throws: GridHubError.self) {
                _ = try await work.classify(caseID: receipt.caseID, as: "E0110", by: try #require(world.principal("resident")))
            }
            await #expect(throws: GridHubError.self) {  // another community's staff does not see it
                _ = try await work.classify(caseID: receipt.caseID, as: "E0110", by: try #require(world.principal("staff-b")))
            }
            let unknown = await #expect(throws: GridHubError.self) {
                _ = try await work.classify(caseID: receipt.caseID, as: "Z9999", by: try #require(world.principal("worker-a1")))
            }
            #expect(unknown?.code == "unknown_class")
            _ = try await work.perform(
                CaseCommand(action: .reject, note: "不是问题"), on: receipt.caseID, by: try #require(world.principal("worker-a1")))
            let closed = await #expect(throws: GridHubError.self) {
                _ = try await work.classify(caseID: receipt.caseID, as: "E0110", by: try #require(world.principal("worker-a1")))
            }
            #expect(closed?.code == "case_not_open")
            #expect(try await f.count("case_events") == before + 1)  // only the rejection
            #expect(try await f.count("classifier_examples") == 0)
        }
    }
}
