import Foundation
import GridHubCore
import GridHubStore
import Logging
import ServiceLifecycle

/// Runs the overdue sweep (督办) the patrol sweep (漏巡) and the visit sweep (走访逾期) the meal-delivery sweep (送餐未确认) and the shop's expiry (兑换过期) once a `interval` while the server runs.
/// Every instance ticks; the job queue gives each turn to exactly one of them.
struct SweepService: Service {
    static let job = "overdue-sweep"
    static let patrolJob = "patrol-sweep"
    static let visitJob = "visit-sweep"
    static let canteenJob = "canteen-sweep"
    static let shopJob = "shop-sweep"
    let jobs: JobQueue
    let interval: Duration
    let tick: Duration
    let directory: GridDirectory
    let calendar: WorkingCalendar
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let r = try await jobs.runIfDue(Self.job, every: interval) { sql, now in try await CaseWork.sweep(sql, now: now) }
                if let r, !r.isEmpty {
                    logger.info(
                        "sweep",
                        metadata: [
                            "overdue": "\(r.overdue)", "escalated": "\(r.escalated)", "late_report_ins": "\(r.lateReportIns)",
                        ])
                }
            } catch {
                logger.error("sweep failed", metadata: ["error": "\(error)"])
            }
            do {
                let (directory, calendar) = (directory, calendar)
                let r = try await jobs.runIfDue(Self.patrolJob, every: interval) { sql, now in
                    try await PatrolSlots.sweep(sql, now: now, directory: directory, calendar: calendar)
                }
                if let r, !r.isEmpty { logger.info("patrol sweep", metadata: ["result": "\(r)"]) }
            } catch {
                logger.error("patrol sweep failed", metadata: ["error": "\(error)"])
            }
            do {
                let r = try await jobs.runIfDue(Self.visitJob, every: interval) { sql, now in
                    try await Visits.sweep(sql, now: now)
                }
                if let r, r > 0 { logger.info("visit sweep", metadata: ["overdue": "\(r)"]) }
            } catch {
                logger.error("visit sweep failed", metadata: ["error": "\(error)"])
            }
            do {
                let r = try await jobs.runIfDue(Self.canteenJob, every: interval) { sql, now in
                    try await CanteenStore.sweep(sql, now: now)
                }
                if let r, r > 0 { logger.info("canteen sweep", metadata: ["missed": "\(r)"]) }
            } catch {
                logger.error("canteen sweep failed", metadata: ["error": "\(error)"])
            }
            do {
                let r = try await jobs.runIfDue(Self.shopJob, every: interval) { sql, now in
                    try await ShopStore.sweep(sql, now: now)
                }
                if let r, r > 0 { logger.info("shop sweep", metadata: ["expired": "\(r)"]) }
            } catch {
                logger.error("shop sweep failed", metadata: ["error": "\(error)"])
            }
            try? await gracefulShutdownOrSleep(tick)
        }
    }
}

/// Sleeps for `duration`, returning early when graceful shutdown begins.
func gracefulShutdownOrSleep(_ duration: Duration) async throws {
    try await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
}
