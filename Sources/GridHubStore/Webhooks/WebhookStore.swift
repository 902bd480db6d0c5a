import Crypto
import Foundation
import GridHubCore
import SQLKit

/// A client app's webhook: where GridHub posts its reporters' notifications, signed with a shared secret.
public struct Webhook: Sendable, Hashable {
    public var id: Int64
    public var app: String
    public var url: String
    public var revoked: Bool
}

/// One delivery waiting in the outbox.
public struct WebhookDelivery: Sendable, Hashable {
    public var id: Int64
    public var url: String
    public var secret: String
    public var payload: String
    public var attempts: Int
}

/// Webhooks and their outbox. What a reporter who filed through a client app is told is queued by
/// ``WebhookSubscriber`` from the event log; a dispatcher sends it and retries with backoff.
public struct WebhookStore: Sendable {
    let database: any Database
    /// After this many failed attempts a delivery is given up.
    public static let maxAttempts = 8

    public init(database: any Database) {
        self.database = database
    }

    /// Registers (or replaces) the webhook of an app; returns the new secret, shown once.
    public func register(streetID: Int64, app: String, url: String, now: Date = Date()) async throws -> String {
        try ClientApp.validate(app)
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
            throw GridHubError.invalid("url", "A webhook URL is an http(s) URL, got '\(url)'.")
        }
        let secret = AccountStore.randomToken()
        try await database.write { sql in
            let existing = try await sql.select().column("id").from("webhooks").where("street_id", .equal, streetID)
                .where("app", .equal, app).first()
            if existing != nil {  // a new URL or secret replaces the old; pending deliveries go to the new one
                try await sql.update("webhooks").set("url", to: url).set("secret", to: secret).set("revoked", to: false)
                    .set("created_at", to: StoredTime.millis(now)).where("street_id", .equal, streetID).where("app", .equal, app)
                    .run()
            } else {
                try await sql.insert(into: "webhooks").columns("street_id", "app", "url", "secret", "created_at", "revoked")
                    .values(
                        SQLBind(streetID), SQLBind(app), SQLBind(url), SQLBind(secret), SQLBind(StoredTime.millis(now)),
                        SQLBind(false)
                    )
                    .run()
            }
        }
        return secret
    }

    public func list(streetID: Int64) async throws -> [Webhook] {
        try await database.read { sql in
            try await sql.select().columns("id", "app", "url", "revoked").from("webhooks").where("street_id", .equal, streetID)
                .orderBy("id").all().map { r in
                    Webhook(
                        id: try r.decode(column: "id", as: Int64.self), app: try r.decode(column: "app", as: String.self),
                        url: try r.decode(column: "url", as: String.self), revoked: try r.decode(column: "revoked", as: Bool.self)
                    )
                }
        }
    }

    public func revoke(streetID: Int64, app: String) async throws {
        try await database.write { sql in
            guard
                try await sql.select().column("id").from("webhooks").where("street_id", .equal, streetID)
                    .where("app", .equal, app).where("revoked", .equal, false).first() != nil
            else { throw GridHubError.notFound("webhook of app '\(app)'") }
            try await sql.update("webhooks").set("revoked", to: true).where("street_id", .equal, streetID)
                .where("app", .equal, app).run()
        }
    }

    /// How long a claimed delivery is held by the instance sending it before another may try.
    static let lease: TimeInterval = 60

    /// Claims the deliveries whose time has come, oldest first: each is leased to this caller (its
    /// next attempt moves a minute on), so several instances never send the same one at once; a
    /// caller that dies leaves it to be retried when the lease ends.
    public func claimDue(now: Date, limit: Int = 50) async throws -> [WebhookDelivery] {
        try await EventRelay(database: database, subscribers: [WebhookSubscriber()]).catchUp()
        return try await database.write { sql in
            let ids = try await sql.claiming(
                sql.select().column("id").from("webhook_deliveries")
                    .where("delivered_at", .is, SQLLiteral.null)
                    .where("next_attempt_at", .lessThanOrEqual, StoredTime.millis(now))
                    .where("attempts", .lessThan, Self.maxAttempts)
                    .where(
                        "webhook_id", .in,
                        SQLSubquery.select { $0.column("id").from("webhooks").where("revoked", .equal, false) }
                    )
                    .orderBy("id").limit(limit)
            ).all().map { try $0.decode(column: "id", as: Int64.self) }
            guard !ids.isEmpty else { return [] }
            try await sql.update("webhook_deliveries")
                .set("next_attempt_at", to: StoredTime.millis(now.addingTimeInterval(Self.lease))).where("id", .in, ids).run()
            return try await sql.select()
                .column(SQLColumn("id", table: "webhook_deliveries")).column(SQLColumn("payload", table: "webhook_deliveries"))
                .column(SQLColumn("attempts", table: "webhook_deliveries")).column(SQLColumn("url", table: "webhooks"))
                .column(SQLColumn("secret", table: "webhooks"))
                .from("webhook_deliveries")
                .join(
                    "webhooks", on: SQLColumn("webhook_id", table: "webhook_deliveries"), .equal,
                    SQLColumn("id", table: "webhooks")
                )
                .where(SQLColumn("id", table: "webhook_deliveries"), .in, SQLBind.group(ids))
                .orderBy(SQLColumn("id", table: "webhook_deliveries")).all().map { r in
                    WebhookDelivery(
                        id: try r.decode(column: "id", as: Int64.self), url: try r.decode(column: "url", as: String.self),
                        secret: try r.decode(column: "secret", as: String.self),
                        payload: try r.decode(column: "payload", as: String.self),
                        attempts: try r.decode(column: "attempts", as: Int.self))
                }
        }
    }

    public func delivered(_ id: Int64, now: Date) async throws {
        try await database.write { sql in
            try await sql.update("webhook_deliveries").set("delivered_at", to: StoredTime.millis(now))
                .set("attempts", to: SQLRaw("attempts + 1")).where("id", .equal, id).run()
        }
    }

    /// Records a failed attempt; the next waits 30 s × 2^attempts.
    public func failed(_ delivery: WebhookDelivery, error: String, now: Date) async throws {
        let wait = 30.0 * pow(2, Double(delivery.attempts))
        try await database.write { sql in
            try await sql.update("webhook_deliveries").set("attempts", to: delivery.attempts + 1)
                .set("next_attempt_at", to: StoredTime.millis(now.addingTimeInterval(wait))).set(
                    "last_error", to: String(error.prefix(500))
                )
                .where("id", .equal, delivery.id).run()
        }
    }

    /// Queues a reporter notification for the webhook of the app the reporter used, if it has one.
    static func enqueue(
        _ sql: any SQLDatabase, streetID: Int64, app: String, payload: [String: String], now: Date
    ) async throws {
        guard
            let hook = try await sql.select().column("id").from("webhooks").where("street_id", .equal, streetID)
                .where("app", .equal, app).where("revoked", .equal, false).first()?.decode(column: "id", as: Int64.self)
        else { return }
        let body = String(decoding: try APIJSON.encoder().encode(payload), as: UTF8.self)
        try await sql.insert(into: "webhook_deliveries")
            .columns("webhook_id", "payload", "attempts", "next_attempt_at", "created_at")
            .values(SQLBind(hook), SQLBind(body), SQLBind(0), SQLBind(StoredTime.millis(now)), SQLBind(StoredTime.millis(now)))
            .run()
    }

    /// The signature header value: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
    public static func signature(secret: String, timestamp: Int, body: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("\(timestamp).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "t=\(timestamp),v1=" + mac.hexString
    }
}
