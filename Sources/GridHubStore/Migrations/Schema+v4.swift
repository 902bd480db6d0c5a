/// Periodic jobs shared by every instance on one database: each due turn of a job is claimed by
/// exactly one instance and recorded (the unique key on `job_runs` makes a second run impossible).
extension Schema {
    static let v4 = Migration(
        version: 4, name: "periodic jobs for several instances",
        statements: [
            """
            CREATE TABLE jobs (name TEXT PRIMARY KEY, every_ms BIGINT NOT NULL, next_run_at BIGINT NOT NULL,
              last_run_at BIGINT, last_instance TEXT, runs BIGINT NOT NULL)
            """,
            """
            CREATE TABLE job_runs (id $ID, job TEXT NOT NULL REFERENCES jobs(name), slot BIGINT NOT NULL,
              instance TEXT NOT NULL, started_at BIGINT NOT NULL, summary TEXT, UNIQUE (job, slot))
            """,
        ])
}
