import Foundation
import GridHubStore
import Logging
import ServiceLifecycle

/// Runs the overdue sweep (督办) once a minute while the server runs.
struct SweepService: Service {
    let work: CaseWork
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let r = try await work.sweep()
                if !r.isEmpty {
                    logger.info(
                        "sweep",
                        metadata: [
                            "overdue": "\(r.overdue)", "escalated": "\(r.escalated)", "late_report_ins": "\(r.lateReportIns)",
                        ])
                }
            } catch {
                logger.error("sweep failed", metadata: ["error": "\(error)"])
            }
            try? await gracefulShutdownOrSleep(interval)
        }
    }
}

/// Sleeps for `duration`, returning early when graceful shutdown begins.
func gracefulShutdownOrSleep(_ duration: Duration) async throws {
    try await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
}
