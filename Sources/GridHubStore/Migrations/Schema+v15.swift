extension Schema {
    /// Community self-governance (四步议事): each community's committees and members with their terms,
    /// its party members' and residents' representatives, its voting rules; topics with the cases behind
    /// them, review meetings with who was invited, came and voted (one row per person: one vote each),
    /// objections during the notice period, and the measures a resolution orders with the cases they
    /// became. A topic's timeline is the event log (subject `topic:N`).
    static let v15 = Migration(
        version: 15, name: "committees, representatives, topics, review meetings and votes, objections, measures",
        statements: [
            """
            CREATE TABLE voting_rules (community_id BIGINT PRIMARY KEY REFERENCES communities(id), rules TEXT NOT NULL,
              updated_at BIGINT NOT NULL, updated_by BIGINT REFERENCES accounts(id))
            """,
            """
            CREATE TABLE committees (id $ID, street_id BIGINT NOT NULL REFERENCES streets(id),
              community_id BIGINT NOT NULL REFERENCES communities(id), kind TEXT NOT NULL, name TEXT NOT NULL,
              UNIQUE (community_id, kind))
            """,
            """
            CREATE TABLE committee_members (id $ID, committee_id BIGINT NOT NULL REFERENCES committees(id),
              name TEXT NOT NULL, post TEXT NOT NULL, account_id BIGINT REFERENCES accounts(id), term_starts TEXT NOT NULL,
              term_ends TEXT NOT NULL, added_at BIGINT NOT NULL, removed_at BIGINT)
            """,
            "CREATE INDEX committee_members_committee ON committee_members(committee_id)",
            """
            CREATE TABLE representatives (id $ID, street_id BIGINT NOT NULL REFERENCES streets(id),
              community_id BIGINT NOT NULL REFERENCES communities(id), kind TEXT NOT NULL, name TEXT NOT NULL,
              account_id BIGINT REFERENCES accounts(id), added_at BIGINT NOT NULL, removed_at BIGINT)
            """,
            "CREATE INDEX representatives_community ON representatives(community_id, removed_at)",
            """
            CREATE TABLE topics (id $ID, street_id BIGINT NOT NULL REFERENCES streets(id),
              community_id BIGINT NOT NULL REFERENCES communities(id), committee_id BIGINT REFERENCES committees(id),
              building_id BIGINT REFERENCES buildings(id), title TEXT NOT NULL, description TEXT NOT NULL,
              source TEXT NOT NULL, state TEXT NOT NULL, raised_by BIGINT REFERENCES accounts(id), raised_at BIGINT NOT NULL,
              updated_at BIGINT NOT NULL, minutes TEXT, resolution TEXT, published_at BIGINT, notice_ends_at BIGINT,
              enacted_at BIGINT, done_at BIGINT)
            """,
            "CREATE INDEX topics_community ON topics(community_id, state)",
            "CREATE INDEX topics_street ON topics(street_id, raised_at)",
            """
            CREATE TABLE topic_cases (topic_id BIGINT NOT NULL REFERENCES topics(id), case_id BIGINT NOT NULL REFERENCES cases(id),
              PRIMARY KEY (topic_id, case_id))
            """,
            "CREATE INDEX topic_cases_case ON topic_cases(case_id)",
            """
            CREATE TABLE topic_meetings (id $ID, topic_id BIGINT NOT NULL REFERENCES topics(id), starts_at BIGINT NOT NULL,
              place TEXT NOT NULL, rules TEXT NOT NULL, closed_at BIGINT, closed_by BIGINT REFERENCES accounts(id),
              invited INTEGER, present INTEGER, agree INTEGER, disagree INTEGER, abstain INTEGER, passed BOOLEAN,
              created_by BIGINT NOT NULL REFERENCES accounts(id), created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX topic_meetings_topic ON topic_meetings(topic_id)",
            """
            CREATE TABLE meeting_invitees (meeting_id BIGINT NOT NULL REFERENCES topic_meetings(id),
              representative_id BIGINT NOT NULL REFERENCES representatives(id), account_id BIGINT REFERENCES accounts(id),
              name TEXT NOT NULL, kind TEXT NOT NULL, attended_at BIGINT, vote TEXT, voted_at BIGINT,
              paper BOOLEAN NOT NULL, recorded_by BIGINT REFERENCES accounts(id),
              PRIMARY KEY (meeting_id, representative_id))
            """,
            "CREATE INDEX meeting_invitees_account ON meeting_invitees(account_id)",
            """
            CREATE TABLE topic_objections (id $ID, topic_id BIGINT NOT NULL REFERENCES topics(id),
              account_id BIGINT NOT NULL REFERENCES accounts(id), reason TEXT NOT NULL, at BIGINT NOT NULL,
              state TEXT NOT NULL, answer TEXT, answered_by BIGINT REFERENCES accounts(id), UNIQUE (topic_id, account_id))
            """,
            """
            CREATE TABLE topic_measures (id $ID, topic_id BIGINT NOT NULL REFERENCES topics(id), position INTEGER NOT NULL,
              title TEXT NOT NULL, owner TEXT NOT NULL, due_on TEXT NOT NULL, class_code TEXT,
              case_id BIGINT REFERENCES cases(id), closed_at BIGINT)
            """,
            "CREATE INDEX topic_measures_topic ON topic_measures(topic_id)",
            "CREATE INDEX topic_measures_case ON topic_measures(case_id)",
        ])
}
