import GridHubStore
import Hummingbird

/// GeoReport v2 (Open311) for client apps.
enum Open311Feature: Feature {
    static let path = ""
    static func routes(_ r: GridHubRuntime) -> RouteCollection<AppRequestContext> {
        collection {
            Open311Controller(
                org: OrgStore(database: r.database), catalog: CatalogStore(database: r.database),
                cases: CaseStore(database: r.database), store: Open311Store(database: r.database),
                keys: ApiKeyStore(database: r.database), desk: r.desk, directory: r.directory,
                limiter: Open311ReadLimiter(perMinute: r.configuration.open311ReadsPerMinute),
                publicURL: r.configuration.publicBaseURL, deviceKey: r.deviceKey
            ).addRoutes(to: $0)
        }
    }
}
