import Hummingbird

/// One feature's HTTP side: its routes as a collection, built from what the runtime holds, mounted at
/// `path`. The app composes the features (``GridHubRuntime/features``); adding one is writing its
/// folder and one line there.
protocol Feature {
    static var path: String { get }
    static func routes(_ runtime: GridHubRuntime) throws -> RouteCollection<AppRequestContext>
}

extension Feature {
    static var path: String { "api/v1" }

    /// A collection holding what `add` puts in it.
    static func collection(_ add: (RouteCollection<AppRequestContext>) throws -> Void) rethrows -> RouteCollection<
        AppRequestContext
    > {
        let routes = RouteCollection(context: AppRequestContext.self)
        try add(routes)
        return routes
    }
}
