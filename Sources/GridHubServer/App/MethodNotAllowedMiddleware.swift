import GridHubCore
import HTTPTypes
import Hummingbird
import NIOConcurrencyHelpers

/// The methods each route path answers, known once every route is added: a request whose path has
/// routes but not for its method gets 405 with `Allow`, not a 404 that says the path is missing.
final class RouteMethods: Sendable {
    private let table = NIOLockedValueBox<[(pattern: [Substring], methods: [HTTPRequest.Method])]>([])

    func load(_ routes: [Router<AppRequestContext>.RouteDescription]) {
        var byPath: [String: [HTTPRequest.Method]] = [:]
        for route in routes { byPath[route.path.description, default: []].append(route.method) }
        table.withLockedValue { table in
            table = byPath.map { (pattern: $0.key.split(separator: "/"), methods: $0.value) }
        }
    }

    /// The methods of the route pattern the path matches most exactly (`patrols/plan` before
    /// `patrols/:id`, as the router chooses), or nil when none does.
    func methods(for path: String) -> [HTTPRequest.Method]? {
        let parts = path.split(separator: "/")
        return table.withLockedValue { table in
            table.filter { Self.matches($0.pattern, parts) }
                .max { a, b in Self.literals(a.pattern) < Self.literals(b.pattern) }?.methods
        }
    }

    static func literals(_ pattern: [Substring]) -> Int { pattern.filter { !$0.hasPrefix(":") && !$0.contains("{") }.count }

    /// `:name` matches any one segment; `discovery.{format}` a segment with that prefix and suffix.
    static func matches(_ pattern: [Substring], _ parts: [Substring]) -> Bool {
        guard pattern.count == parts.count else { return false }
        return zip(pattern, parts).allSatisfy { p, s in
            if p.hasPrefix(":") { return true }
            if let open = p.firstIndex(of: "{"), let close = p.firstIndex(of: "}") {
                let (prefix, suffix) = (p[..<open], p[p.index(after: close)...])
                return s.count > prefix.count + suffix.count && s.hasPrefix(prefix) && s.hasSuffix(suffix)
            }
            return p == s
        }
    }
}

struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let routes: RouteMethods

    func handle(
        _ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard let methods = routes.methods(for: request.uri.path), !methods.contains(request.method) else { throw error }
            let allow = methods.map(\.rawValue).sorted().joined(separator: ", ")
            throw HTTPError(
                .methodNotAllowed, headers: [.allow: allow],
                message: "\(request.uri.path) answers \(allow), not \(request.method.rawValue).")
        }
    }
}
