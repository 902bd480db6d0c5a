import Foundation
import NIOConcurrencyHelpers

/// A task executor with one thread of its own, for the SQLite writer (``GroupCommit``): a write
/// transaction is a chain of statements, each a hop to the database's thread and back, and on the
/// shared pool every hop back would queue behind request handling. Here it resumes at once.
final class WriterThread: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var thread: Thread?

    init(name: String) {
        let thread = Thread { [unowned self] in self.run() }
        thread.name = name
        self.thread = thread
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let ready = jobs
            jobs.removeAll(keepingCapacity: true)
            condition.unlock()
            for job in ready { job.runSynchronously(on: asUnownedTaskExecutor()) }
        }
    }
}
