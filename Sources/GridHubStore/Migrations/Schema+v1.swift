/// The first schema: the organisation, the catalogue, accounts, cases with their timeline,
/// photos, tracking counters and idempotency keys. Every row belongs to a street.
enum Schema {
    static let v1 = Migration(
        version: 1, name: "organisation, accounts, report intake",
        statements: [
            """
            CREATE TABLE streets (id $ID, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, district_name TEXT NOT NULL,
              city_name TEXT NOT NULL, tracking_prefix TEXT NOT NULL)
            """,
            """
            CREATE TABLE communities (id $ID, street_id BIGINT NOT NULL REFERENCES streets(id),
              code TEXT NOT NULL UNIQUE, name TEXT NOT NULL)
            """,
            """
            CREATE TABLE grids (id $ID, street_id BIGINT NOT NULL REFERENCES streets(id),
              community_id BIGINT NOT NULL REFERENCES communities(id), code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
              boundary TEXT NOT NULL, min_lat DOUBLE PRECISION NOT NULL, min_lon DOUBLE PRECISION NOT NULL,
              max_lat DOUBLE PRECISION NOT NULL, max_lon DOUBLE PRECISION NOT NULL)
            """,
            "CREATE INDEX grids_community ON grids(community_id)",
            """
            CREATE TABLE buildings (id $ID, street_id BIGINT NOT NULL REFERENCES streets(id),
              grid_id BIGINT NOT NULL REFERENCES grids(id), name TEXT NOT NULL, lat DOUBLE PRECISION NOT NULL,
              lon DOUBLE PRECISION NOT NULL, floors INTEGER NOT NULL)
            """,
            "CREATE INDEX buildings_grid ON buildings(grid_id)",
            """
            CREATE TABLE units (id $ID, building_id BIGINT NOT NULL REFERENCES buildings(id), name TEXT NOT NULL)
            """,
            "CREATE INDEX units_building ON units(building_id)",
            """
            CREATE TABLE departments (id $ID, street_id BIGINT NOT NULL REFERENCES streets(id), code TEXT NOT NULL,
              name TEXT NOT NULL, stationed BOOLEAN NOT NULL, UNIQUE (street_id, code))
            """,
            """
            CREATE TABLE catalog_items (id $ID, street_id BIGINT NOT NULL REFERENCES streets(id), code TEXT NOT NULL,
              kind TEXT NOT NULL, major_code TEXT NOT NULL, major_name TEXT NOT NULL, minor_code TEXT NOT NULL,
              name TEXT NOT NULL, responsibility TEXT NOT NULL, lead_kind TEXT NOT NULL, lead_department TEXT,
              assisting TEXT NOT NULL, limit_value INTEGER NOT NULL, limit_unit TEXT NOT NULL,
              self_handle BOOLEAN NOT NULL, duplicate_radius_m DOUBLE PRECISION NOT NULL,
              duplicate_window_days INTEGER NOT NULL, UNIQUE (street_id, code))
            """,
            """
            CREATE TABLE accounts (id $ID, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
              password_hash TEXT NOT NULL, role TEXT NOT NULL, street_id BIGINT REFERENCES streets(id),
              community_id BIGINT REFERENCES communities(id), department_id BIGINT REFERENCES departments(id),
              phone TEXT, disabled BOOLEAN NOT NULL, failed_logins INTEGER NOT NULL, locked_until BIGINT,
              created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE account_grids (account_id BIGINT NOT NULL REFERENCES accounts(id),
              grid_id BIGINT NOT NULL REFERENCES grids(id), PRIMARY KEY (account_id, grid_id))
            """,
            """
            CREATE TABLE refresh_tokens (token_hash TEXT PRIMARY KEY, account_id BIGINT NOT NULL REFERENCES accounts(id),
              expires_at BIGINT NOT NULL, revoked BOOLEAN NOT NULL, created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE cases (id $ID, street_id BIGINT NOT NULL REFERENCES streets(id),
              community_id BIGINT NOT NULL REFERENCES communities(id), grid_id BIGINT NOT NULL REFERENCES grids(id),
              tracking_no TEXT NOT NULL UNIQUE, state TEXT NOT NULL, class_code TEXT, text TEXT,
              description TEXT NOT NULL, address TEXT, lat DOUBLE PRECISION NOT NULL, lon DOUBLE PRECISION NOT NULL,
              channel TEXT NOT NULL, reporter_count INTEGER NOT NULL, department_id BIGINT REFERENCES departments(id),
              reported_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX cases_duplicates ON cases(street_id, class_code, state, reported_at)",
            "CREATE INDEX cases_grid ON cases(grid_id, reported_at)",
            "CREATE INDEX cases_community ON cases(community_id, reported_at)",
            "CREATE INDEX cases_department ON cases(department_id, reported_at)",
            "CREATE INDEX cases_street ON cases(street_id, reported_at)",
            """
            CREATE TABLE case_reporters (id $ID, case_id BIGINT NOT NULL REFERENCES cases(id),
              reporter_key TEXT NOT NULL, account_id BIGINT REFERENCES accounts(id), device_id TEXT, phone TEXT,
              channel TEXT NOT NULL, description TEXT NOT NULL, reported_at BIGINT NOT NULL)
            """,
            "CREATE INDEX case_reporters_case ON case_reporters(case_id)",
            "CREATE INDEX case_reporters_account ON case_reporters(account_id, reported_at)",
            "CREATE INDEX case_reporters_device ON case_reporters(device_id, reported_at)",
            """
            CREATE TABLE case_events (id $ID, case_id BIGINT NOT NULL REFERENCES cases(id), at BIGINT NOT NULL,
              kind TEXT NOT NULL, actor_account_id BIGINT REFERENCES accounts(id), actor_role TEXT, actor_label TEXT NOT NULL,
              from_state TEXT, to_state TEXT, note TEXT, photos TEXT NOT NULL)
            """,
            "CREATE INDEX case_events_case ON case_events(case_id, id)",
            """
            CREATE TABLE photos (sha256 TEXT PRIMARY KEY, mime TEXT NOT NULL, bytes INTEGER NOT NULL,
              created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE case_photos (case_id BIGINT NOT NULL REFERENCES cases(id),
              sha256 TEXT NOT NULL REFERENCES photos(sha256), event_id BIGINT NOT NULL REFERENCES case_events(id),
              PRIMARY KEY (case_id, sha256))
            """,
            """
            CREATE TABLE tracking_counters (street_id BIGINT NOT NULL REFERENCES streets(id), day TEXT NOT NULL,
              last_value INTEGER NOT NULL, PRIMARY KEY (street_id, day))
            """,
            """
            CREATE TABLE idempotency_keys (scope TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL,
              status INTEGER NOT NULL, body TEXT NOT NULL, created_at BIGINT NOT NULL, PRIMARY KEY (scope, key))
            """,
        ])
}
