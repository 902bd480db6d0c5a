import GridHubStore
import Hummingbird

/// Streets, communities, grids, buildings, departments and the catalogue.
enum OrgFeature: Feature {
    static func routes(_ r: GridHubRuntime) -> RouteCollection<AppRequestContext> {
        collection {
            OrgController(
                org: OrgStore(database: r.database), catalog: CatalogStore(database: r.database), directory: r.directory
            )
            .addRoutes(to: $0)
        }
    }
}
