import Foundation
import GridHubCore
import GridHubStore
import HTTPTypes
import Hummingbird

/// The registry's routes: households, residents, search, reveal, history, who read a record, heads'
/// posts, the street's care counts, and the register's import and export.
struct RegistryController {
    let registry: RegistryStore
    let accounts: AccountStore

    func addRoutes(to group: some RouterMethods<AppRequestContext>) {
        group.post("households", use: addHousehold)
        group.get("households/:id", use: household)
        group.put("households/:id", use: updateHousehold)
        group.post("households/:id/residents", use: addResident)
        group.get("buildings/:id/households", use: households)
        group.get("residents", use: search)
        group.post("residents/import", use: importRegister)
        group.get("residents/export", use: exportRegister)
        group.get("residents/:id", use: resident)
        group.put("residents/:id", use: updateResident)
        group.get("residents/:id/history", use: history)
        group.post("residents/:id/reveal", use: reveal)
        group.get("residents/:id/reads", use: reads)
        group.post("heads", use: post)
        group.get("me/posts", use: myPosts)
        group.get("me/residents", use: mine)
        group.put("residents/:id/account", use: link)
        group.get("registry/care", use: care)
    }

    struct HouseholdBody: Decodable {
        var buildingID: Int64
        var unitID: Int64
        var room: String
        var kind: HouseholdKind?
        var partyMember: Bool?
    }

    @Sendable func addHousehold(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<HouseholdView> {
        let principal = try context.requirePrincipal()
        let b = try await request.decode(as: HouseholdBody.self, context: context)
        return JSONResponse(
            try await registry.addHousehold(
                buildingID: b.buildingID, unitID: b.unitID, room: b.room, kind: b.kind ?? .registered,
                partyMember: b.partyMember ?? false, by: principal),
            status: .created)
    }

    @Sendable func household(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<HouseholdView> {
        JSONResponse(
            try await registry.household(
                try context.parameters.id("id", of: "household"), by: try context.requirePrincipal(),
                address: context.clientAddress))
    }

    struct HouseholdChange: Decodable {
        var kind: HouseholdKind
        var partyMember: Bool
        var version: Int?
        var reason: String?
    }

    @Sendable func updateHousehold(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<HouseholdView> {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.id("id", of: "household")
        let b = try await request.decode(as: HouseholdChange.self, context: context)
        try await registry.updateHousehold(
            id, kind: b.kind, partyMember: b.partyMember, expectedVersion: b.version, reason: b.reason, by: principal)
        return JSONResponse(try await registry.household(id, by: principal, address: context.clientAddress))
    }

    /// A person as a form sends them. On a change, an ID number or phone left out is kept as on record
    /// (forms only ever see them masked); sent empty, it is removed.
    struct ResidentBody: Decodable {
        var name: String
        var gender: String?
        var birthDate: String?
        var idNumber: String?
        var phone: String?
        var relation: String?
        var movedIn: String?
        var movedOut: String?
        var tags: [String]?
        var focusReason: String?
        var version: Int?
        var reason: String?

        func record(today: CivilDate) throws -> ResidentRecord {
            try ResidentRecord(
                name: name, gender: gender, birthDate: birthDate, idNumber: idNumber, phone: phone, relation: relation,
                movedIn: movedIn, movedOut: movedOut, tags: tags ?? [], focusReason: focusReason, today: today)
        }
    }

    @Sendable func addResident(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<ResidentView> {
        let principal = try context.requirePrincipal()
        let household = try context.parameters.id("id", of: "household")
        let b = try await request.decode(as: ResidentBody.self, context: context)
        return JSONResponse(
            try await registry.addResident(
                householdID: household, try b.record(today: CivilDate(Date())), reason: b.reason, by: principal),
            status: .created)
    }

    @Sendable func updateResident(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<ResidentView> {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.id("id", of: "resident")
        let b = try await request.decode(as: ResidentBody.self, context: context)
        return JSONResponse(
            try await registry.updateResident(
                id, try b.record(today: CivilDate(Date())), expectedVersion: b.version, reason: b.reason, by: principal,
                keepIDNumber: b.idNumber == nil, keepPhone: b.phone == nil))
    }

    @Sendable func households(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[HouseholdView]> {
        JSONResponse(
            try await registry.households(
                buildingID: try context.parameters.id("id", of: "building"), by: try context.requirePrincipal()))
    }

    /// `q` a name's beginning, `tag`, `community_id`, `building_id`, `id_number` or `phone` exactly.
    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[ResidentView]> {
        let principal = try context.requirePrincipal()
        let q: String? = try request.query("q")
        if let q, q.count > 40 { throw GridHubError(.unprocessable, "invalid_q", "A name search is at most 40 characters.") }
        let tagText: String? = try request.query("tag")
        var tag: ResidentTag?
        if let tagText {
            guard let t = ResidentTag(text: tagText) else {
                throw GridHubError(.unprocessable, "invalid_tag", "'\(tagText)' is not a group.")
            }
            tag = t
        }
        let today = CivilDate(Date())
        let search = RegistryStore.Search(
            namePrefix: q?.trimmingCharacters(in: .whitespaces), tag: tag,
            communityID: try Self.id(request, "community_id"), buildingID: try Self.id(request, "building_id"),
            idNumber: try (request.query("id_number") as String?).map { try IDNumber($0, today: today) },
            phone: try (request.query("phone") as String?).map(PhoneNumber.init),
            includeMovedOut: try request.query("moved_out") ?? false,
            window: try PageWindow(limit: try request.query("limit"), offset: try request.query("offset")))
        return JSONResponse(try await registry.search(search, by: principal, address: context.clientAddress))
    }

    /// The community a request is about: `community_id`, else the caller's own; 422 when neither names one
    /// (the centre must say which).
    static func community(_ request: Request, _ principal: Principal) throws -> Int64 {
        guard let id = try id(request, "community_id") ?? principal.communityID else {
            throw GridHubError(.unprocessable, "community_required", "Name the community (community_id).")
        }
        return id
    }

    /// An id in a query: absent, or a number from 1.
    static func id(_ request: Request, _ name: String) throws -> Int64? {
        guard let id: Int64 = try request.query(name) else { return nil }
        guard id > 0 else { throw GridHubError.invalid(name, "'\(name)' is an id, from 1.") }
        return id
    }

    @Sendable func resident(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<ResidentView> {
        JSONResponse(
            try await registry.resident(
                try context.parameters.id("id", of: "resident"), by: try context.requirePrincipal(),
                address: context.clientAddress))
    }

    @Sendable func history(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[RegistryVersion]> {
        JSONResponse(
            try await registry.history(
                try context.parameters.id("id", of: "resident"), by: try context.requirePrincipal(),
                address: context.clientAddress))
    }

    struct RevealBody: Decodable {
        var field: String
        var reason: String
    }

    struct Revealed: Encodable, Sendable {
        var field: String
        var value: String
    }

    /// One number in the clear; never stored by a client or a proxy.
    @Sendable func reveal(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.id("id", of: "resident")
        let b = try await request.decode(as: RevealBody.self, context: context)
        let value = try await registry.reveal(id, field: b.field, reason: b.reason, by: principal, address: context.clientAddress)
        var response = try JSONResponse(Revealed(field: b.field, value: value)).response(from: request, context: context)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func reads(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[RecordRead]> {
        JSONResponse(
            try await registry.reads(
                try context.parameters.id("id", of: "resident"), by: try context.requirePrincipal(),
                address: context.clientAddress))
    }

    struct PostBody: Decodable {
        var username: String
        var role: Role
        var buildingID: Int64
        var unitID: Int64?
    }

    @Sendable func post(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<HeadPost> {
        let principal = try context.requirePrincipal()
        let b = try await request.decode(as: PostBody.self, context: context)
        guard let account = try await accounts.credentials(username: b.username)?.account else {
            throw GridHubError.notFound("account '\(b.username)'")
        }
        return JSONResponse(
            try await registry.post(
                accountID: account.id, role: b.role, buildingID: b.buildingID, unitID: b.unitID, by: principal),
            status: .created)
    }

    @Sendable func myPosts(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[HeadPost]> {
        JSONResponse(try await registry.posts(of: try context.requirePrincipal()))
    }

    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[ResidentView]> {
        JSONResponse(try await registry.own(by: try context.requirePrincipal()))
    }

    struct LinkBody: Decodable {
        var username: String?
    }

    /// Links a resident's record to their account (`username`), or unlinks it (null).
    @Sendable func link(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.id("id", of: "resident")
        let b = try await request.decode(as: LinkBody.self, context: context)
        var account: Int64?
        if let username = b.username {
            guard let found = try await accounts.credentials(username: username)?.account else {
                throw GridHubError.notFound("account '\(username)'")
            }
            account = found.id
        }
        try await registry.link(residentID: id, accountID: account, by: principal)
        return .noContent
    }

    @Sendable func care(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[GridCare]> {
        let principal = try context.requirePrincipal()
        try principal.require(.indicatorsRead)
        guard let street = principal.streetID else { throw GridHubError.notFound("street of yours") }
        return JSONResponse(try await registry.care(streetID: street))
    }

    /// The body is the CSV itself (UTF-8 or GB18030); `community_id` (default: the caller's);
    /// `partial=true` writes the good lines. 422 with every bad line when nothing was written.
    @Sendable func importRegister(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<ImportReport> {
        let principal = try context.requirePrincipal()
        let community = try Self.community(request, principal)
        var request = request
        let buffer = try await request.collectBody(upTo: RegisterSheet.maxBytes)
        let sheet = try RegisterSheet(bytes: Array(buffer.readableBytesView), today: CivilDate(Date()))
        let report = try await registry.importRegister(
            sheet, communityID: community, partial: try request.query("partial") ?? false, by: principal,
            address: context.clientAddress)
        return JSONResponse(report, status: report.written == 0 && !report.problems.isEmpty ? .unprocessableContent : .created)
    }

    /// The register as CSV, masked; `reveal_reason` (for holders of `resident.reveal`) in the clear.
    @Sendable func exportRegister(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let community = try Self.community(request, principal)
        let csv = try await registry.exportRegister(
            communityID: community, revealReason: try request.query("reveal_reason"), by: principal,
            address: context.clientAddress)
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                .contentDisposition: "attachment; filename=\"register-\(community).csv\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: csv)))
    }
}
