import Foundation
import GridHubCore
import GridHubStore
import Logging
import ServiceLifecycle

/// Keeps insight current while GridHub runs: the classifier learns the corrections other instances
/// recorded, and the discovery scan (``DiscoveryScan``) runs once an hour on whichever instance claims it.
struct InsightService: Service {
    static let job = "discovery"
    let jobs: JobQueue
    let classifier: ReportClassifier
    let scan: DiscoveryScan
    let interval: Duration
    let tick: Duration
    let logger: Logger

    init(
        jobs: JobQueue, classifier: ReportClassifier, scan: DiscoveryScan, interval: Duration, tick: Duration, logger: Logger
    ) {
        self.jobs = jobs
        self.classifier = classifier
        self.scan = scan
        self.interval = interval
        self.tick = tick
        self.logger = logger
    }

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let before = classifier.current.version
                let model = try await classifier.refresh()
                if model.version != before { logger.info("classifier retrained", metadata: ["version": "\(model.version)"]) }
            } catch {
                logger.error("classifier refresh failed", metadata: ["error": "\(error)"])
            }
            do {
                let scan = scan
                if let r = try await jobs.runIfDue(Self.job, every: interval, { sql, now in try await scan.run(sql, now: now) }),
                    !r.isEmpty
                {
                    logger.info("discovery", metadata: ["found": "\(r)"])
                }
            } catch {
                logger.error("discovery failed", metadata: ["error": "\(error)"])
            }
            try? await gracefulShutdownOrSleep(tick)
        }
    }
}
