import Crypto
import Foundation
import GridHubCore
import SQLKit

struct AccountRow: Codable, Sendable {
    var id: Int64?
    var username: String
    var displayName: String
    var passwordHash: String
    var role: String
    var streetId: Int64?
    var communityId: Int64?
    var departmentId: Int64?
    var phone: String?
    var disabled: Bool
    var failedLogins: Int
    var lockedUntil: Int64?
    var createdAt: Int64

    func account(gridIDs: [Int64]) -> Account {
        Account(
            id: id ?? 0, username: username, displayName: displayName, role: Role(rawValue: role) ?? .resident,
            streetID: streetId, communityID: communityId, departmentID: departmentId, gridIDs: gridIDs, phone: phone,
            disabled: disabled, failedLogins: failedLogins, lockedUntil: lockedUntil.map(StoredTime.date))
    }
}

/// A new account to create.
public struct NewAccount: Sendable {
    public var username: String
    public var displayName: String
    public var passwordHash: String
    public var role: Role
    public var streetID: Int64?
    public var communityID: Int64?
    public var departmentID: Int64?
    public var gridIDs: [Int64]
    public var phone: String?

    public init(
        username: String, displayName: String, passwordHash: String, role: Role, streetID: Int64? = nil,
        communityID: Int64? = nil, departmentID: Int64? = nil, gridIDs: [Int64] = [], phone: String? = nil
    ) {
        self.username = username
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.role = role
        self.streetID = streetID
        self.communityID = communityID
        self.departmentID = departmentID
        self.gridIDs = gridIDs
        self.phone = phone
    }
}

/// Accounts, their grids, sign-in failures and refresh tokens.
public struct AccountStore: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    /// The account and its bcrypt hash, for signing in.
    public func credentials(username: String) async throws -> (account: Account, passwordHash: String)? {
        try await database.read { sql in
            guard
                let row = try await sql.select().columns("*").from("accounts").where("username", .equal, username)
                    .row(AccountRow.self), let id = row.id
            else { return nil }
            return (try await Self.account(sql, row, id), row.passwordHash)
        }
    }

    public func account(id: Int64) async throws -> Account? {
        try await database.read { sql in
            guard
                let row = try await sql.select().columns("*").from("accounts").where("id", .equal, id)
                    .row(AccountRow.self)
            else { return nil }
            return try await Self.account(sql, row, id)
        }
    }

    /// An account's display name alone (what a timeline entry is signed with): one query, not the
    /// account with its grids and roles.
    public func displayName(id: Int64) async throws -> String? {
        try await database.read { sql in try await Self.displayName(sql, id: id) }
    }

    static func displayName(_ sql: any SQLDatabase, id: Int64) async throws -> String? {
        try await sql.select().column("display_name").from("accounts").where("id", .equal, id).first()?
            .decode(column: "display_name", as: String.self)
    }

    /// The account of a row, with its grids and its further roles.
    static func account(_ sql: any SQLDatabase, _ row: AccountRow, _ id: Int64) async throws -> Account {
        let grids = try await gridIDs(sql, accountID: id)
        var account = row.account(gridIDs: grids)
        account.more = try await sql.select().columns("role", "community_id", "department_id").from("account_roles")
            .where("account_id", .equal, id).orderBy("role").all().compactMap { r in
                guard let role = Role(rawValue: try r.decode(column: "role", as: String.self)) else { return nil }
                return RoleGrant(
                    role: role, streetID: row.streetId, communityID: try r.decode(column: "community_id", as: Int64?.self),
                    departmentID: try r.decode(column: "department_id", as: Int64?.self), gridIDs: grids)
            }
        return account
    }

    /// Gives an account a further role (replacing the same role's earlier grant). A community role
    /// needs its community, a department role its department, a grid worker's grids; the account's
    /// main role cannot be granted again.
    public func grant(
        _ role: Role, to username: String, communityID: Int64? = nil, departmentID: Int64? = nil, now: Date = Date()
    ) async throws {
        try await database.write { sql in
            guard
                let row = try await sql.select().columns("*").from("accounts").where("username", .equal, username)
                    .row(AccountRow.self), let id = row.id
            else { throw GridHubError.notFound("account '\(username)'") }
            guard row.role != role.rawValue else {
                throw GridHubError(.conflict, "already_held", "'\(username)' already holds \(role.rawValue) as the main role.")
            }
            let grant = RoleGrant(
                role: role, streetID: row.streetId, communityID: communityID, departmentID: departmentID,
                gridIDs: try await Self.gridIDs(sql, accountID: id))
            guard !role.isHeldInUnits || !grant.units.isEmpty else {
                throw GridHubError(
                    .unprocessable, "missing_unit",
                    "A \(role.rawValue) role is held in a unit: name its community, department or grids.")
            }
            try await sql.delete(from: "account_roles").where("account_id", .equal, id).where("role", .equal, role.rawValue).run()
            try await sql.insert(into: "account_roles").columns(
                "account_id", "role", "community_id", "department_id", "granted_at"
            )
            .values(
                SQLBind(id), SQLBind(role.rawValue), SQLBind(communityID), SQLBind(departmentID), SQLBind(StoredTime.millis(now))
            )
            .run()
        }
    }

    /// Takes a further role away; 404 when the account does not hold it.
    public func revoke(_ role: Role, from username: String) async throws {
        try await database.write { sql in
            guard
                let id = try await sql.select().column("id").from("accounts").where("username", .equal, username).first()?
                    .decode(column: "id", as: Int64.self),
                try await sql.select().column("role").from("account_roles").where("account_id", .equal, id)
                    .where("role", .equal, role.rawValue).first() != nil
            else { throw GridHubError.notFound("further role \(role.rawValue) of '\(username)'") }
            try await sql.delete(from: "account_roles").where("account_id", .equal, id).where("role", .equal, role.rawValue).run()
        }
    }

    static func gridIDs(_ sql: any SQLDatabase, accountID: Int64) async throws -> [Int64] {
        try await sql.select().column("grid_id").from("account_grids").where("account_id", .equal, accountID)
            .orderBy("grid_id").all().map { try $0.decode(column: "grid_id", as: Int64.self) }
    }

    @discardableResult
    public func create(_ new: NewAccount, now: Date = Date()) async throws -> Int64 {
        try await database.write { sql in try await Self.create(sql, new, now: now) }
    }

    static func create(_ sql: any SQLDatabase, _ new: NewAccount, now: Date) async throws -> Int64 {
        let exists = try await sql.select().column("id").from("accounts").where("username", .equal, new.username).first()
        guard exists == nil else {
            throw GridHubError(.conflict, "username_taken", "The username '\(new.username)' is already in use.")
        }
        let id = try await sql.insertReturningID(
            into: "accounts",
            AccountRow(
                username: new.username, displayName: new.displayName, passwordHash: new.passwordHash,
                role: new.role.rawValue, streetId: new.streetID, communityId: new.communityID,
                departmentId: new.departmentID, phone: new.phone, disabled: false, failedLogins: 0, lockedUntil: nil,
                createdAt: StoredTime.millis(now)))
        for grid in new.gridIDs {
            try await sql.insert(into: "account_grids").columns("account_id", "grid_id")
                .values(SQLBind(id), SQLBind(grid)).run()
        }
        return id
    }

    /// A sign-in attempt, counted before its password is checked (``LoginPolicy``).
    public struct SignInTicket: Sendable {
        public var account: Account
        public var passwordHash: String
        public var reservation: LoginPolicy.Reservation
    }

    /// Reads the account and counts one guess in the same step (the row locked on PostgreSQL), so
    /// concurrent guesses cannot all read the same count; nil for an unknown username.
    public func reserveSignIn(username: String, now: Date) async throws -> SignInTicket? {
        try await database.write { sql in
            guard
                let row = try await sql.select().columns("*").from("accounts").where("username", .equal, username)
                    .for(.update).row(AccountRow.self), let id = row.id
            else { return nil }
            let reservation = LoginPolicy.reserve(
                failures: row.failedLogins, lockedUntil: row.lockedUntil.map(StoredTime.date), now: now)
            if case .guess(let failures, let lock) = reservation {
                var update = sql.update("accounts").set("failed_logins", to: failures)
                if let lock {
                    update = update.set("locked_until", to: StoredTime.millis(lock)).set("locked_at", to: StoredTime.millis(now))
                }
                try await update.where("id", .equal, id).run()
            }
            return SignInTicket(
                account: try await Self.account(sql, row, id), passwordHash: row.passwordHash,
                reservation: reservation)
        }
    }

    /// A right password: the count starts again. Returns when the account was last locked, if that
    /// has not been told to its owner yet, and forgets it.
    public func completeSignIn(accountID: Int64) async throws -> Date? {
        try await database.write { sql in
            let lockedAt: Int64? = try await sql.select().column("locked_at").from("accounts")
                .where("id", .equal, accountID).first()?.decode(column: "locked_at", as: Int64?.self)
            try await sql.update("accounts").set("failed_logins", to: 0).set("locked_until", to: SQLLiteral.null)
                .set("locked_at", to: SQLLiteral.null).where("id", .equal, accountID).run()
            return lockedAt.map(StoredTime.date)
        }
    }

    /// A new password clears the lock and ends every session: no refresh token of the account works
    /// any more, so its access tokens lapse within their quarter of an hour.
    public func setPassword(username: String, passwordHash: String) async throws {
        try await updateExisting(username) {
            $0.set("password_hash", to: passwordHash).set("failed_logins", to: 0).set("locked_until", to: SQLLiteral.null)
        }
        try await revokeRefreshTokens(username: username)
    }

    public func setDisabled(username: String, _ disabled: Bool) async throws {
        try await updateExisting(username) { $0.set("disabled", to: disabled) }
        if disabled { try await revokeRefreshTokens(username: username) }  // a disabled account keeps no way back in
    }

    private func revokeRefreshTokens(username: String) async throws {
        try await database.write { sql in
            try await sql.update("refresh_tokens").set("revoked", to: true)
                .where(
                    "account_id", .in,
                    SQLSubquery.select { $0.column("id").from("accounts").where("username", .equal, username) }
                )
                .run()
        }
    }

    private func updateExisting(
        _ username: String, _ change: @escaping @Sendable (SQLUpdateBuilder) -> SQLUpdateBuilder
    ) async throws {
        try await database.write { sql in
            guard try await sql.select().column("id").from("accounts").where("username", .equal, username).first() != nil
            else { throw GridHubError.notFound("account '\(username)'") }
            try await change(sql.update("accounts")).where("username", .equal, username).run()
        }
    }

    // MARK: Refresh tokens

    /// Stores a new refresh token (only its SHA-256 is kept) and returns the token itself. A sign-in
    /// starts a family; each refresh continues it.
    public func issueRefreshToken(accountID: Int64, lifetime: TimeInterval, now: Date) async throws -> String {
        try await database.write { sql in
            try await Self.insertRefreshToken(sql, accountID: accountID, family: nil, lifetime: lifetime, now: now)
        }
    }

    static func insertRefreshToken(
        _ sql: any SQLDatabase, accountID: Int64, family: String?, lifetime: TimeInterval, now: Date
    ) async throws -> String {
        let token = Self.randomToken()
        let hash = Self.hash(token)
        try await sql.insert(into: "refresh_tokens")
            .columns("token_hash", "account_id", "expires_at", "revoked", "created_at", "family", "used")
            .values(
                SQLBind(hash), SQLBind(accountID), SQLBind(StoredTime.millis(now.addingTimeInterval(lifetime))),
                SQLBind(false), SQLBind(StoredTime.millis(now)), SQLBind(family ?? hash), SQLBind(false)
            ).run()
        return token
    }

    /// What became of a refresh token handed back.
    public enum Rotation: Sendable, Equatable {
        /// Valid: used up, and this one of the same family given instead.
        case rotated(accountID: Int64, token: String)
        /// Used before: someone holds a copy, so the whole family is revoked.
        case reused(accountID: Int64)
        /// Unknown, revoked or expired.
        case invalid
    }

    /// Uses up a refresh token and issues its successor in one transaction. A token used twice means a
    /// copy is in other hands: its family — every token descended from that sign-in — is revoked.
    public func rotateRefreshToken(_ token: String, lifetime: TimeInterval, now: Date) async throws -> Rotation {
        try await database.write { sql in
            let hash = Self.hash(token)
            guard
                let row = try await sql.select().columns("account_id", "expires_at", "revoked", "used", "family")
                    .from("refresh_tokens").where("token_hash", .equal, hash).for(.update).first()
            else { return .invalid }
            let account = try row.decode(column: "account_id", as: Int64.self)
            let family = try row.decode(column: "family", as: String.self)
            if try row.decode(column: "used", as: Bool.self) {
                try await sql.update("refresh_tokens").set("revoked", to: true).where("family", .equal, family).run()
                return .reused(accountID: account)
            }
            guard try !row.decode(column: "revoked", as: Bool.self),
                try row.decode(column: "expires_at", as: Int64.self) > StoredTime.millis(now)
            else { return .invalid }
            try await sql.update("refresh_tokens").set("used", to: true).where("token_hash", .equal, hash).run()
            let next = try await Self.insertRefreshToken(sql, accountID: account, family: family, lifetime: lifetime, now: now)
            return .rotated(accountID: account, token: next)
        }
    }

    /// Signing out: the token's whole family stops working. Returns its account, nil for an unknown token.
    public func revokeFamily(of token: String) async throws -> Int64? {
        try await database.write { sql in
            guard
                let row = try await sql.select().columns("account_id", "family").from("refresh_tokens")
                    .where("token_hash", .equal, Self.hash(token)).first()
            else { return nil }
            try await sql.update("refresh_tokens").set("revoked", to: true)
                .where("family", .equal, try row.decode(column: "family", as: String.self)).run()
            return try row.decode(column: "account_id", as: Int64.self)
        }
    }

    static func randomToken() -> String {
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).hexString
    }
}

extension AccountRow: ColumnDecodable {
    init(columns r: any SQLRow) throws {
        self.init(
            id: try r.decode(column: "id", as: Int64.self), username: try r.decode(column: "username", as: String.self),
            displayName: try r.decode(column: "display_name", as: String.self),
            passwordHash: try r.decode(column: "password_hash", as: String.self),
            role: try r.decode(column: "role", as: String.self), streetId: try r.optional("street_id"),
            communityId: try r.optional("community_id"), departmentId: try r.optional("department_id"),
            phone: try r.optional("phone"), disabled: try r.decode(column: "disabled", as: Bool.self),
            failedLogins: try r.decode(column: "failed_logins", as: Int.self), lockedUntil: try r.optional("locked_until"),
            createdAt: try r.decode(column: "created_at", as: Int64.self))
    }
}
