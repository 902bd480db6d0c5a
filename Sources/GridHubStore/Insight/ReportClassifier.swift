import Foundation
import GridHubCore
import NIOConcurrencyHelpers
import SQLKit

#if canImport(Glibc)
    import Glibc
#endif

/// The classifier a running GridHub suggests classes with: trained on the shipped examples and the
/// street's own corrections (`classifier_examples`), and trained again in the background when there are
/// new corrections — by this instance right after one, by the others on their next ``refresh()``.
///
/// The model's version is the number of the last correction it learnt (0: the shipped examples only), so
/// every instance that has learnt the same corrections names its model alike; a case records the version
/// that suggested its class.
public final class ReportClassifier: Sendable {
    let database: any Database
    let model: NIOLockedValueBox<TextClassifier>
    /// Whether a background retraining runs, and whether another correction came in meanwhile: a burst of
    /// corrections retrains once or twice, not once each.
    let background = NIOLockedValueBox((running: false, again: false))

    /// The model of the shipped examples, trained once per process (a few milliseconds).
    public static let shipped = TextClassifier(examples: TrainingSet.shipped, catalog: StandardCatalog.items, version: 0)

    public init(database: any Database) {
        self.database = database
        self.model = NIOLockedValueBox(Self.shipped)
    }

    /// The model requests read now.
    public var current: TextClassifier { model.withLockedValue { $0 } }

    /// Retrains when the database holds corrections this model has not learnt; returns the model in use.
    @discardableResult
    public func refresh() async throws -> TextClassifier {
        let latest = try await database.read { sql in try await ClassifierExamples.latest(sql) }
        guard latest > current.version else { return current }
        let corrections = try await database.read { sql in try await ClassifierExamples.all(sql) }
        let version = corrections.map(\.id).max() ?? 0
        let examples = TrainingSet.shipped + corrections.map(\.example)
        // Training is CPU work of a second or two for ten thousand examples: on a thread of its own at the
        // lowest priority, so requests keep their pace while it runs (BENCHMARKS.md).
        let trained = await NiceThread.run {
            TextClassifier(examples: examples, catalog: StandardCatalog.items, version: version)
        }
        model.withLockedValue { if trained.version > $0.version { $0 = trained } }
        return trained
    }

    /// Retrains in the background (after a correction on this instance); errors wait for the next refresh.
    public func refreshSoon() {
        let start = background.withLockedValue { b -> Bool in
            if b.running { b.again = true }
            defer { b.running = true }
            return !b.running
        }
        guard start else { return }
        Task.detached(priority: .background) { [self] in
            repeat {
                _ = try? await refresh()
            } while background.withLockedValue { b -> Bool in
                defer { (b.running, b.again) = (b.again, false) }
                return b.again
            }
        }
    }
}

/// The street's corrections as training examples, one a case (its latest label).
enum ClassifierExamples {
    struct Stored: Sendable {
        var id: Int64
        var example: TrainingExample
    }

    /// Records what a person said the case is; a later label of the same case replaces the earlier one
    /// (and takes a new number, so every instance sees there is something new to learn).
    static func record(
        _ sql: any SQLDatabase, _ example: TrainingExample, caseID: Int64, streetID: Int64, by account: Int64?, now: Date
    )
        async throws
    {
        try await sql.delete(from: "classifier_examples").where("case_id", .equal, caseID).run()
        try await sql.insert(into: "classifier_examples")
            .columns("case_id", "street_id", "text", "class_code", "labelled_by", "labelled_at")
            .values(
                SQLBind(caseID), SQLBind(streetID), SQLBind(example.text), SQLBind(example.classCode), SQLBind(account),
                SQLBind(StoredTime.millis(now))
            ).run()
    }

    static func latest(_ sql: any SQLDatabase) async throws -> Int64 {
        try await sql.select().column(SQLFunction("MAX", args: SQLColumn("id")), as: "latest").from("classifier_examples")
            .first()?.decode(column: "latest", as: Int64?.self) ?? 0
    }

    static func all(_ sql: any SQLDatabase) async throws -> [Stored] {
        try await sql.select().columns("id", "text", "class_code").from("classifier_examples").orderBy("id").all().map {
            Stored(
                id: try $0.decode(column: "id", as: Int64.self),
                example: TrainingExample(
                    text: try $0.decode(column: "text", as: String.self),
                    classCode: try $0.decode(column: "class_code", as: String.self)))
        }
    }
}

/// CPU work that must not slow requests (retraining the classifier): run on a thread of its own at the
/// lowest scheduling priority (nice 19 on Linux), so the kernel gives request threads the cores whenever
/// they want them and the work only the time left over. Swift's task priorities cannot do this: the
/// cooperative pool has one thread a core, and a long job at `.background` still holds one of them.
public enum NiceThread {
    public static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                #if canImport(Glibc)
                    // On Linux the nice value is the thread's own, and 0 names the calling thread.
                    _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
                #endif
                continuation.resume(returning: work())
            }
            thread.name = "gridhub-nice"
            thread.start()
        }
    }
}
