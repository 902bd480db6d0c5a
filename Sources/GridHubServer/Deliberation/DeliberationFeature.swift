import GridHubStore
import Hummingbird

/// Community self-governance: committees, representatives, and topics through the four steps.
enum DeliberationFeature: Feature {
    static func routes(_ r: GridHubRuntime) -> RouteCollection<AppRequestContext> {
        collection {
            TopicController(topics: TopicStore(database: r.database, directory: r.directory), desk: r.desk).addRoutes(to: $0)
            CommitteeController(committees: CommitteeStore(database: r.database, directory: r.directory)).addRoutes(to: $0)
        }
    }
}
