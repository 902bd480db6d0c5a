import GridHubStore
import Hummingbird

/// Patrols (一日两巡): the worker's patrol, trackers, the plan, make-ups and the assessment.
enum PatrolsFeature: Feature {
    static func routes(_ r: GridHubRuntime) -> RouteCollection<AppRequestContext> {
        collection {
            PatrolController(
                patrols: r.patrols, photos: r.photos, trackers: Trackers(database: r.database),
                audit: AuditTrail(database: r.database)
            ).addRoutes(to: $0)
            PatrolPlanController(
                database: r.database, directory: r.directory, slots: PatrolSlots(database: r.database, calendar: r.calendar),
                assessments: PatrolAssessments(database: r.database, calendar: r.calendar),
                publicBaseURL: r.configuration.publicBaseURL
            ).addRoutes(to: $0)
        }
    }
}

/// The tracker protocol at the root, where trackers are pointed (`http://host:port/osmand`).
enum TrackerFeature: Feature {
    static var path: String { "" }
    static func routes(_ r: GridHubRuntime) -> RouteCollection<AppRequestContext> {
        collection { OsmAndController(patrols: r.patrols).addRoutes(to: $0) }
    }
}
