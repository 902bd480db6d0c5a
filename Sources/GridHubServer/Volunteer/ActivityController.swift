import Foundation
import GridHubCore
import GridHubStore
import Hummingbird

/// Volunteer activities: create, list, sign up, check in on the spot.
struct ActivityController {
    let activities: ActivityStore

    func addRoutes(to group: some RouterMethods<AppRequestContext>) {
        group.get("activities", use: list)
        group.post("activities", use: create)
        group.get("activities/:id", use: one)
        group.post("activities/:id/signup", use: signUp)
        group.post("activities/:id/checkin", use: checkIn)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[ActivityStore.View]> {
        let principal = try context.requirePrincipal()
        return JSONResponse(
            try await activities.list(communityID: try RegistryController.id(request, "community_id"), by: principal))
    }

    struct CreateBody: Decodable {
        var communityID: Int64?
        var title: String
        var description: String?
        var place: String
        var startsAt: String
        var endsAt: String
        var points: Int
        var capacity: Int
    }

    static func time(_ raw: String, _ name: String) throws -> Date {
        let f = ISO8601DateFormatter()
        guard let date = f.date(from: raw), (946_684_800...4_102_444_800).contains(date.timeIntervalSince1970) else {
            throw GridHubError(.unprocessable, "invalid_\(name)", "'\(name)' is a time like 2026-12-05T09:00:00+08:00.")
        }
        return date
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<ActivityStore.View> {
        let principal = try context.requirePrincipal()
        guard principal.can(.activityManage) else { throw GridHubError.forbidden }
        let b = try await request.decode(as: CreateBody.self, context: context)
        guard let community = b.communityID ?? principal.communityID else {
            throw GridHubError(.unprocessable, "community_required", "Name the community (community_id).")
        }
        let input = ActivityInput(
            title: b.title, description: b.description, place: b.place, startsAt: try Self.time(b.startsAt, "starts_at"),
            endsAt: try Self.time(b.endsAt, "ends_at"), points: b.points, capacity: b.capacity)
        return JSONResponse(try await activities.create(input, communityID: community, by: principal), status: .created)
    }

    @Sendable func one(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<ActivityStore.View> {
        let principal = try context.requirePrincipal()
        return JSONResponse(try await activities.activity(try context.parameters.id("id", of: "activity"), by: principal))
    }

    @Sendable func signUp(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<ActivityStore.View> {
        let principal = try context.requirePrincipal()
        return JSONResponse(try await activities.signUp(try context.parameters.id("id", of: "activity"), by: principal))
    }

    struct CheckInBody: Decodable {
        var accountID: Int64
    }

    @Sendable func checkIn(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<ActivityStore.View> {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.id("id", of: "activity")
        let b = try await request.decode(as: CheckInBody.self, context: context)
        guard b.accountID > 0 else { throw GridHubError.notFound("person") }
        return JSONResponse(try await activities.checkIn(id, accountID: b.accountID, by: principal))
    }
}
