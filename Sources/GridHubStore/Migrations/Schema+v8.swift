extension Schema {
    /// Riders' devices: the secret a device was given with its first anonymous report (only its
    /// SHA-256 is kept). Reading a device's reports and notices needs it; the device id alone is a name.
    static let v8 = Migration(
        version: 8, name: "device tokens",
        statements: [
            "CREATE TABLE devices (device_id TEXT PRIMARY KEY, token_hash TEXT NOT NULL, created_at BIGINT NOT NULL)"
        ])
}
