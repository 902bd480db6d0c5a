extension Schema {
    /// Most reports come from an account or a device, never both, and few carry an Open311 token:
    /// indexing only the rows that have the value keeps each report's write to the indexes it needs.
    /// (Both engines use a partial index for `column = ?`, which implies `column IS NOT NULL`.)
    static let v6 = Migration(
        version: 6, name: "partial indexes for reporters",
        statements: [
            "DROP INDEX case_reporters_account",
            "CREATE INDEX case_reporters_account ON case_reporters(account_id, reported_at) WHERE account_id IS NOT NULL",
            "DROP INDEX case_reporters_device",
            "CREATE INDEX case_reporters_device ON case_reporters(device_id, reported_at) WHERE device_id IS NOT NULL",
            "DROP INDEX case_reporters_token",
            "CREATE UNIQUE INDEX case_reporters_token ON case_reporters(token) WHERE token IS NOT NULL",
        ])
}
