extension Schema {
    /// Points (积分) and the points shop: a double-entry ledger after TigerBeetle — accounts whose
    /// balance cannot go below zero (but the mint's), immutable entries each paying its source once and
    /// each pending hold resolved once — the street's rules, the shop's items and redemptions, and
    /// riders' claims of what their device earned; volunteer activities and who signed up and came.
    static let v14 = Migration(
        version: 14, name: "points ledger, shop, redemptions, rider claims, volunteer activities",
        statements: [
            """
            CREATE TABLE points_accounts (id $ID, street_id BIGINT NOT NULL REFERENCES streets(id), holder TEXT NOT NULL,
              credits_posted BIGINT NOT NULL, debits_posted BIGINT NOT NULL, debits_pending BIGINT NOT NULL,
              credits_pending BIGINT NOT NULL, updated_at BIGINT NOT NULL, UNIQUE (street_id, holder),
              CHECK (debits_pending >= 0 AND credits_pending >= 0),
              CHECK (holder = 'mint' OR credits_posted - debits_posted - debits_pending >= 0))
            """,
            """
            CREATE TABLE points_entries (id $ID, street_id BIGINT NOT NULL REFERENCES streets(id),
              debit_id BIGINT NOT NULL REFERENCES points_accounts(id), credit_id BIGINT NOT NULL REFERENCES points_accounts(id),
              amount BIGINT NOT NULL CHECK (amount > 0), phase TEXT NOT NULL, kind TEXT NOT NULL, reason TEXT NOT NULL,
              subject TEXT, source TEXT UNIQUE, resolves BIGINT UNIQUE REFERENCES points_entries(id),
              actor_account_id BIGINT REFERENCES accounts(id), created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX points_entries_debit ON points_entries(debit_id, created_at)",
            "CREATE INDEX points_entries_credit ON points_entries(credit_id, created_at)",
            "CREATE INDEX points_entries_street ON points_entries(street_id, created_at)",
            "CREATE INDEX points_entries_subject ON points_entries(subject)",
            """
            CREATE TABLE points_rules (street_id BIGINT PRIMARY KEY REFERENCES streets(id), rules TEXT NOT NULL,
              updated_at BIGINT NOT NULL, updated_by BIGINT REFERENCES accounts(id))
            """,
            """
            CREATE TABLE shop_items (id $ID, street_id BIGINT NOT NULL REFERENCES streets(id),
              community_id BIGINT NOT NULL REFERENCES communities(id), name TEXT NOT NULL, description TEXT,
              price INTEGER NOT NULL, stock INTEGER NOT NULL CHECK (stock >= 0), monthly_limit INTEGER, starts_on TEXT,
              ends_on TEXT, pickup TEXT NOT NULL, active BOOLEAN NOT NULL, created_at BIGINT NOT NULL,
              updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX shop_items_community ON shop_items(community_id, active)",
            """
            CREATE TABLE points_holds (id $ID, street_id BIGINT NOT NULL REFERENCES streets(id),
              community_id BIGINT NOT NULL REFERENCES communities(id), item_id BIGINT NOT NULL REFERENCES shop_items(id),
              holder TEXT NOT NULL, entry_id BIGINT NOT NULL UNIQUE REFERENCES points_entries(id), code TEXT NOT NULL UNIQUE,
              quantity INTEGER NOT NULL, amount BIGINT NOT NULL, month TEXT NOT NULL, state TEXT NOT NULL,
              created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, resolved_at BIGINT,
              resolved_by BIGINT REFERENCES accounts(id))
            """,
            "CREATE INDEX points_holds_holder ON points_holds(holder, item_id, month)",
            "CREATE INDEX points_holds_due ON points_holds(state, expires_at)",
            "CREATE INDEX points_holds_counter ON points_holds(community_id, state, created_at)",
            """
            CREATE TABLE points_claims (id $ID, device_id TEXT NOT NULL, phone TEXT NOT NULL, code_hash TEXT NOT NULL,
              attempts INTEGER NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, used_at BIGINT,
              account_id BIGINT REFERENCES accounts(id))
            """,
            "CREATE INDEX points_claims_device ON points_claims(device_id, created_at)",
            "CREATE UNIQUE INDEX points_claims_linked ON points_claims(device_id) WHERE used_at IS NOT NULL",
            """
            CREATE TABLE activities (id $ID, street_id BIGINT NOT NULL REFERENCES streets(id),
              community_id BIGINT NOT NULL REFERENCES communities(id), title TEXT NOT NULL, description TEXT,
              place TEXT NOT NULL, starts_at BIGINT NOT NULL, ends_at BIGINT NOT NULL, points INTEGER NOT NULL,
              capacity INTEGER NOT NULL, signed_up INTEGER NOT NULL, created_by BIGINT NOT NULL REFERENCES accounts(id),
              created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX activities_community ON activities(community_id, starts_at)",
            """
            CREATE TABLE activity_signups (activity_id BIGINT NOT NULL REFERENCES activities(id),
              account_id BIGINT NOT NULL REFERENCES accounts(id), signed_at BIGINT NOT NULL, checked_in_at BIGINT,
              checked_in_by BIGINT REFERENCES accounts(id), PRIMARY KEY (activity_id, account_id))
            """,
        ])
}
