import Foundation
import GridHubCore
import SQLKit

/// A client's `Idempotency-Key` for one request: who (scope), the key, and a hash of what was asked.
public struct IdempotencyClaim: Sendable, Hashable {
    public var scope: String
    public var key: String
    public var requestHash: String

    public init(scope: String, key: String, requestHash: String) throws {
        guard (1...200).contains(key.utf8.count), key.utf8.allSatisfy({ (33...126).contains($0) }) else {
            throw GridHubError.invalid("idempotency_key", "An Idempotency-Key is 1–200 visible ASCII characters.")
        }
        self.scope = scope
        self.key = key
        self.requestHash = requestHash
    }
}

/// The answer a request got, kept so that a retry gets the same one.
public struct StoredAnswer: Sendable, Hashable {
    public var status: Int
    public var body: Data
    /// True when this is a retry answered from the store, with nothing written.
    public var replayed: Bool

    public init(status: Int, body: Data, replayed: Bool) {
        self.status = status
        self.body = body
        self.replayed = replayed
    }
}

/// Remembered answers, checked and written inside the same transaction as the work they guard.
enum IdempotencyStore {
    /// The stored answer for this key, or nil; a different request under the same key is a 422.
    static func replay(_ sql: any SQLDatabase, _ claim: IdempotencyClaim) async throws -> StoredAnswer? {
        guard
            let row = try await sql.select().columns("request_hash", "status", "body").from("idempotency_keys")
                .where("scope", .equal, claim.scope).where("key", .equal, claim.key).first()
        else { return nil }
        guard try row.decode(column: "request_hash", as: String.self) == claim.requestHash else {
            throw GridHubError(
                .unprocessable, "idempotency_key_reused",
                "This Idempotency-Key was already used for a different request; use a new key for a new report.")
        }
        return StoredAnswer(
            status: try row.decode(column: "status", as: Int.self),
            body: Data(try row.decode(column: "body", as: String.self).utf8), replayed: true)
    }

    static func remember(_ sql: any SQLDatabase, _ claim: IdempotencyClaim, _ answer: StoredAnswer, now: Date) async throws {
        try await sql.insert(into: "idempotency_keys")
            .columns("scope", "key", "request_hash", "status", "body", "created_at")
            .values(
                SQLBind(claim.scope), SQLBind(claim.key), SQLBind(claim.requestHash), SQLBind(answer.status),
                SQLBind(String(decoding: answer.body, as: UTF8.self)), SQLBind(StoredTime.millis(now))
            ).run()
    }
}
