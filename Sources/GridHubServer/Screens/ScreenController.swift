import Foundation
import GridHubCore
import HTTPTypes
import Hummingbird
import Mustache

/// The pages people use: server-rendered shells (swift-mustache) in their language, whose plain
/// JavaScript reads and writes through the same API as every other client.
struct ScreenController: Sendable {
    let library: MustacheLibrary

    /// A page: its path, template, title and scripts.
    struct Page: Sendable {
        var path: String
        var template: String
        var name: String
        var title: String
        var scripts: [String]
    }

    static let pages: [Page] = [
        Page(path: "/", template: "home", name: "home", title: "brand", scripts: ["home.js"]),
        Page(path: "/login", template: "login", name: "login", title: "signin", scripts: ["login.js"]),
        Page(
            path: "/centre", template: "centre", name: "centre", title: "nav_centre",
            scripts: ["map.js", "centre.js", "patrols.js"]),
        Page(path: "/cases/{id}", template: "case", name: "case", title: "timeline", scripts: ["case.js"]),
        Page(path: "/report", template: "report", name: "report", title: "report_title", scripts: ["map.js", "report.js"]),
        Page(path: "/worker", template: "work", name: "worker", title: "nav_worker", scripts: ["work.js"]),
        Page(path: "/patrol", template: "patrol", name: "patrol", title: "patrol_title", scripts: ["map.js", "patrol.js"]),
        Page(path: "/patrol-codes", template: "codes", name: "codes", title: "codes_title", scripts: ["codes.js"]),
        Page(path: "/department", template: "work", name: "department", title: "nav_department", scripts: ["work.js"]),
        Page(path: "/registry", template: "registry", name: "registry", title: "registry_title", scripts: ["registry.js"]),
        Page(path: "/canteen", template: "canteen", name: "canteen", title: "canteen_title", scripts: ["canteen.js"]),
        Page(path: "/points", template: "points", name: "points", title: "points_title", scripts: ["points.js"]),
        Page(path: "/topics", template: "topics", name: "topics", title: "topics_title", scripts: ["topics.js"]),
        Page(path: "/topics/{id}", template: "topic", name: "topic", title: "topic_page_title", scripts: ["topic.js"]),
        Page(path: "/topics/{id}/minutes", template: "minutes", name: "minutes", title: "minutes_title", scripts: ["minutes.js"]),
        Page(
            path: "/resolutions", template: "resolutions", name: "resolutions", title: "resolutions_title",
            scripts: ["resolutions.js"]),
        Page(
            path: "/evaluation", template: "evaluation", name: "evaluation", title: "evaluation_title",
            scripts: ["evaluation.js"]),
    ]

    /// Paths that are screens, not API (the OpenAPI document leaves them out).
    static var paths: Set<String> { Set(pages.map(\.path) + ["/static/{file}"]) }

    init() throws {
        var library = MustacheLibrary()
        for (name, bytes) in ScreenAssets.templates {
            try library.register(String(decoding: bytes, as: UTF8.self), named: name)
        }
        self.library = library
    }

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        for page in Self.pages {
            router.get(RouterPath(page.path)) { request, context in
                try self.render(page, request, context)
            }
        }
        router.get("static/{file}") { _, context in
            let name = context.parameters.get("file") ?? ""
            guard let file = ScreenAssets.files[name] else { throw GridHubError.notFound("file '\(name)'") }
            return Response(
                status: .ok, headers: [.contentType: file.type, .cacheControl: "no-cache"],
                body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
        }
    }

    func render(_ page: Page, _ request: Request, _ context: AppRequestContext) throws -> Response {
        let lang = PageLanguage(
            query: request.uri.queryParameters.get("lang"), cookie: request.cookies["gh_lang"]?.value)
        let (words, wordsJSON) = PageText.of(lang)
        var object: [String: Any] = [
            "htmlLang": lang.htmlTag, "lang": lang.rawValue, "page": page.name, "title": words[page.title] ?? "GridHub",
            "t": words, "textJSON": wordsJSON, "workflowJSON": Self.workflowJSON, "scripts": page.scripts,
            "queues": ["triage", "whistle", "returned", "overdue", "detected"].map {
                ["name": $0, "label": words["queue_" + $0] ?? $0]
            },
        ]
        if page.name == "case" { object["caseID"] = try context.parameters.id("id", of: "case") }
        if page.name == "topic" || page.name == "minutes" { object["topicID"] = try context.parameters.id("id", of: "topic") }
        guard let html = library.render(object, withTemplate: page.template) else {
            throw GridHubError(.unavailable, "template_missing", "The page '\(page.name)' cannot be shown.")
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                // Only GridHub's own scripts run, and nothing is fetched from anywhere else.
                .contentSecurityPolicy:
                    "default-src 'self'; img-src 'self' blob: data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
            ],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// JSON safe inside a `<script type="application/json">` element.
    static func scriptJSON(_ value: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "</", with: "<\\/")
    }

    /// What each action needs, from the workflow's own table: the page asks for a reason or a photo.
    static let workflowJSON = scriptJSON(
        Dictionary(
            uniqueKeysWithValues: CaseWorkflow.transitions.map {
                ($0.action.rawValue, ["needs_reason": $0.needsReason, "needs_photo": $0.needsPhoto])
            }))
}

extension HTTPField.Name {
    static let contentSecurityPolicy = Self("Content-Security-Policy")!
}
