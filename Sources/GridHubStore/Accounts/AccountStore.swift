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
            disabled: disabled, failedLogins: failedLogins, lockedUntil: lockedUntil.map(Clock.date))
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
            return (row.account(gridIDs: try await Self.gridIDs(sql, accountID: id)), row.passwordHash)
        }
    }

    public func account(id: Int64) async throws -> Account? {
        try await database.read { sql in
            guard
                let row = try await sql.select().columns("*").from("accounts").where("id", .equal, id)
                    .row(AccountRow.self)
            else { return nil }
            return row.account(gridIDs: try await Self.gridIDs(sql, accountID: id))
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
                createdAt: Clock.millis(now)))
        for grid in new.gridIDs {
            try await sql.insert(into: "account_grids").columns("account_id", "grid_id")
                .values(SQLBind(id), SQLBind(grid)).run()
        }
        return id
    }

    /// Counts a wrong password and locks the account on the fifth (``LoginPolicy``).
    public func recordFailedLogin(accountID: Int64, now: Date) async throws {
        try await database.write { sql in
            let failures =
                try await sql.select().column("failed_logins").from("accounts")
                .where("id", .equal, accountID).first()?.decode(column: "failed_logins", as: Int.self) ?? 0
            let next = LoginPolicy.afterFailure(failures: failures, now: now)
            try await sql.update("accounts").set("failed_logins", to: next.failures)
                .set("locked_until", to: next.lockedUntil.map(Clock.millis))
                .where("id", .equal, accountID).run()
        }
    }

    public func recordSuccessfulLogin(accountID: Int64) async throws {
        try await database.write { sql in
            try await sql.update("accounts").set("failed_logins", to: 0).set("locked_until", to: SQLLiteral.null)
                .where("id", .equal, accountID).run()
        }
    }

    public func setPassword(username: String, passwordHash: String) async throws {
        try await updateExisting(username) { $0.set("password_hash", to: passwordHash).set("failed_logins", to: 0) }
    }

    public func setDisabled(username: String, _ disabled: Bool) async throws {
        try await updateExisting(username) { $0.set("disabled", to: disabled) }
        if disabled {  // a disabled account keeps no way back in
            try await database.write { sql in
                try await sql.update("refresh_tokens").set("revoked", to: true)
                    .where(
                        "account_id", .in,
                        SQLSubquery.select { $0.column("id").from("accounts").where("username", .equal, username) }
                    )
                    .run()
            }
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

    /// Stores a new refresh token (only its SHA-256 is kept) and returns the token itself.
    public func issueRefreshToken(accountID: Int64, lifetime: TimeInterval, now: Date) async throws -> String {
        let token = Self.randomToken()
        try await database.write { sql in
            try await sql.insert(into: "refresh_tokens")
                .columns("token_hash", "account_id", "expires_at", "revoked", "created_at")
                .values(
                    SQLBind(Self.hash(token)), SQLBind(accountID), SQLBind(Clock.millis(now.addingTimeInterval(lifetime))),
                    SQLBind(false), SQLBind(Clock.millis(now))
                ).run()
        }
        return token
    }

    /// Uses up a refresh token (each works once) and returns its account id; nil when unknown, used or expired.
    public func consumeRefreshToken(_ token: String, now: Date) async throws -> Int64? {
        try await database.write { sql in
            let hash = Self.hash(token)
            guard
                let row = try await sql.select().columns("account_id", "expires_at", "revoked").from("refresh_tokens")
                    .where("token_hash", .equal, hash).first()
            else { return nil }
            let revoked = try row.decode(column: "revoked", as: Bool.self)
            let expires = try row.decode(column: "expires_at", as: Int64.self)
            guard !revoked, expires > Clock.millis(now) else { return nil }
            try await sql.update("refresh_tokens").set("revoked", to: true).where("token_hash", .equal, hash).run()
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
