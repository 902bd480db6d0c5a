extension Schema {
    /// The event log is read by position, not id (``EventLog``): on PostgreSQL ids are handed out as
    /// events are written, not in the order their transactions commit, so a position is given after
    /// commit. Every event so far keeps its id as its position.
    static let v18 = Migration(
        version: 18, name: "event log positions in commit order",
        statements: [
            "ALTER TABLE domain_events ADD COLUMN position BIGINT",
            "UPDATE domain_events SET position = id",
            "CREATE UNIQUE INDEX domain_events_position ON domain_events(position)",
            "CREATE INDEX domain_events_unsequenced ON domain_events(id) WHERE position IS NULL",
        ])
}
