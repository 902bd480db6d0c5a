import Foundation
import GridHubCore
import GridHubStore
import HTTPTypes
import Hummingbird

/// The office side of patrols: the plan, key places, missed windows and make-ups, the assessment.
struct PatrolPlanController {
    let database: any Database
    let directory: GridDirectory
    let slots: PatrolSlots
    let assessments: PatrolAssessments
    /// Where the public reaches GridHub: check-in links printed on buildings start with it.
    let publicBaseURL: String

    func addRoutes(to group: some RouterMethods<AppRequestContext>) {
        group.get("patrols/plan", use: plan)
        group.put("patrols/plan", use: setPlan)
        group.get("patrols/places", use: places)
        group.post("patrols/places", use: addPlace)
        group.get("patrols/places/codes", use: codes)
        group.get("patrols/makeups", use: makeUps)
        group.post("patrols/makeups", use: requestMakeUp)
        group.post("patrols/makeups/:id/decision", use: decide)
        group.get("patrols/assessment", use: assessment)
    }

    /// The plan a community follows (`community_id`), or the street's.
    @Sendable func plan(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<PatrolPlan> {
        let principal = try context.requirePrincipal()
        guard let street = principal.streetID else { throw GridHubError.notFound("street of yours") }
        let asked: Int64? = try request.query("community_id")
        if let asked, asked < 1 { throw GridHubError.invalid("community_id", "'community_id' is a community's id, from 1.") }
        let community = asked ?? principal.communityID
        return JSONResponse(try await PatrolPlans.plan(database, streetID: street, communityID: community))
    }

    struct PlanBody: Decodable {
        var communityID: Int64?
        var windows: [PatrolPlan.Window]
        var minDurationMinutes: Int
        var minCoverage: Double
    }

    @Sendable func setPlan(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<PatrolPlan> {
        let principal = try context.requirePrincipal()
        let body = try await request.decode(as: PlanBody.self, context: context)
        guard let street = principal.streetID else { throw GridHubError.forbidden }
        if let community = body.communityID, directory.current.communities[community]?.streetID != street {
            throw GridHubError.notFound("community \(community) in your street")
        }
        let plan = PatrolPlan(windows: body.windows, minDurationMinutes: body.minDurationMinutes, minCoverage: body.minCoverage)
        try await PatrolPlans.set(plan, streetID: street, communityID: body.communityID, by: principal, in: database)
        return JSONResponse(try await PatrolPlans.plan(database, streetID: street, communityID: body.communityID))
    }

    /// A grid's buildings and key places, for the worker patrolling it and staff covering it.
    @Sendable func places(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[PatrolPlace]> {
        let principal = try context.requirePrincipal()
        let grid = try visibleGrid(try request.query("grid"), principal)
        return JSONResponse(try await PatrolPlaces.list(database, gridID: grid.id))
    }

    struct PlaceBody: Decodable {
        var grid: String
        var kind: String
        var name: String
        var lat: Double
        var lon: Double
        var crs: String?
    }

    @Sendable func addPlace(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<PatrolPlace> {
        let principal = try context.requirePrincipal()
        let body = try await request.decode(as: PlaceBody.self, context: context)
        let grid = try visibleGrid(body.grid, principal)
        let point = try CoordinateSystem(parameter: body.crs).toWGS84(try Coordinate.validated(lat: body.lat, lon: body.lon))
        return JSONResponse(
            try await PatrolPlaces.add(kind: body.kind, name: body.name, at: point, grid: grid, by: principal, in: database),
            status: .created)
    }

    /// A check-in code for every place of a grid: the link a worker's phone opens (`/patrol?check_in=…`)
    /// and its QR code as SVG, for a sheet the community prints and posts at each entrance.
    struct PlaceCode: Encodable, Sendable {
        var key: String
        var name: String
        var kind: String
        var url: String
        var svg: String
    }

    @Sendable func codes(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[PlaceCode]> {
        let principal = try context.requirePrincipal()
        let grid = try visibleGrid(try request.query("grid"), principal)
        return JSONResponse(
            try await PatrolPlaces.list(database, gridID: grid.id).compactMap { place in
                let url = "\(publicBaseURL)/patrol?check_in=\(place.key)"
                return QRCode(url).map { PlaceCode(key: place.key, name: place.name, kind: place.kind, url: url, svg: $0.svg()) }
            })
    }

    func visibleGrid(_ code: String?, _ principal: Principal) throws -> Grid {
        guard let code else { throw GridHubError.missing("grid") }
        guard let grid = directory.current.gridsByCode[code], principal.gridIDs.contains(grid.id) || principal.canSee(grid: grid)
        else { throw GridHubError.notFound("grid '\(code)' in your scope") }
        return grid
    }

    @Sendable func makeUps(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[PatrolSlotRecord]> {
        JSONResponse(
            try await slots.list(
                for: try context.requirePrincipal(), state: try request.query("state"), month: try request.query("month")))
    }

    struct MakeUpBody: Decodable {
        var day: String
        var window: Int
        var reason: String
    }

    @Sendable func requestMakeUp(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<PatrolSlotRecord> {
        let principal = try context.requirePrincipal()
        let body = try await request.decode(as: MakeUpBody.self, context: context)
        guard PatrolDay.start(body.day) != nil else {
            throw GridHubError(.unprocessable, "invalid_day", "'day' is a day that exists, like 2026-11-27.")
        }
        guard (0...3).contains(body.window) else { throw GridHubError.invalid("window", "'window' is 0 to 3.") }
        return JSONResponse(
            try await slots.requestMakeUp(PatrolSlot(day: body.day, window: body.window), reason: body.reason, by: principal),
            status: .created)
    }

    struct DecisionBody: Decodable {
        var approve: Bool
        var note: String?
    }

    @Sendable func decide(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<PatrolSlotRecord> {
        let principal = try context.requirePrincipal()
        let body = try await request.decode(as: DecisionBody.self, context: context)
        return JSONResponse(
            try await slots.decide(
                try context.parameters.id("id", of: "make-up"), approve: body.approve, note: body.note, by: principal))
    }

    /// `month=2026-11&level=street|community|worker&id=`; `format=csv` for a spreadsheet.
    @Sendable func assessment(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard let month: String = try request.query("month") else { throw GridHubError.missing("month") }
        let rawLevel: String = try request.query("level") ?? "street"
        guard let level = PatrolAssessments.Level(rawValue: rawLevel) else {
            throw GridHubError.invalid("level", "Use street, community or worker.")
        }
        let id: Int64? = try request.query("id")
        let rows = try await assessments.month(month, level: level, id: id, for: principal)
        return try TableResponse(rows: rows, csv: PatrolAssessment.csv, filename: "patrol-assessment-\(month).csv")
            .response(from: request, context: context)
    }
}
