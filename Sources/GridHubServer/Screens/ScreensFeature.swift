import Hummingbird

/// The pages (server-rendered) and their static files.
enum ScreensFeature: Feature {
    static let path = ""
    static func routes(_ r: GridHubRuntime) throws -> RouteCollection<AppRequestContext> {
        let screens = try ScreenController()
        return collection { screens.addRoutes(to: $0) }
    }
}
