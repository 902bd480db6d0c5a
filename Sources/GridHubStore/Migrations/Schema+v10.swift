extension Schema {
    /// Roles an account holds besides its main one (a grid worker who is also community staff, a
    /// building head who is also a resident), each where its community or department says; a further
    /// grid-worker role works the account's grids, a further street role its street.
    static let v10 = Migration(
        version: 10, name: "further roles of an account",
        statements: [
            """
            CREATE TABLE account_roles (account_id BIGINT NOT NULL REFERENCES accounts(id), role TEXT NOT NULL,
              community_id BIGINT REFERENCES communities(id), department_id BIGINT REFERENCES departments(id),
              granted_at BIGINT NOT NULL, PRIMARY KEY (account_id, role))
            """
        ])
}
