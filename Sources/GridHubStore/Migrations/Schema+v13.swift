extension Schema {
    /// The resident registry (人口信息) and visits (走访): the database's data keys (wrapped by the master
    /// key, never stored here in the clear), the heads' posts, households, residents with their ID
    /// numbers and phones sealed and found by blind index, their groups, every version of every record,
    /// the visit plans and the visits; the elderly canteen's settings, menus and meal orders.
    static let v13 = Migration(
        version: 13, name: "resident registry, sealed personal data, visits, canteen",
        statements: [
            """
            CREATE TABLE data_keys (name TEXT PRIMARY KEY, wrapped TEXT NOT NULL, master_id TEXT NOT NULL,
              created_at BIGINT NOT NULL, retired_at BIGINT)
            """,
            """
            CREATE TABLE head_posts (id $ID, account_id BIGINT NOT NULL REFERENCES accounts(id), role TEXT NOT NULL,
              building_id BIGINT NOT NULL REFERENCES buildings(id), unit_id BIGINT REFERENCES units(id),
              created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX head_posts_account ON head_posts(account_id)",
            "CREATE INDEX head_posts_building ON head_posts(building_id)",
            """
            CREATE TABLE households (id $ID, street_id BIGINT NOT NULL REFERENCES streets(id),
              community_id BIGINT NOT NULL REFERENCES communities(id), grid_id BIGINT NOT NULL REFERENCES grids(id),
              building_id BIGINT NOT NULL REFERENCES buildings(id), unit_id BIGINT NOT NULL REFERENCES units(id),
              room TEXT NOT NULL, kind TEXT NOT NULL, party_member BOOLEAN NOT NULL, version INTEGER NOT NULL,
              created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, UNIQUE (unit_id, room))
            """,
            "CREATE INDEX households_building ON households(building_id)",
            "CREATE INDEX households_community ON households(community_id, building_id)",
            """
            CREATE TABLE residents (id $ID, street_id BIGINT NOT NULL REFERENCES streets(id),
              community_id BIGINT NOT NULL REFERENCES communities(id), grid_id BIGINT NOT NULL REFERENCES grids(id),
              building_id BIGINT NOT NULL REFERENCES buildings(id), unit_id BIGINT NOT NULL REFERENCES units(id),
              household_id BIGINT NOT NULL REFERENCES households(id), name TEXT NOT NULL, gender TEXT,
              birth_date TEXT, id_sealed TEXT, id_index TEXT, phone_sealed TEXT, phone_index TEXT,
              relation TEXT NOT NULL, moved_in TEXT, moved_out TEXT, tags TEXT NOT NULL, focus_reason TEXT,
              version INTEGER NOT NULL, visit_due_at BIGINT, visit_flagged_at BIGINT, last_visit_at BIGINT,
              account_id BIGINT REFERENCES accounts(id), created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX residents_account ON residents(account_id)",
            "CREATE INDEX residents_name ON residents(community_id, name)",
            "CREATE INDEX residents_household ON residents(household_id)",
            "CREATE INDEX residents_id_index ON residents(id_index)",
            "CREATE INDEX residents_phone_index ON residents(phone_index)",
            "CREATE INDEX residents_visit_due ON residents(grid_id, visit_due_at)",
            """
            CREATE TABLE resident_tags (community_id BIGINT NOT NULL REFERENCES communities(id), tag TEXT NOT NULL,
              name TEXT NOT NULL, resident_id BIGINT NOT NULL REFERENCES residents(id),
              PRIMARY KEY (community_id, tag, resident_id))
            """,
            // A group's list in name order, read off the index a page at a time.
            "CREATE INDEX resident_tags_name ON resident_tags(community_id, tag, name, resident_id)",
            "CREATE INDEX resident_tags_resident ON resident_tags(resident_id)",
            """
            CREATE TABLE registry_versions (subject TEXT NOT NULL, version INTEGER NOT NULL, at BIGINT NOT NULL,
              actor_id BIGINT REFERENCES accounts(id), actor TEXT NOT NULL, reason TEXT, fields TEXT NOT NULL,
              record TEXT NOT NULL, PRIMARY KEY (subject, version))
            """,
            """
            CREATE TABLE visit_plans (community_id BIGINT PRIMARY KEY REFERENCES communities(id),
              plan TEXT NOT NULL, updated_at BIGINT NOT NULL, updated_by BIGINT REFERENCES accounts(id))
            """,
            """
            CREATE TABLE visits (id $ID, street_id BIGINT NOT NULL REFERENCES streets(id),
              community_id BIGINT NOT NULL REFERENCES communities(id), grid_id BIGINT NOT NULL REFERENCES grids(id),
              household_id BIGINT NOT NULL REFERENCES households(id), resident_id BIGINT NOT NULL REFERENCES residents(id),
              account_id BIGINT NOT NULL REFERENCES accounts(id), at BIGINT NOT NULL, condition TEXT NOT NULL,
              notes TEXT NOT NULL, needs TEXT, case_id BIGINT REFERENCES cases(id), created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX visits_resident ON visits(resident_id, at)",
            "CREATE INDEX visits_grid ON visits(grid_id, at)",
            """
            CREATE TABLE canteen_settings (community_id BIGINT PRIMARY KEY REFERENCES communities(id),
              settings TEXT NOT NULL, updated_at BIGINT NOT NULL, updated_by BIGINT REFERENCES accounts(id))
            """,
            """
            CREATE TABLE canteen_menus (community_id BIGINT NOT NULL REFERENCES communities(id), day TEXT NOT NULL,
              meal TEXT NOT NULL, dishes TEXT NOT NULL, PRIMARY KEY (community_id, day, meal))
            """,
            """
            CREATE TABLE meal_orders (id $ID, street_id BIGINT NOT NULL REFERENCES streets(id),
              community_id BIGINT NOT NULL REFERENCES communities(id), grid_id BIGINT NOT NULL REFERENCES grids(id),
              building_id BIGINT NOT NULL REFERENCES buildings(id), household_id BIGINT NOT NULL REFERENCES households(id),
              resident_id BIGINT NOT NULL REFERENCES residents(id), day TEXT NOT NULL, meal TEXT NOT NULL,
              price_fen INTEGER NOT NULL, standard_fen INTEGER NOT NULL, delivery BOOLEAN NOT NULL, state TEXT NOT NULL,
              ordered_by BIGINT NOT NULL REFERENCES accounts(id), ordered_at BIGINT NOT NULL, deliver_by BIGINT NOT NULL,
              delivered_at BIGINT, delivered_by BIGINT REFERENCES accounts(id), confirmation TEXT, note TEXT,
              UNIQUE (resident_id, day, meal))
            """,
            "CREATE INDEX meal_orders_day ON meal_orders(community_id, day, meal)",
            "CREATE INDEX meal_orders_due ON meal_orders(state, deliver_by)",
            // A resident asks who read their record.
            "CREATE INDEX audit_subject ON audit(subject, at)",
        ])
}
