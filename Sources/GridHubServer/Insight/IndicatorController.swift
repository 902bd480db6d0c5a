import Foundation
import GridHubCore
import GridHubStore
import Hummingbird

/// `GET /api/v1/indicators?level=&id=&from=&to=&weights=`: the assessment indicators of a unit.
struct IndicatorController {
    let store: IndicatorStore

    struct Answer: Encodable, Sendable {
        var level: IndicatorLevel
        var id: Int64
        var from: Date
        var to: Date
        var indicators: Indicators
    }

    func addRoutes(to group: some RouterMethods<AppRequestContext>) {
        group.get("indicators", use: show)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<Answer> {
        let principal = try context.requirePrincipal()
        let level =
            try request.query("level", as: String.self).map { raw in
                guard let l = IndicatorLevel(rawValue: raw) else {
                    throw GridHubError.invalid("level", "level is one of street, community, grid, department, worker.")
                }
                return l
            } ?? .street
        guard let id = try request.query("id", as: Int64.self) ?? (level == .street ? principal.streetID : nil) else {
            throw GridHubError(.unprocessable, "missing_id", "Name the \(level.rawValue) (id); only the street is implied.")
        }
        try level.check(principal, id: id, unitStreet: try await store.street(of: level, id: id))
        let to = try request.query("to", as: String.self).map { try RequestDates.parse($0, "to") } ?? Date()
        let from =
            try request.query("from", as: String.self).map { try RequestDates.parse($0, "from") }
            ?? to.addingTimeInterval(-30 * 86_400)
        try RequestDates.checkRange(from: from, to: to)
        let weights = try request.query("weights", as: String.self).map(IndicatorWeights.init(parameter:)) ?? .standard
        let indicators = try await store.indicators(level: level, id: id, from: from, to: to, weights: weights)
        return JSONResponse(Answer(level: level, id: id, from: from, to: to, indicators: indicators))
    }
}
