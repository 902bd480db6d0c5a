import Crypto
import Foundation
import GridHubCore
import SQLKit

/// The secret each anonymous reporter's device holds (骑手的设备凭证): 256 random bits, given back
/// with the device's first report, kept here only as its SHA-256. A device id is a name anyone can
/// guess; the token is what proves the device.
public struct DeviceStore: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    /// Whether `token` is the device's secret. A device that has none yet has no valid token.
    public func verify(_ deviceID: String, token: String?) async throws -> Bool {
        guard let token, !token.isEmpty else { return false }
        let stored = try await database.read { sql in
            try await sql.select().column("token_hash").from("devices").where("device_id", .equal, deviceID).first()?
                .decode(column: "token_hash", as: String.self)
        }
        guard let stored else { return false }
        return Self.constantTimeEqual(stored, AccountStore.hash(token))
    }

    /// Gives a device its first token; nil when it already has one.
    public func register(_ deviceID: String, now: Date = Date()) async throws -> String? {
        try await database.write { sql in
            let exists = try await sql.select().column("device_id").from("devices").where("device_id", .equal, deviceID)
                .for(.update).first()
            guard exists == nil else { return nil }
            return try await Self.insert(sql, deviceID, now: now)
        }
    }

    /// A new token replacing the old one: for the sender of a report whose answer was lost (a replayed
    /// Idempotency-Key proves it sent the first), so it is not locked out of its own reports.
    public func rotate(_ deviceID: String, now: Date = Date()) async throws -> String {
        try await database.write { sql in
            try await sql.delete(from: "devices").where("device_id", .equal, deviceID).run()
            return try await Self.insert(sql, deviceID, now: now)
        }
    }

    static func insert(_ sql: any SQLDatabase, _ deviceID: String, now: Date) async throws -> String {
        let token = AccountStore.randomToken()
        try await sql.insert(into: "devices").columns("device_id", "token_hash", "created_at")
            .values(SQLBind(deviceID), SQLBind(AccountStore.hash(token)), SQLBind(StoredTime.millis(now))).run()
        return token
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
