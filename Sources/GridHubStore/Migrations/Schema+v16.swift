extension Schema {
    /// Insight that acts: the classifier's suggestion on a case until a person confirms it, the street's own
    /// corrections it learns from (one a case: the latest label), and what the discovery job found — a
    /// persistent hotspot and the case it opened, a silent grid, a department falling behind — so one spot
    /// is not opened twice and one alert is not sent twice in a week.
    static let v16 = Migration(
        version: 16, name: "class suggestions, classifier examples, discoveries",
        statements: [
            "ALTER TABLE cases ADD COLUMN class_suggested BOOLEAN NOT NULL DEFAULT FALSE",
            "ALTER TABLE cases ADD COLUMN classifier_version BIGINT",
            """
            CREATE TABLE classifier_examples (id $ID, case_id BIGINT NOT NULL UNIQUE REFERENCES cases(id),
              street_id BIGINT NOT NULL REFERENCES streets(id), text TEXT NOT NULL, class_code TEXT NOT NULL,
              labelled_by BIGINT REFERENCES accounts(id), labelled_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE discoveries (id $ID, street_id BIGINT NOT NULL REFERENCES streets(id), kind TEXT NOT NULL,
              spot TEXT NOT NULL, case_id BIGINT REFERENCES cases(id), found_at BIGINT NOT NULL, detail TEXT NOT NULL)
            """,
            "CREATE INDEX discoveries_spot ON discoveries(street_id, kind, spot, found_at)",
        ])
}
