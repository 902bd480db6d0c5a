extension Schema {
    /// The event log (an outbox written in the same transaction as each change) with each subscriber's
    /// read position, and notifications about any subject for typed recipients (`grid_worker@grid:5`).
    static let v9 = Migration(
        version: 9, name: "event log, subscribers, notifications about any subject",
        statements: [
            """
            CREATE TABLE domain_events (id $ID,
              street_id BIGINT NOT NULL REFERENCES streets(id), kind TEXT NOT NULL, subject TEXT NOT NULL,
              actor_account_id BIGINT, at BIGINT NOT NULL, data TEXT NOT NULL)
            """,
            "CREATE INDEX domain_events_subject ON domain_events(subject, id)",
            """
            CREATE TABLE event_cursors (subscriber TEXT PRIMARY KEY, event_id BIGINT NOT NULL,
              handled BIGINT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE notices (id $ID, recipient TEXT NOT NULL, subject TEXT NOT NULL,
              case_id BIGINT REFERENCES cases(id), event_id BIGINT REFERENCES domain_events(id),
              kind TEXT NOT NULL, message TEXT NOT NULL, created_at BIGINT NOT NULL, read_at BIGINT)
            """,
            // Old recipient keys become typed ones; a department's notices reach both roles that act for one.
            """
            INSERT INTO notices (recipient, subject, case_id, kind, message, created_at, read_at)
            SELECT r.recipient, 'case:' || n.case_id, n.case_id, n.kind, n.message, n.created_at, n.read_at
            FROM notifications n JOIN (
              SELECT id, recipient FROM notifications
               WHERE recipient LIKE 'account:%' OR recipient LIKE 'device:%'
              UNION ALL SELECT id, 'grid_worker@' || recipient FROM notifications WHERE recipient LIKE 'grid:%'
              UNION ALL SELECT id, 'community_staff@' || recipient FROM notifications WHERE recipient LIKE 'community:%'
              UNION ALL SELECT id, 'department_handler@' || recipient FROM notifications WHERE recipient LIKE 'department:%'
              UNION ALL SELECT id, 'enforcement_team@' || recipient FROM notifications WHERE recipient LIKE 'department:%'
              UNION ALL SELECT id, 'command_centre@' || recipient FROM notifications WHERE recipient LIKE 'street:%'
              UNION ALL SELECT id, 'leader@street:' || substr(recipient, 9) FROM notifications WHERE recipient LIKE 'leaders:%'
            ) r ON r.id = n.id ORDER BY n.id, r.recipient
            """,
            "DROP TABLE notifications",
            "ALTER TABLE notices RENAME TO notifications",
            "CREATE INDEX notifications_recipient ON notifications(recipient, id)",
            "CREATE INDEX notifications_subject ON notifications(subject, id)",
        ])
}
