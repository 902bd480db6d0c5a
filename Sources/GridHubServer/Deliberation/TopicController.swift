import Foundation
import GridHubCore
import GridHubStore
import Hummingbird

/// Topics through the four steps: raise, read, move, call the review meeting, check in, vote, close
/// the vote, object; the suggestions from cases, the yearly report and the public resolutions.
struct TopicController {
    let topics: TopicStore
    let desk: ReportDesk

    func addRoutes(to group: some RouterMethods<AppRequestContext>) {
        group.get("topics", use: list)
        group.post("topics", use: raise)
        group.get("topics/suggestions", use: suggestions)
        group.get("topics/report", use: report)
        group.get("topics/:id", use: one)
        group.post("topics/:id/actions", use: act)
        group.post("topics/:id/meetings", use: callMeeting)
        group.post("topics/:id/attendance", use: checkIn)
        group.post("topics/:id/votes", use: vote)
        group.post("topics/:id/votes/close", use: closeVote)
        group.post("topics/:id/objections", use: object)
        group.get("public/resolutions", use: resolutions)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[TopicSummary]> {
        let principal = try context.requirePrincipal()
        let state = try request.query("state", as: String.self).map { raw in
            guard let s = TopicState(rawValue: raw) else { throw GridHubError.invalid("state", "No state '\(raw)'.") }
            return s
        }
        return JSONResponse(
            try await topics.list(
                communityID: try RegistryController.id(request, "community_id"), state: state,
                committeeID: try RegistryController.id(request, "committee_id"), by: principal))
    }

    struct RaiseBody: Decodable {
        var communityID: Int64?
        var title: String
        var description: String
        var buildingID: Int64?
        var caseIDs: [Int64]?
    }

    @Sendable func raise(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<TopicView> {
        let principal = try context.requirePrincipal()
        let b = try await request.decode(as: RaiseBody.self, context: context)
        for id in [b.communityID, b.buildingID].compactMap({ $0 }) + (b.caseIDs ?? []) where id < 1 {
            throw GridHubError.invalid("id", "Ids are 1 or more.")
        }
        let input = TopicInput(title: b.title, description: b.description, buildingID: b.buildingID, caseIDs: b.caseIDs ?? [])
        return JSONResponse(try await topics.raise(input, communityID: b.communityID, by: principal), status: .created)
    }

    @Sendable func one(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<TopicView> {
        JSONResponse(try await topics.topic(try context.parameters.id("id", of: "topic"), by: try context.requirePrincipal()))
    }

    struct ActionBody: Decodable {
        var action: TopicAction
        var reason: String?
        var committeeID: Int64?
        var resolution: ResolutionInput?
    }

    @Sendable func act(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<TopicView> {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.id("id", of: "topic")
        let b = try await request.decode(as: ActionBody.self, context: context)
        if let c = b.committeeID, c < 1 { throw GridHubError.invalid("committee_id", "'committee_id' is 1 or more.") }
        if b.action == .enact {
            return JSONResponse(try await topics.enact(id, reason: b.reason, by: principal, desk: desk))
        }
        return JSONResponse(
            try await topics.act(
                id, .init(action: b.action, reason: b.reason, committeeID: b.committeeID, resolution: b.resolution), by: principal))
    }

    struct MeetingBody: Decodable {
        var startsAt: String
        var place: String
    }

    @Sendable func callMeeting(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<TopicView> {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.id("id", of: "topic")
        let b = try await request.decode(as: MeetingBody.self, context: context)
        return JSONResponse(
            try await topics.callMeeting(
                id, startsAt: try ActivityController.time(b.startsAt, "starts_at"), place: b.place, by: principal),
            status: .created)
    }

    struct SeatBody: Decodable {
        var representativeID: Int64?
        var choice: VoteChoice?
    }

    /// The body is optional for one's own check-in.
    func seat(_ request: Request, _ context: AppRequestContext) async throws -> SeatBody {
        let b = try await PatrolController.optionalBody(SeatBody.self, request, context) ?? SeatBody()
        if let r = b.representativeID, r < 1 { throw GridHubError.invalid("representative_id", "'representative_id' is 1 or more.") }
        return b
    }

    @Sendable func checkIn(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<TopicView> {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.id("id", of: "topic")
        let b = try await seat(request, context)
        let meeting = try await topics.openMeeting(of: id, by: principal)
        return JSONResponse(try await topics.checkIn(meeting, representative: b.representativeID, by: principal))
    }

    @Sendable func vote(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<TopicView> {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.id("id", of: "topic")
        let b = try await seat(request, context)
        guard let choice = b.choice else { throw GridHubError.missing("choice") }
        let meeting = try await topics.openMeeting(of: id, by: principal)
        return JSONResponse(try await topics.vote(meeting, choice, representative: b.representativeID, by: principal))
    }

    @Sendable func closeVote(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<TopicView> {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.id("id", of: "topic")
        let meeting = try await topics.openMeeting(of: id, by: principal)
        return JSONResponse(try await topics.closeVote(meeting, by: principal))
    }

    struct ObjectionBody: Decodable {
        var reason: String
    }

    @Sendable func object(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<TopicView> {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.id("id", of: "topic")
        let b = try await request.decode(as: ObjectionBody.self, context: context)
        return JSONResponse(try await topics.object(id, reason: b.reason, by: principal), status: .created)
    }

    @Sendable func suggestions(_ request: Request, context: AppRequestContext) async throws
        -> JSONResponse<[TopicStore.Suggestion]>
    {
        let principal = try context.requirePrincipal()
        guard let community = try RegistryController.id(request, "community_id") ?? principal.communityID else {
            throw GridHubError(.unprocessable, "community_required", "Name the community (community_id).")
        }
        return JSONResponse(try await topics.suggestions(communityID: community, by: principal))
    }

    @Sendable func report(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[TopicStore.YearRow]> {
        let principal = try context.requirePrincipal()
        let year = try request.query("year", as: Int.self) ?? CivilDate(Date()).year
        return JSONResponse(try await topics.yearReport(year: year, by: principal))
    }

    /// No sign-in: what the community posts on its board, without names.
    @Sendable func resolutions(_ request: Request, context: AppRequestContext) async throws
        -> JSONResponse<[PublicResolution]>
    {
        JSONResponse(try await topics.publicResolutions(communityID: try RegistryController.id(request, "community_id")))
    }
}
