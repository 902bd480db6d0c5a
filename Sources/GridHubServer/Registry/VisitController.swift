import Crypto
import Foundation
import GridHubCore
import GridHubStore
import HTTPTypes
import Hummingbird

/// Visits (走访): the worker's due list, recording a visit (JSON, or a form with photos), a resident's
/// visits, the community's plan, and a need found becoming a case.
struct VisitController {
    let visits: Visits
    let database: any Database
    let directory: GridDirectory
    let photos: PhotoStore
    let desk: ReportDesk

    func addRoutes(to group: some RouterMethods<AppRequestContext>) {
        group.get("visits/due", use: due)
        group.post("visits", use: record)
        group.get("visits/plan", use: plan)
        group.put("visits/plan", use: setPlan)
        group.get("visits/:id", use: show)
        group.post("visits/:id/case", use: toCase)
        group.get("residents/:id/visits", use: ofResident)
    }

    /// Residents due a visit within `days` (0–90, default 7), overdue first.
    @Sendable func due(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[ResidentView]> {
        let principal = try context.requirePrincipal()
        let days = try PageWindow.whole(try request.query("days"), "days", in: 0...90) ?? 7
        return JSONResponse(try await visits.due(within: days, by: principal, address: context.clientAddress))
    }

    struct VisitBody: Decodable {
        var residentID: Int64
        var at: String?
        var condition: VisitCondition
        var notes: String
        var needs: String?
    }

    @Sendable func record(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<VisitView> {
        let principal = try context.requirePrincipal()
        let body: VisitBody
        var uploads = [[UInt8]]()
        if let form = try await request.multipartForm() {
            guard let resident = form.fields["resident_id"].flatMap(Int64.init), resident > 0,
                let condition = form.fields["condition"].flatMap(VisitCondition.init(rawValue:)), let notes = form.fields["notes"]
            else {
                throw GridHubError(.badRequest, "bad_request", "A visit form needs resident_id, condition and notes.")
            }
            // A form has no null: an empty `at`, or the text null, is left out (the visit is now).
            let at = form.fields["at"].flatMap { $0.isEmpty || $0 == "null" ? nil : $0 }
            body = VisitBody(residentID: resident, at: at, condition: condition, notes: notes, needs: form.fields["needs"])
            uploads = form.files
        } else {
            body = try await request.decode(as: VisitBody.self, context: context)
        }
        guard body.residentID > 0 else { throw GridHubError.notFound("resident") }
        let now = Date()
        let at = try body.at.map { try RequestDates.parse($0, "at") } ?? now
        let stored = try await photos.saveAll(uploads)
        return JSONResponse(
            try await visits.record(
                Visits.Record(
                    residentID: body.residentID, at: at, condition: body.condition, notes: body.notes, needs: body.needs),
                photos: stored, by: principal, now: now),
            status: .created)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<VisitView> {
        JSONResponse(try await visits.visit(try context.parameters.id("id", of: "visit"), by: try context.requirePrincipal()))
    }

    @Sendable func ofResident(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[VisitView]> {
        JSONResponse(
            try await visits.visits(of: try context.parameters.id("id", of: "resident"), by: try context.requirePrincipal()))
    }

    @Sendable func plan(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<VisitPlan> {
        let principal = try context.requirePrincipal()
        return JSONResponse(
            try await VisitPlans.plan(database, communityID: try RegistryController.community(request, principal)))
    }

    struct PlanBody: Decodable {
        var communityID: Int64?
        var everyDays: [String: Int]
    }

    @Sendable func setPlan(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<VisitPlan> {
        let principal = try context.requirePrincipal()
        let b = try await request.decode(as: PlanBody.self, context: context)
        guard let community = b.communityID ?? principal.communityID,
            let street = directory.current.communities[community]?.streetID
        else { throw GridHubError.notFound("community") }
        try await VisitPlans.set(
            VisitPlan(everyDays: b.everyDays), communityID: community, streetID: street, by: principal, in: database)
        return JSONResponse(try await VisitPlans.plan(database, communityID: community))
    }

    struct CaseBody: Decodable {
        var classCode: String?
        var description: String?
    }

    struct FiledCase: Decodable {
        var caseID: Int64
    }

    /// A need found in a visit becomes a case (独居老人求助 …) at the resident's building, filed by the
    /// visitor through the same desk as every report; the case names the resident masked.
    @Sendable func toCase(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.id("id", of: "visit")
        let b = try await PatrolController.optionalBody(CaseBody.self, request, context) ?? CaseBody()
        let draft = try await visits.caseDraft(visitID: id, by: principal)
        if let existing = draft.existing {
            throw GridHubError(.conflict, "case_exists", "This visit became case \(existing) already.")
        }
        let extra = b.description?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let answer = try await desk.file(
            ReportDraft(
                lat: draft.lat, lon: draft.lon, classCode: b.classCode, text: draft.title,
                description: extra.isEmpty ? draft.description : draft.description + " " + extra, address: draft.address,
                channel: ReportChannel.visit.rawValue),
            photos: [], by: principal,
            // The desk's own key: the visit and a digest of the caller's, so a key of the full 200 characters fits.
            idempotencyKey: request.headers[.idempotencyKey].map { "visit-\(id)-" + SHA256.hash(data: Data($0.utf8)).hexString })
        if let filed = try? APIJSON.decoder().decode(FiledCase.self, from: answer.body), answer.status < 300 {
            try await visits.link(visitID: id, caseID: filed.caseID)
        }
        return Response(
            status: .init(code: answer.status), headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}
