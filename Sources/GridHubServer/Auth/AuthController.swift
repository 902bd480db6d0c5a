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

        enum CodingKeys: String, CodingKey {
            case id, username, displayName, role, roleName, streetID, communityID, departmentID
            case gridIDs = "grid_ids"  // the encoder would spell "gridIDs" as "grid_i_ds"
        }

        init(_ a: Account) {
            (id, username, displayName, role, roleName) = (a.id, a.username, a.displayName, a.role, a.role.chineseName)
            (streetID, communityID, departmentID, gridIDs) = (a.streetID, a.communityID, a.departmentID, a.gridIDs)
        }
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("auth/login", use: login)
        group.post("auth/refresh", use: refresh)
        group.get("me", use: me)
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<TokenPair> {
        let body = try await request.decode(as: LoginRequest.self, context: context)
        let now = Date()
        let wrong = GridHubError(.unauthorized, "invalid_credentials", "Wrong username or password.")
        guard let (account, hash) = try await accounts.credentials(username: body.username) else {
            _ = try await Self.verify(body.password, hash: Self.dummyHash)  // same time whether or not the user exists
            throw wrong
        }
        try LoginPolicy.check(account, now: now)
        guard try await Self.verify(body.password, hash: hash) else {
            try await accounts.recordFailedLogin(accountID: account.id, now: now)
            throw wrong
        }
        try await accounts.recordSuccessfulLogin(accountID: account.id)
        return JSONResponse(try await pair(for: account, now: now))
    }

    @Sendable func refresh(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<TokenPair> {
        let body = try await request.decode(as: RefreshRequest.self, context: context)
        let now = Date()
        guard let id = try await accounts.consumeRefreshToken(body.refreshToken, now: now),
            let account = try await accounts.account(id: id), !account.disabled
        else {
            throw GridHubError(.unauthorized, "invalid_refresh_token", "The refresh token is unknown, used or expired.")
        }
        return JSONResponse(try await pair(for: account, now: now))
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
