import Foundation
import GridHubCore
import GridHubStore
import Hummingbird

/// A community's committees and members, its representatives, and its voting rules.
struct CommitteeController {
    let committees: CommitteeStore

    func addRoutes(to group: some RouterMethods<AppRequestContext>) {
        group.get("committees", use: list)
        group.put("committees/:id", use: rename)
        group.post("committees/:id/members", use: addMember)
        group.delete("committee-members/:id", use: removeMember)
        group.get("representatives", use: representatives)
        group.post("representatives", use: addRepresentative)
        group.delete("representatives/:id", use: removeRepresentative)
        group.get("voting-rules", use: rules)
        group.put("voting-rules", use: setRules)
    }

    static func community(_ request: Request, _ principal: Principal) throws -> Int64 {
        guard let community = try RegistryController.id(request, "community_id") ?? principal.communityID else {
            throw GridHubError(.unprocessable, "community_required", "Name the community (community_id).")
        }
        return community
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws
        -> JSONResponse<[CommitteeStore.CommitteeView]>
    {
        let principal = try context.requirePrincipal()
        return JSONResponse(try await committees.committees(communityID: try Self.community(request, principal), by: principal))
    }

    struct NameBody: Decodable {
        var name: String
    }

    @Sendable func rename(_ request: Request, context: AppRequestContext) async throws
        -> JSONResponse<CommitteeStore.CommitteeView>
    {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.id("id", of: "committee")
        let b = try await request.decode(as: NameBody.self, context: context)
        return JSONResponse(try await committees.rename(id, to: b.name, by: principal))
    }

    @Sendable func addMember(_ request: Request, context: AppRequestContext) async throws
        -> JSONResponse<CommitteeStore.CommitteeView>
    {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.id("id", of: "committee")
        let b = try await request.decode(as: CommitteeMemberInput.self, context: context)
        if let a = b.accountID, a < 1 { throw GridHubError.invalid("account_id", "'account_id' is 1 or more.") }
        return JSONResponse(try await committees.addMember(id, b, by: principal), status: .created)
    }

    @Sendable func removeMember(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await committees.removeMember(try context.parameters.id("id", of: "member"), by: try context.requirePrincipal())
        return Response(status: .noContent)
    }

    @Sendable func representatives(_ request: Request, context: AppRequestContext) async throws
        -> JSONResponse<[CommitteeStore.Representative]>
    {
        let principal = try context.requirePrincipal()
        return JSONResponse(
            try await committees.representatives(communityID: try Self.community(request, principal), by: principal))
    }

    struct RepresentativeBody: Decodable {
        var communityID: Int64?
        var kind: RepresentativeKind
        var name: String
        var accountID: Int64?
        /// The account by its username, for a representative who votes on a phone.
        var username: String?
    }

    @Sendable func addRepresentative(_ request: Request, context: AppRequestContext) async throws
        -> JSONResponse<CommitteeStore.Representative>
    {
        let principal = try context.requirePrincipal()
        guard principal.can(.topicSteer) else { throw GridHubError.forbidden }
        let b = try await request.decode(as: RepresentativeBody.self, context: context)
        for id in [b.communityID, b.accountID].compactMap({ $0 }) where id < 1 {
            throw GridHubError.invalid("id", "Ids are 1 or more.")
        }
        if let username = b.username, username.count > 100 {
            throw GridHubError.invalid("username", "A username is at most 100 characters.")
        }
        guard let community = b.communityID ?? principal.communityID else {
            throw GridHubError(.unprocessable, "community_required", "Name the community (community_id).")
        }
        return JSONResponse(
            try await committees.addRepresentative(
                communityID: community, kind: b.kind, name: b.name, accountID: b.accountID, username: b.username,
                by: principal),
            status: .created)
    }

    @Sendable func removeRepresentative(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await committees.removeRepresentative(
            try context.parameters.id("id", of: "representative"), by: try context.requirePrincipal())
        return Response(status: .noContent)
    }

    @Sendable func rules(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<VotingRules> {
        let principal = try context.requirePrincipal()
        return JSONResponse(try await committees.rules(communityID: try Self.community(request, principal), by: principal))
    }

    @Sendable func setRules(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<VotingRules> {
        let principal = try context.requirePrincipal()
        guard principal.can(.topicSteer) else { throw GridHubError.forbidden }
        let b = try await request.decode(as: VotingRules.self, context: context)
        return JSONResponse(
            try await committees.setRules(b, communityID: try Self.community(request, principal), by: principal))
    }
}
