import Foundation
import GridHubCore
import GridHubStore
import Hummingbird

/// `GET /api/v1/insight/hotspots?from=&to=&class=`: where reports concentrate and what keeps coming back.
struct HotspotController {
    let store: HotspotStore

    func addRoutes(to group: some RouterMethods<AppRequestContext>) {
        group.get("insight/hotspots", use: show)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<HotspotStore.Answer> {
        let principal = try context.requirePrincipal()
        let to = try request.query("to", as: String.self).map { try RequestDates.parse($0, "to") } ?? Date()
        let from =
            try request.query("from", as: String.self).map { try RequestDates.parse($0, "from") }
            ?? to.addingTimeInterval(-30 * 86_400)
        // A class (`E0502`) or its major group (`E05`): a letter and two or four digits.
        let classCode = try request.query("class", as: String.self).map { raw in
            guard raw.count == 3 || raw.count == 5, raw.first.map({ "CE".contains($0) }) == true,
                raw.dropFirst().allSatisfy(\.isASCII), raw.dropFirst().allSatisfy(\.isNumber)
            else { throw GridHubError.invalid("class", "'class' is a class code (E0502) or its group (E05).") }
            return raw
        }
        return JSONResponse(try await store.scan(from: from, to: to, classCode: classCode, by: principal))
    }
}
