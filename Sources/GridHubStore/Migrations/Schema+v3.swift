/// Signed webhooks per client app (e.g. the riders' mini-program), with an outbox of deliveries.
extension Schema {
    static let v3 = Migration(
        version: 3, name: "webhooks per client app",
        statements: [
            "ALTER TABLE case_reporters ADD COLUMN app TEXT",
            """
            CREATE TABLE webhooks (id $ID, street_id BIGINT NOT NULL REFERENCES streets(id), app TEXT NOT NULL,
              url TEXT NOT NULL, secret TEXT NOT NULL, created_at BIGINT NOT NULL, revoked BOOLEAN NOT NULL,
              UNIQUE (street_id, app))
            """,
            """
            CREATE TABLE webhook_deliveries (id $ID, webhook_id BIGINT NOT NULL REFERENCES webhooks(id),
              payload TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at BIGINT NOT NULL, delivered_at BIGINT,
              last_error TEXT, created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX webhook_deliveries_due ON webhook_deliveries(delivered_at, next_attempt_at)",
        ])
}
