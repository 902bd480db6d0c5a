import Foundation
import GridHubCore
import JWTKit

/// The claims of an access token: who, their roles and their scopes, valid for a quarter of an hour.
struct AccessClaims: JWTPayload {
    var sub: SubjectClaim
    var exp: ExpirationClaim
    var iat: IssuedAtClaim
    var usr: String
    var role: String
    var street: Int64?
    var community: Int64?
    var department: Int64?
    var grids: [Int64]
    /// Further roles, each in its units (absent when there are none).
    var more: [RoleGrant]?

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}

/// Issues and checks short-lived access tokens (HS256 JWT). The scope travels in the token, so a
/// request needs no database read to know what its caller may see.
public struct TokenService: Sendable {
    let keys: JWTKeyCollection
    public let accessLifetime: TimeInterval
    private let verified = VerifiedTokens()

    public init(secret: [UInt8], accessLifetime: TimeInterval = 15 * 60) async {
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.accessLifetime = accessLifetime
    }

    public func issue(for p: Principal, now: Date = Date()) async throws -> String {
        try await keys.sign(
            AccessClaims(
                sub: .init(value: String(p.accountID)), exp: .init(value: now.addingTimeInterval(accessLifetime)),
                iat: .init(value: now), usr: p.username, role: p.role.rawValue, street: p.streetID,
                community: p.communityID, department: p.departmentID, grids: p.gridIDs, more: p.more.isEmpty ? nil : p.more))
    }

    /// The principal of a valid token; 401 for an expired, forged or malformed one.
    public func verify(_ token: String, now: Date = Date()) async throws -> Principal {
        if let known = verified.principal(of: token, now: now) { return known }
        let claims: AccessClaims
        do {
            claims = try await keys.verify(token, as: AccessClaims.self)
        } catch let error as JWTError where error.errorType == .claimVerificationFailure {
            throw GridHubError(.unauthorized, "token_expired", "The access token has expired; refresh it or sign in again.")
        } catch {
            throw GridHubError(.unauthorized, "invalid_token", "The access token is not valid.")
        }
        guard let id = Int64(claims.sub.value), let role = Role(rawValue: claims.role) else {
            throw GridHubError(.unauthorized, "invalid_token", "The access token is not valid.")
        }
        let principal = Principal(
            accountID: id, username: claims.usr, role: role, streetID: claims.street, communityID: claims.community,
            departmentID: claims.department, gridIDs: claims.grids, more: claims.more ?? [])
        verified.remember(token, as: principal, until: claims.exp.value)
        return principal
    }
}
