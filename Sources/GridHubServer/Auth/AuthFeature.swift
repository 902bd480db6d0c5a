import GridHubStore
import Hummingbird

/// Sign-in, refresh, sign-out and the signed-in person.
enum AuthFeature: Feature {
    static func routes(_ r: GridHubRuntime) -> RouteCollection<AppRequestContext> {
        collection {
            AuthController(
                accounts: AccountStore(database: r.database), tokens: r.tokens, audit: AuditTrail(database: r.database)
            )
            .addRoutes(to: $0)
        }
    }
}
