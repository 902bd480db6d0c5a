extension Schema {
    /// Photos attach to any subject (`case:12`, later `checkin:3`, `visit:40`), each noting the entry it
    /// came with; the cases' own photo table becomes the first user of it.
    static let v11 = Migration(
        version: 11, name: "attachments for any subject",
        statements: [
            """
            CREATE TABLE attachments (subject TEXT NOT NULL, sha256 TEXT NOT NULL REFERENCES photos(sha256),
              entry_id BIGINT, attached_at BIGINT NOT NULL, PRIMARY KEY (subject, sha256))
            """,
            """
            INSERT INTO attachments (subject, sha256, entry_id, attached_at)
            SELECT 'case:' || p.case_id, p.sha256, p.event_id, e.at FROM case_photos p JOIN case_events e ON e.id = p.event_id
            """,
            "DROP TABLE case_photos",
        ])
}
