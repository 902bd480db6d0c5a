import Foundation
import GridHubCore
import SQLKit

/// Answers kept by `Idempotency-Key` for the routes whose writes do not record the key themselves (the
/// HTTP layer's ``IdempotencyClaim``s). Report intake keeps its key inside its own transaction; every
/// other POST is remembered here once it has succeeded, so a retry gets the first answer and writes
/// nothing. (Should the process die between a move's commit and this write, the retry is refused by
/// the workflow itself — the move is already made — rather than replayed.)
public struct IdempotentAnswers: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    /// The first answer to this claim, or nil; 422 when the key was used for a different request.
    public func replay(_ claim: IdempotencyClaim) async throws -> StoredAnswer? {
        try await database.read { sql in try await IdempotencyStore.replay(sql, claim) }
    }

    /// Keeps a successful answer; a twin that got there first keeps its own.
    public func remember(_ claim: IdempotencyClaim, _ answer: StoredAnswer) async throws {
        try await database.write { sql in
            try await sql.serialize(on: "idempotency:\(claim.scope):\(claim.key)")
            let kept = try await sql.select().column("key").from("idempotency_keys").where("scope", .equal, claim.scope)
                .where("key", .equal, claim.key).first()
            guard kept == nil else { return }
            try await IdempotencyStore.remember(sql, claim, answer, now: Date())
        }
    }
}
