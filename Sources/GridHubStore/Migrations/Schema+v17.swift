extension Schema {
    /// Indicators kept as they change (``IndicatorDays``): the totals of each street, community, grid and
    /// department a day, and each case's own part with the units it was counted in — so a case that
    /// moves (another grid, another department) is taken out of where it was. Filled by the
    /// `indicators` event subscriber; built once from the cases when first needed. And the work lists' indexes.
    static let v17 = Migration(
        version: 17, name: "indicator totals a unit and day; work-list indexes",
        statements: [
            """
            CREATE TABLE indicator_days (level TEXT NOT NULL, unit_id BIGINT NOT NULL, day BIGINT NOT NULL,
              \(totalsColumns), PRIMARY KEY (level, unit_id, day))
            """,
            """
            CREATE TABLE indicator_cases (case_id BIGINT PRIMARY KEY, day BIGINT NOT NULL, units TEXT NOT NULL,
              \(totalsColumns))
            """,
            // Work lists: a department's or a street's cases in the queue's states, soonest due first,
            // without reading their closed history.
            "CREATE INDEX cases_department_state ON cases(department_id, state, due_at)",
            "CREATE INDEX cases_street_state ON cases(street_id, state, due_at)",
        ])

    /// IndicatorTotals.fields as they were at v17 (a migration never changes with the code after it).
    private static var totalsColumns: String {
        [
            "reports", "accepted", "rejected", "closed", "closed_on_time", "closed_reworked", "overdue", "reworked",
            "handled", "handled_on_time", "timed_handlings", "handling_millis", "dispatched", "responded_on_time", "rated",
            "satisfaction_millis",
        ].map { "\($0) BIGINT NOT NULL DEFAULT 0" }.joined(separator: ", ")
    }
}
