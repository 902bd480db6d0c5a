import GridHubStore
import Hummingbird

/// Indicators for every level of the organisation; the month's evaluation of the departments; hotspots;
/// the class suggested for a report's words and a case's class set by hand.
enum InsightFeature: Feature {
    static func routes(_ r: GridHubRuntime) -> RouteCollection<AppRequestContext> {
        collection {
            IndicatorController(store: IndicatorStore(database: r.database)).addRoutes(to: $0)
            EvaluationController(store: EvaluationStore(database: r.database)).addRoutes(to: $0)
            HotspotController(store: HotspotStore(database: r.database)).addRoutes(to: $0)
            ClassifierController(
                classifier: r.classifier, work: r.work,
                limiter: AnonymousReportLimiter(policy: ClassifierController.anonymousPolicy)
            ).addRoutes(to: $0)
        }
    }
}
