extension Schema {
    /// Sign-in hardening and the audit trail, and a street's choice to let handlers check their own work: the time of the last lock (told to the owner at the next
    /// sign-in), refresh tokens in families (a reused one revokes its family), and `audit`, an
    /// append-only trail of sign-ins, administration and reads of people's records.
    static let v7 = Migration(
        version: 7, name: "sign-in hardening and audit",
        statements: [
            "ALTER TABLE accounts ADD COLUMN locked_at BIGINT",
            "ALTER TABLE streets ADD COLUMN handler_may_check BOOLEAN NOT NULL DEFAULT FALSE",
            "ALTER TABLE refresh_tokens ADD COLUMN family TEXT",
            "UPDATE refresh_tokens SET family = token_hash",
            "ALTER TABLE refresh_tokens ADD COLUMN used BOOLEAN NOT NULL DEFAULT FALSE",
            "CREATE INDEX refresh_tokens_family ON refresh_tokens(family)",
            "CREATE INDEX refresh_tokens_account ON refresh_tokens(account_id)",
            """
            CREATE TABLE audit (id $ID, at BIGINT NOT NULL, actor_id BIGINT, actor TEXT NOT NULL, action TEXT NOT NULL,
              outcome TEXT NOT NULL, subject TEXT, address TEXT, detail TEXT)
            """,
            "CREATE INDEX audit_at ON audit(at)",
            "CREATE INDEX audit_actor ON audit(actor, at)",
        ])
}
