import GridHubCore
import Logging
import NIOConcurrencyHelpers
import SQLKit

/// Group commit (组提交) for the one SQLite writer: the writes that arrive while a transaction is
/// committing wait, then run together in the next transaction, each inside its own savepoint, and are
/// answered only after that transaction's COMMIT — one fsync for many requests, with
/// `synchronous=FULL` durability kept. A write that throws is rolled back to its savepoint alone; the
/// others in its group commit. If the COMMIT itself fails, every write of the group gets the error.
final class GroupCommit: Sendable {
    /// One write waiting for its turn.
    struct Job: Sendable {
        /// Runs the body; on success returns how to deliver its value (called after COMMIT).
        let run: @Sendable (any SQLDatabase) async -> Result<@Sendable () -> Void, any Error>
        let fail: @Sendable (any Error) -> Void
    }

    /// The writer's thread, shared by every SQLite database the process opens (tests open many).
    static let thread = WriterThread(name: "gridhub-sqlite-writer")

    /// The most writes one transaction takes, so a long queue still commits often.
    static let maxGroup = 256

    private let queue = WriteQueue()
    private let loop: Task<Void, Never>
    private let counts = NIOLockedValueBox((transactions: 0, writes: 0))

    /// Transactions committed (or rolled back) so far, and the writes they carried.
    var totals: (transactions: Int, writes: Int) { counts.withLockedValue { $0 } }

    init(connection: any SQLDatabase, logger: Logger) {
        let queue = self.queue
        let counts = self.counts
        // Every write of every request waits on this one task: it runs on a thread of its own.
        loop = Task(executorPreference: Self.thread) {
            while let group = await queue.next(max: Self.maxGroup) {
                await Self.commit(group, on: connection, logger: logger) {
                    // Counted before anyone is answered, so a caller that reads the totals after its write sees it.
                    counts.withLockedValue { $0 = ($0.transactions + 1, $0.writes + group.count) }
                }
            }
        }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = Job(
                run: { sql in
                    do {
                        let value = try await body(sql)
                        return .success({ continuation.resume(returning: value) })
                    } catch {
                        return .failure(error)
                    }
                },
                fail: { continuation.resume(throwing: $0) })
            queue.submit(job)
        }
    }

    /// Lets the queued writes finish, then stops taking new ones.
    func close() async {
        queue.close()
        await loop.value
    }

    static func commit(_ group: [Job], on sql: any SQLDatabase, logger: Logger, ended: () -> Void) async {
        var outcomes = [Result<@Sendable () -> Void, any Error>]()
        do {
            try await sql.raw("BEGIN IMMEDIATE").run()
            // A write alone needs no savepoint: if it fails, the whole transaction is rolled back.
            let alone = group.count == 1
            for job in group {
                if !alone { try await sql.raw("SAVEPOINT w").run() }
                let outcome = await job.run(sql)
                if case .failure(let error) = outcome, alone { throw error }
                if !alone {
                    if case .failure = outcome { try await sql.raw("ROLLBACK TO w").run() }
                    try await sql.raw("RELEASE w").run()
                }
                outcomes.append(outcome)
            }
            try await sql.raw("COMMIT").run()
        } catch {
            do { try await sql.raw("ROLLBACK").run() } catch {
                logger.warning("rollback failed", metadata: ["error": "\(error)"])
            }
            ended()
            for job in group { job.fail(error) }
            return
        }
        ended()
        for (job, outcome) in zip(group, outcomes) {
            switch outcome {
            case .success(let deliver): deliver()
            case .failure(let error): job.fail(error)
            }
        }
    }
}

/// The writes waiting for the next group, in arrival order; taken under a lock, so a write is queued
/// before `write` even suspends.
private final class WriteQueue: Sendable {
    private struct State {
        var pending: [GroupCommit.Job] = []
        var waiter: CheckedContinuation<[GroupCommit.Job]?, Never>?
        var closed = false
    }

    private let state = NIOLockedValueBox(State())

    func submit(_ job: GroupCommit.Job) {
        enum Next { case queued, wake(CheckedContinuation<[GroupCommit.Job]?, Never>), refuse }
        let next = state.withLockedValue { s -> Next in
            if s.closed { return .refuse }
            if let waiter = s.waiter {
                s.waiter = nil
                return .wake(waiter)
            }
            s.pending.append(job)
            return .queued
        }
        switch next {
        case .queued: break
        case .wake(let waiter): waiter.resume(returning: [job])
        case .refuse: job.fail(GridHubError(.unavailable, "database_closed", "The database is closing; try again."))
        }
    }

    /// The next group: what is waiting (up to `max`), or else the next write to arrive; nil once
    /// closed and drained.
    func next(max: Int) async -> [GroupCommit.Job]? {
        await withCheckedContinuation { continuation in
            let ready = state.withLockedValue { s -> [GroupCommit.Job]?? in
                if !s.pending.isEmpty {
                    let group = Array(s.pending.prefix(max))
                    s.pending.removeFirst(group.count)
                    return .some(group)
                }
                if s.closed { return .some(nil) }
                s.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    func close() {
        let waiter = state.withLockedValue { s in
            s.closed = true
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume(returning: nil)
    }
}
