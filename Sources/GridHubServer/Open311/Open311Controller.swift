import Foundation
import GridHubCore
import GridHubStore
import HTTPTypes
import Hummingbird

/// Open311 GeoReport v2 under `/open311/v2/`: discovery, services, service definitions, requests
/// (read and file) and tokens, each in `.json` and `.xml`.
struct Open311Controller {
    let org: OrgStore
    let catalog: CatalogStore
    let cases: CaseStore
    let store: Open311Store
    let keys: ApiKeyStore
    let desk: ReportDesk
    let directory: GridDirectory
    let limiter: Open311ReadLimiter
    /// Where links in answers point (``AppConfiguration/publicBaseURL``): never the request's `Host`.
    let publicURL: String
    /// Keys the stand-in device id of a client that sent none GridHub can keep (``Open311Rules/deviceID``).
    let deviceKey: [UInt8]

    /// The date the shape of this endpoint last changed (discovery's `changeset`).
    static let changeset = "2026-11-27T00:00:00+08:00"

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        let group = router.group("open311/v2").add(middleware: Open311ErrorMiddleware())
        group.get("discovery.{format}", use: discovery)
        group.get("services.{format}", use: services)
        group.get("services/{file}", use: definition)
        group.get("requests.{format}", use: requests)
        group.post("requests.{format}", use: file)
        group.get("requests/{file}", use: request)
        group.get("tokens/{file}", use: token)
    }

    @Sendable func discovery(_ request: Request, context: AppRequestContext) async throws -> Response {
        let call = try await begin(request, context, needsStreet: false)
        let streets = try await org.streets()
        let contact = streets.map { "\($0.cityName)\($0.districtName)\($0.name)指挥中心" }.joined(separator: "；")
        let body: Open311Node = .object([
            "changeset": .text(Self.changeset),
            "contact": .text(contact.isEmpty ? "GridHub" : contact),
            "key_service": .text("向街道指挥中心申请 API key（gridhub apikey add <应用名>） / Ask the street office for a key."),
            "endpoints": .list(
                item: "endpoint",
                [
                    .object([
                        "specification": .text("http://wiki.open311.org/GeoReport_v2"),
                        "url": .text(publicURL + "/open311/v2"),
                        "changeset": .text(Self.changeset),
                        "type": .text("production"),
                        "formats": .list(item: "format", [.text("text/xml"), .text("application/json")]),
                    ])
                ]),
        ])
        return Open311Response.render(Open311Document(root: "discovery", body: body), as: call.format)
    }

    @Sendable func services(_ request: Request, context: AppRequestContext) async throws -> Response {
        let call = try await begin(request, context)
        let names = try await Names.load(org: org, street: call.street, directory: directory)
        let items = try await catalog.items(streetID: call.street.id)
        let body = Open311Node.list(item: "service", items.map { Open311Views.service($0, leadName: names.lead(of: $0)) })
        return Open311Response.render(Open311Document(root: "services", body: body), as: call.format)
    }

    @Sendable func definition(_ request: Request, context: AppRequestContext) async throws -> Response {
        let call = try await begin(request, context)
        guard let item = try await catalog.item(streetID: call.street.id, code: call.name) else {
            throw GridHubError(.notFound, "unknown_service", "There is no service_code '\(call.name)' in \(call.street.name).")
        }
        return Open311Response.render(
            Open311Document(root: "service_definition", body: Open311Views.definition(item)), as: call.format)
    }

    @Sendable func token(_ request: Request, context: AppRequestContext) async throws -> Response {
        let call = try await begin(request, context)
        guard let id = try await store.trackingNumber(token: call.name, streetID: call.street.id) else {
            throw GridHubError(.notFound, "unknown_token", "There is no request with the token '\(call.name)'.")
        }
        let body = Open311Node.list(
            item: "request", [.object(["service_request_id": .text(id), "token": .text(call.name)])])
        return Open311Response.render(Open311Document(root: "service_requests", body: body), as: call.format)
    }

    /// One request by its id (the tracking number); the specification answers with a list of one.
    @Sendable func request(_ request: Request, context: AppRequestContext) async throws -> Response {
        let call = try await begin(request, context)
        var query = CaseQuery()
        query.trackingNumbers = [call.name]
        let found = try await cases.cases(in: .street(call.street.id), query).items
        guard !found.isEmpty else {
            throw GridHubError(.notFound, "unknown_request", "There is no service request '\(call.name)'.")
        }
        return try await answer(found, call, request)
    }

    @Sendable func requests(_ request: Request, context: AppRequestContext) async throws -> Response {
        let call = try await begin(request, context)
        let query = try Self.query(call.params, now: Date())
        return try await answer(try await cases.cases(in: .street(call.street.id), query).items, call, request)
    }

    /// The filters of `GET requests`: ids override everything else; otherwise codes, status and a
    /// date range of at most 90 days (the last 90 by default), newest first, paged.
    static func query(_ p: Open311Params, now: Date) throws -> CaseQuery {
        var query = CaseQuery()
        let window = try PageWindow(page: p.value("page"), pageSize: p.value("page_size"))
        (query.limit, query.offset) = (window.limit, window.offset)
        let ids = p.list("service_request_id")
        if !ids.isEmpty {
            query.trackingNumbers = ids
            return query
        }
        query.classCodes = p.list("service_code")
        for status in p.list("status") {
            switch status {
            case "open": query.states += CaseState.openStates
            case "closed": query.states += CaseState.allCases.filter { !$0.isOpen }
            default: throw GridHubError.invalid("status", "status is open or closed, got '\(status)'.")
            }
        }
        (query.from, query.to) = try Open311Rules.window(start: try p.date("start_date"), end: try p.date("end_date"), now: now)
        return query
    }

    /// `extensions`: true or false (absent or empty: false).
    static func extensions(_ p: Open311Params) throws -> Bool {
        switch p.value("extensions") {
        case nil, "false": return false
        case "true": return true
        default: throw GridHubError.invalid("extensions", "extensions is true or false.")
        }
    }

    /// Renders cases as `service_requests`, with notes and extended attributes when `extensions=true`.
    func answer(_ found: [CaseSummary], _ call: Open311Call, _ request: Request) async throws -> Response {
        let names = try await Names.load(org: org, street: call.street, directory: directory)
        let extended = try Self.extensions(call.params)
        let extras = extended ? try await store.extras(caseIDs: found.map(\.id)) : [:]
        let timelines = extended ? try await cases.timelines(caseIDs: found.map(\.id)) : [:]
        let items = try await catalog.items(streetID: call.street.id)
        let byCode = Dictionary(uniqueKeysWithValues: items.map { ($0.code, $0) })
        var nodes: [Open311Node] = []
        for c in found {
            let item = c.classCode.flatMap { byCode[$0] }
            let context = Open311Views.RequestContext(
                serviceName: item?.name, agency: names.agency(of: c, item: item),
                serviceNotice: item.map { "由\(names.lead(of: $0))主责，处置时限\($0.timeLimit)。" },
                baseURL: publicURL, timeline: extended ? timelines[c.id] ?? [] : nil,
                attributes: extras[c.id]?.attributes ?? [:], mediaURL: extras[c.id]?.mediaURL,
                gridName: directory.current.grids[c.gridID]?.name)
            nodes.append(Open311Views.request(c, context))
        }
        return Open311Response.render(
            Open311Document(root: "service_requests", body: .list(item: "request", nodes)), as: call.format)
    }
}
