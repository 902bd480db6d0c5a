import Foundation
import GridHubCore
import GridHubStore
import Hummingbird
import HummingbirdBcrypt
import NIOPosix

/// Sign-in, token refresh and "who am I".
struct AuthController {
    let accounts: AccountStore
    let tokens: TokenService
    let audit: AuditTrail
    let throttle = SignInThrottle()
    let refreshLifetime: TimeInterval = 30 * 86_400

    struct LoginRequest: Decodable {
        var username: String
        var password: String
    }

    struct RefreshRequest: Decodable {
        var refreshToken: String
    }

    struct TokenPair: Encodable, Sendable {
        var accessToken: String
        var tokenType = "Bearer"
        var expiresIn: Int
        var refreshToken: String
        var account: AccountView
        /// Told to the owner after a right password: when the account was last locked by wrong guesses.
        var lockedAt: Date?
    }

    struct AccountView: Encodable, Sendable {
        var id: Int64
        var username: String
        var displayName: String
        var role: Role
        var roleName: String
        var streetID: Int64?
        var communityID: Int64?
        var departmentID: Int64?
        var gridIDs: [Int64]
        /// Roles held besides the main one.
        var moreRoles: [MoreRole]
        /// Every capability some role held grants (where, the roles' units say).
        var capabilities: [String]

        struct MoreRole: Encodable, Sendable {
            var role: Role
            var roleName: String
        }

        enum CodingKeys: String, CodingKey {
            case id, username, displayName, role, roleName, streetID, communityID, departmentID, moreRoles, capabilities
            case gridIDs = "grid_ids"  // the encoder would spell "gridIDs" as "grid_i_ds"
        }

        init(_ a: Account) {
            (id, username, displayName, role, roleName) = (a.id, a.username, a.displayName, a.role, a.role.chineseName)
            (streetID, communityID, departmentID, gridIDs) = (a.streetID, a.communityID, a.departmentID, a.gridIDs)
            moreRoles = a.more.map { MoreRole(role: $0.role, roleName: $0.role.chineseName) }
            let held = a.principal.grants.map(\.role.capabilities).reduce(into: Set<Capability>()) { $0.formUnion($1) }
            capabilities = held.map(\.rawValue).sorted()
        }
    }

    func addRoutes(to group: some RouterMethods<AppRequestContext>) {
        group.post("auth/login", use: login)
        group.post("auth/refresh", use: refresh)
        group.post("auth/logout", use: logout)
        group.get("me", use: me)
    }

    /// Every refusal — unknown user, wrong password, locked account — is the same 401 after the same
    /// bcrypt work; see ``LoginPolicy``.
    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<TokenPair> {
        let body = try await request.decode(as: LoginRequest.self, context: context)
        let now = Date()
        let address = context.clientAddress
        let slot = try await throttle.take(address, now: now)
        let ticket = try await accounts.reserveSignIn(username: body.username, now: now)
        let hash = ticket.flatMap { $0.reservation == .locked ? nil : $0.passwordHash } ?? Self.dummyHash
        let matches = try await Self.verify(body.password, hash: hash) && ticket != nil && ticket?.reservation != .locked
        var entry = AuditEntry(
            at: now, actorID: ticket?.account.id, actor: String(body.username.prefix(100)), action: .signIn, address: address)
        do {
            try LoginPolicy.decide(ticket?.reservation, passwordMatches: matches, disabled: ticket?.account.disabled ?? false)
        } catch {
            entry.outcome = ticket?.reservation == .locked ? .refused : .failure
            if case .guess(_, let lock?) = ticket?.reservation { entry.detail = "locked until \(lock)" }
            try await audit.record(entry)
            throw error
        }
        guard let account = ticket?.account else { throw LoginPolicy.refused }
        await throttle.giveBack(address, slot: slot)
        let lockedAt = try await accounts.completeSignIn(accountID: account.id)
        try await audit.record(entry)
        var pair = try await pair(for: account, now: now)
        pair.lockedAt = lockedAt
        return JSONResponse(pair)
    }

    @Sendable func refresh(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<TokenPair> {
        let body = try await request.decode(as: RefreshRequest.self, context: context)
        let now = Date()
        let invalid = GridHubError(.unauthorized, "invalid_refresh_token", "The refresh token is unknown, used or expired.")
        switch try await accounts.rotateRefreshToken(body.refreshToken, lifetime: refreshLifetime, now: now) {
        case .invalid:
            throw invalid
        case .reused(let accountID):
            try await audit.record(
                AuditEntry(
                    at: now, actorID: accountID, actor: try await username(accountID), action: .refreshReuse, outcome: .refused,
                    address: context.clientAddress, detail: "a used refresh token came back: its family is revoked"))
            throw invalid
        case .rotated(let accountID, let token):
            guard let account = try await accounts.account(id: accountID), !account.disabled else { throw invalid }
            return JSONResponse(
                TokenPair(
                    accessToken: try await tokens.issue(for: account.principal, now: now),
                    expiresIn: Int(tokens.accessLifetime), refreshToken: token, account: AccountView(account)))
        }
    }

    /// 退出登录: the refresh token's family stops working; the access token lapses within its lifetime.
    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.decode(as: RefreshRequest.self, context: context)
        if let accountID = try await accounts.revokeFamily(of: body.refreshToken) {
            try await audit.record(
                AuditEntry(
                    at: Date(), actorID: accountID, actor: try await username(accountID), action: .signOut,
                    address: context.clientAddress))
        }
        return Response(status: .noContent)
    }

    /// The audit trail names people by username, as operators search it.
    func username(_ accountID: Int64) async throws -> String {
        try await accounts.account(id: accountID)?.username ?? "account:\(accountID)"
    }

    @Sendable func me(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<AccountView> {
        let principal = try context.requirePrincipal()
        guard let account = try await accounts.account(id: principal.accountID) else {
            throw GridHubError(.unauthorized, "invalid_token", "This account no longer exists.")
        }
        return JSONResponse(AccountView(account))
    }

    func pair(for account: Account, now: Date) async throws -> TokenPair {
        TokenPair(
            accessToken: try await tokens.issue(for: account.principal, now: now),
            expiresIn: Int(tokens.accessLifetime),
            refreshToken: try await accounts.issueRefreshToken(accountID: account.id, lifetime: refreshLifetime, now: now),
            account: AccountView(account))
    }

    /// bcrypt is deliberately slow: run it on the blocking pool, not on an event loop.
    static func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    static let dummyHash = Bcrypt.hash("not-a-real-password", cost: 10)
}
