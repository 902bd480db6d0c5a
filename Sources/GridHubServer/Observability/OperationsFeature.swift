import Hummingbird

/// `/healthz`, `/metrics` and `/openapi.yaml`.
enum OperationsFeature: Feature {
    static let path = ""
    static func routes(_ runtime: GridHubRuntime) -> RouteCollection<AppRequestContext> {
        collection {
            OperationsController().addRoutes(to: $0)
            OpenAPIController().addRoutes(to: $0)
        }
    }
}
