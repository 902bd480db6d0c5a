/// Open311 GeoReport v2: each street's `jurisdiction_id`, client API keys (stored hashed), and on
/// each report the token a client can resolve and what the channel sent beyond the report itself; an
/// index for the screens' live feed.
extension Schema {
    static let v5 = Migration(
        version: 5, name: "open311 jurisdictions, api keys, report tokens; cases by update time",
        statements: [
            "ALTER TABLE streets ADD COLUMN jurisdiction TEXT",
            "CREATE UNIQUE INDEX streets_jurisdiction ON streets(jurisdiction)",
            """
            CREATE TABLE api_keys (id $ID, name TEXT NOT NULL, prefix TEXT NOT NULL, key_hash TEXT NOT NULL UNIQUE,
              created_at BIGINT NOT NULL, revoked_at BIGINT, last_used_at BIGINT)
            """,
            "ALTER TABLE case_reporters ADD COLUMN token TEXT",
            "ALTER TABLE case_reporters ADD COLUMN details TEXT",
            "CREATE UNIQUE INDEX case_reporters_token ON case_reporters(token)",
            // The live feed of the screens asks for what changed since a moment, every second.
            "CREATE INDEX cases_updated ON cases(updated_at)",
        ])
}
