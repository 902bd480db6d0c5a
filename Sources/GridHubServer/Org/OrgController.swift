import GridHubCore
import GridHubStore
import Hummingbird

/// The organisation: streets, communities, grids (GeoJSON), grid lookup, buildings, departments, catalogue.
struct OrgController {
    let org: OrgStore
    let catalog: CatalogStore
    let directory: GridDirectory

    func addRoutes(to group: some RouterMethods<AppRequestContext>) {
        group.get("streets", use: streets)
        group.get("communities", use: communities)
        group.get("grids", use: grids)
        group.get("grids/locate", use: locate)
        group.get("grids/:code", use: grid)
        group.get("buildings", use: buildings)
        group.get("departments", use: departments)
        group.get("catalog", use: catalogItems)
    }

    @Sendable func streets(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[Street]> {
        JSONResponse(try await org.streets())
    }

    @Sendable func communities(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[Community]> {
        JSONResponse(try await org.communities(streetID: try request.query("street_id")))
    }

    /// The public map: every grid's boundary as GeoJSON (`crs=gcj02` for Chinese web maps).
    @Sendable func grids(_ request: Request, context: AppRequestContext) async throws
        -> JSONResponse<FeatureCollection<GridFeature>>
    {
        let crs = try CoordinateSystem(parameter: try request.query("crs"))
        let snapshot = directory.current
        let communityID: Int64? = try request.query("community_id")
        let streetID: Int64? = try request.query("street_id")
        let features = snapshot.grids.values
            .filter { g in communityID.map { g.communityID == $0 } ?? true }
            .filter { g in streetID.map { g.streetID == $0 } ?? true }
            .sorted { $0.code < $1.code }
            .map {
                GridFeature($0, community: snapshot.communities[$0.communityID], street: snapshot.streets[$0.streetID], crs: crs)
            }
        return JSONResponse(FeatureCollection(features: features))
    }

    @Sendable func grid(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<GridFeature> {
        let code = context.parameters.get("code") ?? ""
        let snapshot = directory.current
        guard let grid = snapshot.gridsByCode[code] else { throw GridHubError.notFound("grid '\(code)'") }
        let crs = try CoordinateSystem(parameter: try request.query("crs"))
        return JSONResponse(
            GridFeature(
                grid, community: snapshot.communities[grid.communityID], street: snapshot.streets[grid.streetID], crs: crs))
    }

    /// Which grid a point is in: `lat`, `lon`, optional `crs=gcj02`.
    @Sendable func locate(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<GridFeature> {
        guard let lat: Double = try request.query("lat") else { throw GridHubError.missing("lat") }
        guard let lon: Double = try request.query("lon") else { throw GridHubError.missing("lon") }
        let crs = try CoordinateSystem(parameter: try request.query("crs"))
        let point = crs.toWGS84(try Coordinate.validated(lat: lat, lon: lon))
        guard let grid = try await directory.locate(point) else {
            throw GridHubError(.notFound, "outside_service_area", "No grid contains (\(lat), \(lon)).")
        }
        let snapshot = directory.current
        return JSONResponse(
            GridFeature(grid, community: snapshot.communities[grid.communityID], street: snapshot.streets[grid.streetID]))
    }

    /// Buildings and units of one grid; only for staff whose scope covers that grid.
    @Sendable func buildings(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[Building]> {
        let principal = try context.requirePrincipal()
        guard let code: String = try request.query("grid") else { throw GridHubError.missing("grid") }
        guard let grid = directory.current.gridsByCode[code], principal.canSee(grid: grid) else {
            throw GridHubError.notFound("grid '\(code)' in your scope")
        }
        return JSONResponse(try await org.buildings(gridIDs: [grid.id]))
    }

    @Sendable func departments(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[Department]> {
        let principal = try context.requirePrincipal()
        try principal.require(.orgRead)
        guard let street = principal.streetID else { return JSONResponse([]) }
        return JSONResponse(try await org.departments(streetID: street))
    }

    /// The responsibility catalogue of a street (public: reporters pick a class from it).
    @Sendable func catalogItems(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[CatalogItem]> {
        let streetID =
            try request.query("street_id", as: Int64.self) ?? context.principal?.streetID
            ?? directory.current.streets.keys.min()
        guard let streetID else { return JSONResponse([]) }
        var items = try await catalog.items(streetID: streetID)
        if let raw: String = try request.query("responsibility") {
            guard let r = Responsibility(rawValue: raw) else {
                throw GridHubError.invalid("responsibility", "Use department_led, street_led or whistle.")
            }
            items = items.filter { $0.responsibility == r }
        }
        return JSONResponse(items)
    }
}
