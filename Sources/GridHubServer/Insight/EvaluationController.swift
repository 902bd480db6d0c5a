import Foundation
import GridHubCore
import GridHubStore
import Hummingbird

/// `GET /api/v1/insight/evaluation?month=&weights=&format=`: the street's month of 部门考核, as JSON or CSV
/// (by default last month: a month is assessed once it has ended).
struct EvaluationController {
    let store: EvaluationStore

    func addRoutes(to group: some RouterMethods<AppRequestContext>) {
        group.get("insight/evaluation", use: show)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let month =
            try request.query("month", as: String.self).map { raw in
                guard raw.count == 7, raw.split(separator: "-").count == 2 else {
                    throw GridHubError.invalid("month", "'month' is YYYY-MM.")
                }
                guard let m = CivilMonth(text: raw) else {
                    throw GridHubError(.unprocessable, "invalid_month", "'month' is a month of 2000–2100, 01–12.")
                }
                return m
            } ?? CivilMonth(Date()).previous  // the month being assessed is the one that has ended
        let weights = try request.query("weights", as: String.self).map(EvaluationWeights.init(parameter:)) ?? .standard
        let rows = try await store.month(month, weights: weights, by: principal)
        return try TableResponse(rows: rows, csv: DepartmentScore.csv, filename: "department-evaluation-\(month).csv")
            .response(from: request, context: context)
    }
}
