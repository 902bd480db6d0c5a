import Foundation
import GridHubCore
import GridHubStore
import Hummingbird

/// Cases as staff see them, always within the caller's scope: a case outside it is a 404.
struct CaseController {
    let cases: CaseStore
    let directory: GridDirectory
    let photos: PhotoStore

    func addRoutes(to group: some RouterMethods<AppRequestContext>) {
        group.get("cases", use: list)
        group.get("cases/:id", use: show)
        group.get("cases/:id/timeline", use: timeline)
        group.get("photos/:sha256", use: photo)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<Page<CaseSummary>> {
        let principal = try context.requirePrincipal()
        var query = CaseQuery()
        (query.limit, query.offset) = try request.paging()
        try Self.applyFilters(request, to: &query, directory: directory)
        let page = try await cases.cases(in: principal.caseScope, query)
        return JSONResponse(Page(items: page.items, total: page.total, limit: query.limit, offset: query.offset))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<CaseSummary> {
        var found = try await visibleCase(request, context)
        found.offerMoves(to: try context.requirePrincipal())
        return JSONResponse(found)
    }

    /// The list filters shared by case lists and work lists: state, class_code, grid, from, to.
    static func applyFilters(_ request: Request, to query: inout CaseQuery, directory: GridDirectory?) throws {
        if let raw: String = try request.query("state") {
            query.states = try raw.split(separator: ",").map { name in
                guard let state = CaseState(rawValue: String(name)) else {
                    let all = CaseState.allCases.map(\.rawValue).joined(separator: ", ")
                    throw GridHubError.invalid("state", "Unknown state '\(name)': use one of \(all).")
                }
                return state
            }
        }
        query.classCode = try request.query("class_code")
        if let code: String = try request.query("grid") {
            guard let grid = directory?.current.gridsByCode[code] else { throw GridHubError.notFound("grid '\(code)'") }
            query.gridID = grid.id
        }
        query.from = try request.query("from", as: String.self).map { try RequestDates.parse($0, "from") }
        query.to = try request.query("to", as: String.self).map { try RequestDates.parse($0, "to") }
    }

    @Sendable func timeline(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[TimelineEvent]> {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.id("id", of: "case")
        guard let events = try await cases.timeline(caseID: id, in: principal.caseScope) else {
            throw GridHubError.notFound("case")
        }
        return JSONResponse(events)
    }

    /// A photo by its SHA-256 name: the unguessable name is the capability (EXIF already stripped).
    @Sendable func photo(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = context.parameters.get("sha256") ?? ""
        let store = photos
        guard PhotoStore.isValidName(name), let bytes = store.read(sha256: name), let kind = ImageKind.stored(bytes) else {
            throw GridHubError.notFound("photo")
        }
        return Response(
            status: .ok,
            headers: [.contentType: kind.mimeType, .cacheControl: "private, max-age=31536000, immutable"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    func visibleCase(_ request: Request, _ context: AppRequestContext) async throws -> CaseSummary {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.id("id", of: "case")
        guard let found = try await cases.find(id: id, in: principal.caseScope) else { throw GridHubError.notFound("case") }
        return found
    }
}
