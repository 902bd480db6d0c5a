import GridHubStore
import Hummingbird

/// 随手拍: filing reports, with or without an account.
enum ReportsFeature: Feature {
    static func routes(_ r: GridHubRuntime) -> RouteCollection<AppRequestContext> {
        collection {
            ReportController(
                desk: r.desk, cases: CaseStore(database: r.database),
                limiter: AnonymousReportLimiter(policy: r.configuration.anonymousLimit),
                devices: DeviceStore(database: r.database)
            ).addRoutes(to: $0)
        }
    }
}
