extension Schema {
    /// Patrols (一日两巡): each street's (and community's) plan, the trackers registered to workers, the
    /// patrols with their measures, the raw fixes (personal data: kept 180 days, only during patrols),
    /// key places to pass, check-ins, and the windows missed or made up.
    static let v12 = Migration(
        version: 12, name: "patrols, tracks, check-ins and make-ups",
        statements: [
            """
            CREATE TABLE patrol_plans (scope TEXT PRIMARY KEY, street_id BIGINT NOT NULL REFERENCES streets(id),
              plan TEXT NOT NULL, updated_at BIGINT NOT NULL, updated_by BIGINT REFERENCES accounts(id))
            """,
            """
            CREATE TABLE trackers (device_id TEXT PRIMARY KEY, account_id BIGINT NOT NULL REFERENCES accounts(id),
              label TEXT, added_at BIGINT NOT NULL, last_seen_at BIGINT)
            """,
            "CREATE INDEX trackers_account ON trackers(account_id)",
            """
            CREATE TABLE patrols (id $ID, street_id BIGINT NOT NULL REFERENCES streets(id),
              community_id BIGINT NOT NULL REFERENCES communities(id), grid_id BIGINT NOT NULL REFERENCES grids(id),
              account_id BIGINT NOT NULL REFERENCES accounts(id), source TEXT NOT NULL, started_at BIGINT NOT NULL,
              ended_at BIGINT, last_fix_at BIGINT, last_lat DOUBLE PRECISION, last_lon DOUBLE PRECISION,
              distance_m DOUBLE PRECISION NOT NULL, duration_s DOUBLE PRECISION NOT NULL,
              in_grid_s DOUBLE PRECISION NOT NULL, coverage DOUBLE PRECISION, passed TEXT NOT NULL,
              targets INTEGER NOT NULL, fixes_raw INTEGER NOT NULL, fixes_kept INTEGER NOT NULL, dropped TEXT NOT NULL,
              check_ins INTEGER NOT NULL, slot_day TEXT, slot_window INTEGER, counted BOOLEAN NOT NULL)
            """,
            "CREATE INDEX patrols_account ON patrols(account_id, started_at)",
            // One running patrol a worker, whatever races.
            "CREATE UNIQUE INDEX patrols_running ON patrols(account_id) WHERE ended_at IS NULL",
            "CREATE INDEX patrols_street ON patrols(street_id, started_at)",
            "CREATE INDEX patrols_community ON patrols(community_id, started_at)",
            """
            CREATE TABLE patrol_fixes (account_id BIGINT NOT NULL REFERENCES accounts(id), at BIGINT NOT NULL,
              patrol_id BIGINT NOT NULL REFERENCES patrols(id), device_id TEXT NOT NULL,
              lat DOUBLE PRECISION NOT NULL, lon DOUBLE PRECISION NOT NULL, accuracy DOUBLE PRECISION,
              speed DOUBLE PRECISION, heading DOUBLE PRECISION, altitude DOUBLE PRECISION, battery DOUBLE PRECISION,
              received_at BIGINT NOT NULL, PRIMARY KEY (account_id, at))
            """,
            "CREATE INDEX patrol_fixes_patrol ON patrol_fixes(patrol_id, at)",
            """
            CREATE TABLE patrol_places (id $ID, street_id BIGINT NOT NULL REFERENCES streets(id),
              grid_id BIGINT NOT NULL REFERENCES grids(id), kind TEXT NOT NULL, name TEXT NOT NULL,
              lat DOUBLE PRECISION NOT NULL, lon DOUBLE PRECISION NOT NULL, created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX patrol_places_grid ON patrol_places(grid_id)",
            """
            CREATE TABLE patrol_check_ins (id $ID, patrol_id BIGINT NOT NULL REFERENCES patrols(id),
              place TEXT NOT NULL, place_name TEXT NOT NULL, at BIGINT NOT NULL, lat DOUBLE PRECISION NOT NULL,
              lon DOUBLE PRECISION NOT NULL, distance_m DOUBLE PRECISION NOT NULL, UNIQUE (patrol_id, place))
            """,
            """
            CREATE TABLE patrol_slots (id $ID, account_id BIGINT NOT NULL REFERENCES accounts(id),
              street_id BIGINT NOT NULL REFERENCES streets(id), community_id BIGINT NOT NULL REFERENCES communities(id),
              day TEXT NOT NULL, window_index INTEGER NOT NULL, state TEXT NOT NULL, reason TEXT, flagged_at BIGINT,
              requested_at BIGINT, decided_at BIGINT, decided_by BIGINT REFERENCES accounts(id), decision_note TEXT,
              UNIQUE (account_id, day, window_index))
            """,
            "CREATE INDEX patrol_slots_community ON patrol_slots(community_id, state)",
        ])
}
