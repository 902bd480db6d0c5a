import Crypto
import Foundation
import GridHubCore
import SQLKit

/// An Open311 client's key as listed: never the key itself, which is shown once when it is made.
public struct ApiKey: Sendable, Hashable, Codable {
    public var id: Int64
    /// The client app (its reports carry this as their `app`, so its webhook hears about them).
    public var name: String
    /// The key's first characters, to tell keys apart in a list.
    public var prefix: String
    public var createdAt: Date
    public var revokedAt: Date?
    public var lastUsedAt: Date?
}

/// Client keys for Open311 `POST requests`. Only a key's SHA-256 is stored: a key is 32 random bytes,
/// so a fast hash is as safe as a slow one and checking a key costs one indexed lookup.
public struct ApiKeyStore: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    static let keyPrefix = "gh311_"

    /// Makes a key for `name` (an app id: lowercase letters, digits, '-' or '_') and returns it with
    /// the key itself, which is not stored and cannot be shown again.
    public func add(name: String, now: Date = Date()) async throws -> (key: ApiKey, secret: String) {
        try ClientApp.validate(name)
        let secret = Self.keyPrefix + AccountStore.randomToken()
        let prefix = String(secret.prefix(Self.keyPrefix.count + 6))
        let id = try await database.write { sql in
            try await sql.insertReturningID(
                into: "api_keys",
                ApiKeyRow(
                    id: nil, name: name, prefix: prefix, keyHash: AccountStore.hash(secret), createdAt: StoredTime.millis(now),
                    revokedAt: nil, lastUsedAt: nil))
        }
        return (ApiKey(id: id, name: name, prefix: prefix, createdAt: now, revokedAt: nil, lastUsedAt: nil), secret)
    }

    public func list() async throws -> [ApiKey] {
        try await database.read { sql in
            try await sql.select().columns("*").from("api_keys").orderBy("id").rows(ApiKeyRow.self).map(\.key)
        }
    }

    /// Revokes by id or by the listed prefix; returns the keys revoked (none when nothing matched).
    public func revoke(_ idOrPrefix: String, now: Date = Date()) async throws -> [ApiKey] {
        try await database.write { sql in
            let match = sql.select().columns("*").from("api_keys").where("revoked_at", .is, SQLLiteral.null)
            let rows =
                try await (Int64(idOrPrefix).map { match.where("id", .equal, $0) } ?? match.where("prefix", .equal, idOrPrefix))
                .rows(ApiKeyRow.self)
            for row in rows {
                try await sql.update("api_keys").set("revoked_at", to: StoredTime.millis(now)).where("id", .equal, row.id).run()
            }
            return rows.map {
                var k = $0.key; k.revokedAt = now; return k
            }
        }
    }

    /// The live key behind `secret`, noting its use; nil when unknown or revoked.
    public func verify(_ secret: String, now: Date = Date()) async throws -> ApiKey? {
        guard secret.hasPrefix(Self.keyPrefix), secret.count < 100 else { return nil }
        return try await database.write { sql in
            guard
                let row = try await sql.select().columns("*").from("api_keys")
                    .where("key_hash", .equal, AccountStore.hash(secret)).where("revoked_at", .is, SQLLiteral.null)
                    .row(ApiKeyRow.self)
            else { return nil }
            try await sql.update("api_keys").set("last_used_at", to: StoredTime.millis(now)).where("id", .equal, row.id).run()
            return row.key
        }
    }
}

struct ApiKeyRow: Codable, Sendable {
    var id: Int64?
    var name: String
    var prefix: String
    var keyHash: String
    var createdAt: Int64
    var revokedAt: Int64?
    var lastUsedAt: Int64?

    var key: ApiKey {
        ApiKey(
            id: id ?? 0, name: name, prefix: prefix, createdAt: StoredTime.date(createdAt), revokedAt: revokedAt.map(StoredTime.date),
            lastUsedAt: lastUsedAt.map(StoredTime.date))
    }
}
