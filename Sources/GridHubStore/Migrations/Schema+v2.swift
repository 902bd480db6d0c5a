/// The case workflow: lead party, due time and clock, milestones, rating; the whistle's summons;
/// notifications to reporters and parties.
extension Schema {
    static let v2 = Migration(
        version: 2, name: "case workflow, whistle, clock, notifications",
        statements: [
            "ALTER TABLE cases ADD COLUMN lead_kind TEXT",
            "ALTER TABLE cases ADD COLUMN whistle BOOLEAN NOT NULL DEFAULT FALSE",
            "ALTER TABLE cases ADD COLUMN due_at BIGINT",
            "ALTER TABLE cases ADD COLUMN overdue BOOLEAN NOT NULL DEFAULT FALSE",
            "ALTER TABLE cases ADD COLUMN escalated BOOLEAN NOT NULL DEFAULT FALSE",
            "ALTER TABLE cases ADD COLUMN paused_at BIGINT",
            "ALTER TABLE cases ADD COLUMN extension_hours INTEGER",
            "ALTER TABLE cases ADD COLUMN accepted_at BIGINT",
            "ALTER TABLE cases ADD COLUMN rejected_at BIGINT",
            "ALTER TABLE cases ADD COLUMN dispatched_at BIGINT",
            "ALTER TABLE cases ADD COLUMN responded_at BIGINT",
            "ALTER TABLE cases ADD COLUMN handled_at BIGINT",
            "ALTER TABLE cases ADD COLUMN closed_at BIGINT",
            "ALTER TABLE cases ADD COLUMN reworked BOOLEAN NOT NULL DEFAULT FALSE",
            "ALTER TABLE cases ADD COLUMN merged_into BIGINT",
            "ALTER TABLE cases ADD COLUMN rating TEXT",
            "ALTER TABLE cases ADD COLUMN rated_at BIGINT",
            "CREATE INDEX cases_due ON cases(state, due_at)",
            "ALTER TABLE case_events ADD COLUMN detail TEXT",
            """
            CREATE TABLE case_summons (case_id BIGINT NOT NULL REFERENCES cases(id),
              department_id BIGINT NOT NULL REFERENCES departments(id), summoned_at BIGINT NOT NULL,
              report_in_due BIGINT NOT NULL, reported_in_at BIGINT, late BOOLEAN NOT NULL DEFAULT FALSE,
              done_at BIGINT, score INTEGER, PRIMARY KEY (case_id, department_id))
            """,
            "CREATE INDEX case_summons_department ON case_summons(department_id, case_id)",
            """
            CREATE TABLE notifications (id $ID, recipient TEXT NOT NULL, case_id BIGINT NOT NULL REFERENCES cases(id),
              kind TEXT NOT NULL, message TEXT NOT NULL, created_at BIGINT NOT NULL, read_at BIGINT)
            """,
            "CREATE INDEX notifications_recipient ON notifications(recipient, id)",
        ])
}
