import GridHubStore
import Hummingbird

/// Points, the points shop, and the volunteer activities that earn them.
enum PointsFeature: Feature {
    static func routes(_ r: GridHubRuntime) -> RouteCollection<AppRequestContext> {
        collection {
            PointsController(
                points: PointsStore(database: r.database), relay: r.relay,
                claims: RiderClaims(database: r.database, sender: ShownOnPage()), devices: DeviceStore(database: r.database)
            ).addRoutes(to: $0)
            ShopController(shop: ShopStore(database: r.database, directory: r.directory), photos: r.photos).addRoutes(to: $0)
            ActivityController(activities: ActivityStore(database: r.database, directory: r.directory)).addRoutes(to: $0)
        }
    }
}
