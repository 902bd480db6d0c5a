import GridHubStore
import Hummingbird

/// Cases: reading them, the workflow's moves, work lists, notifications and the live feed.
enum CasesFeature: Feature {
    static func routes(_ r: GridHubRuntime) -> RouteCollection<AppRequestContext> {
        let cases = CaseStore(database: r.database)
        return collection {
            CaseController(cases: cases, directory: r.directory, photos: r.photos).addRoutes(to: $0)
            WorkflowController(
                work: r.work, cases: cases, photos: r.photos, notifications: NotificationStore(database: r.database),
                devices: DeviceStore(database: r.database), directory: r.directory
            ).addRoutes(to: $0)
            EventsController(
                cases: cases, tokens: r.tokens, lifetime: r.configuration.eventStreamLifetime,
                streams: StreamQuota(perAccount: r.configuration.streamsPerAccount)
            ).addRoutes(to: $0)
        }
    }
}
