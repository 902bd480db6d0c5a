import Foundation
import GridHubTestSupport
import HummingbirdTesting
import Testing

@testable import GridHubServer

@Suite("Operations and the API contract")
struct OperationsTests {
    @Test("health, metrics and the OpenAPI document are served", arguments: Engine.all)
    func endpoints(engine: Engine) async throws {
        try await TestApp.run(engine) { client, _ async throws in
            let health = try await client.get("/healthz")
            #expect(health.status == .ok && health.text == "ok\n")
            _ = try await client.get("/api/v1/streets")
            let metrics = try await client.get("/metrics")
            #expect(metrics.status == .ok && metrics.text.contains("hb_requests"))
            let spec = try await client.get("/openapi.yaml")
            #expect(spec.status == .ok && spec.text.hasPrefix("openapi: 3.1"))
            let missing = try await client.get("/api/v1/nothing-here")
            #expect(missing.status == .notFound && missing.errorCode == "not_found")
        }
    }

    @Test("every route of the router is in openapi.yaml, and every path there has a route")
    func specMatchesRoutes() async throws {
        let (configuration, cleanup) = try await TestApp.copyOfDemo(.sqlite)
        let runtime = try await GridHubRuntime.start(configuration, logger: TestApp.logger)
        let routes = Set(
            runtime.router().routes.map { route in
                let path = route.path.description.split(separator: "/").map { part in
                    part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
                }
                return "\(route.method.rawValue.lowercased()) /\(path.joined(separator: "/"))"
            }.filter { !ScreenController.paths.contains(String($0.split(separator: " ")[1])) })
        try await runtime.database.close()
        try await cleanup()
        #expect(routes == OpenAPIOperations.parse(try String(contentsOf: Self.specURL, encoding: .utf8)))
    }

    static var specURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/GridHubServer/Resources/openapi.yaml")
    }
}

/// Reads "method path" pairs out of an OpenAPI YAML document's `paths:` block.
enum OpenAPIOperations {
    static func parse(_ yaml: String) -> Set<String> {
        var operations = Set<String>()
        var inPaths = false
        var current: String?
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("paths:") { inPaths = true; continue }
            if inPaths, let first = line.first, first != " " { break }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                current = String(line.dropFirst(2).dropLast())
            } else if let current, line.hasPrefix("    "), !line.hasPrefix("     ") {
                let word = line.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ":", with: "")
                if ["get", "post", "put", "patch", "delete"].contains(word) { operations.insert("\(word) \(current)") }
            }
        }
        return operations
    }
}
