import Foundation
import GridHubCore
import GridHubStore
import Hummingbird

/// Free text → class: the live suggestion as someone types a report, and setting a case's class by hand
/// (which the classifier learns from).
struct ClassifierController {
    let classifier: ReportClassifier
    let work: CaseWork
    /// Anonymous callers are limited per address like reports, with room for typing.
    let limiter: AnonymousReportLimiter

    /// Suggestions an anonymous address may ask for in ten minutes (a report typed takes a dozen or two).
    static let anonymousPolicy = ReportRateLimit(perDevice: 600, perAddress: 600, window: 600)

    func addRoutes(to group: some RouterMethods<AppRequestContext>) {
        group.get("catalog/suggest", use: suggest)
        group.put("cases/:id/class", use: classify)
    }

    @Sendable func suggest(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[ClassSuggestion]> {
        guard let text: String = try request.query("text"), !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        else { throw GridHubError.missing("text") }
        guard text.unicodeScalars.count <= ReportRules.maxText else {
            throw GridHubError.invalid("text", "The text is at most \(ReportRules.maxText) characters.")
        }
        let limit: Int = try request.query("limit") ?? 3
        guard (1...10).contains(limit) else { throw GridHubError.invalid("limit", "limit is 1 to 10.") }
        if context.principal == nil { try await limiter.admit(device: nil, address: context.clientAddress) }
        return JSONResponse(classifier.current.suggest(text, limit: limit))
    }

    struct ClassBody: Decodable {
        var classCode: String
    }

    @Sendable func classify(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<CaseSummary> {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.id("id", of: "case")
        let body = try await request.decode(as: ClassBody.self, context: context)
        guard (1...16).contains(body.classCode.count) else {
            throw GridHubError.invalid("class_code", "A class code is 1 to 16 characters.")
        }
        var summary = try await work.classify(caseID: id, as: body.classCode, by: principal)
        classifier.refreshSoon()
        summary.offerMoves(to: principal)
        return JSONResponse(summary)
    }
}
