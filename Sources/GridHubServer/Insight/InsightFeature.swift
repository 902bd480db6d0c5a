import GridHubStore
import Hummingbird

/// Indicators for every level of the organisation.
enum InsightFeature: Feature {
    static func routes(_ r: GridHubRuntime) -> RouteCollection<AppRequestContext> {
        collection { IndicatorController(store: IndicatorStore(database: r.database)).addRoutes(to: $0) }
    }
}
