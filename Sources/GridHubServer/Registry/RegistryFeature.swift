import GridHubStore
import Hummingbird

/// Residents and care: the registry, the heads' posts, visits, the elderly canteen.
enum RegistryFeature: Feature {
    static func routes(_ r: GridHubRuntime) -> RouteCollection<AppRequestContext> {
        collection {
            RegistryController(registry: r.registry, accounts: AccountStore(database: r.database)).addRoutes(to: $0)
            VisitController(
                visits: Visits(registry: r.registry), database: r.database, directory: r.directory, photos: r.photos,
                desk: r.desk
            ).addRoutes(to: $0)
            CanteenController(canteen: CanteenStore(registry: r.registry), photos: r.photos).addRoutes(to: $0)
        }
    }
}
