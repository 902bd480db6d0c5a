import Crypto
import Foundation
import GridHubCore
import SQLKit

extension PersonalDataVault {
    /// Makes a new sealing key (`seal-N+1`), retires the old ones and re-seals every sealed value with
    /// the new key, a batch a transaction; returns the new key's id and how many values it re-sealed.
    /// Retired keys stay (wrapped) so a value sealed by an instance that has not yet seen the new key
    /// still opens; a second rotation picks such values up.
    public func rotate(_ database: any Database, now: Date = Date()) async throws -> (keyID: String, resealed: Int) {
        let id = try await database.write { sql in
            let ids = try await sql.select().column("name").from("data_keys").all().map {
                try $0.decode(column: "name", as: String.self)
            }
            let n = (ids.compactMap { Int($0.dropFirst("seal-".count)) }.max() ?? 0) + 1
            let id = "seal-\(n)"
            try await sql.update("data_keys").set("retired_at", to: StoredTime.millis(now))
                .where("retired_at", .is, SQLLiteral.null).where("name", .like, "seal-%").run()
            try await sql.insert(into: "data_keys").columns("name", "wrapped", "master_id", "created_at", "retired_at")
                .values(
                    SQLBind(id), SQLBind(try Self.wrap(SymmetricKey(size: .bits256), id: id, master: self.master)),
                    SQLBind(self.master.id), SQLBind(StoredTime.millis(now)), SQLLiteral.null
                ).run()
            let keys = try await Self.load(sql, master: self.master)
            return (id, keys)
        }
        replace(id.1)
        var resealed = 0
        resealed += try await reseal(
            database, table: "residents", key: "id", columns: ["id_sealed": "id_number", "phone_sealed": "phone"])
        resealed += try await reseal(database, table: "registry_versions", key: nil, columns: ["record": "version"])
        return (id.0, resealed)
    }

    /// Re-seals, in batches of 500, every value of `columns` (column → field) not sealed with the active key.
    func reseal(_ database: any Database, table: String, key: String?, columns: [String: String]) async throws -> Int {
        let prefix = activeKeyID + ":%"
        var total = 0
        while true {
            let done = try await database.write { sql in
                let select = sql.select().columns(key.map { [$0] } ?? ["subject", "version"]).from(table)
                select.columns(columns.keys.sorted())
                select.where { w in
                    for column in columns.keys.sorted() {
                        w.orWhere {
                            $0.where(SQLColumn(column), .isNot, SQLLiteral.null).where(
                                SQLColumn(column), .notLike, SQLBind(prefix))
                        }
                    }
                    return w
                }
                let rows = try await select.limit(500).all()
                for row in rows {
                    let update = sql.update(table)
                    for (column, field) in columns {
                        guard let sealed: String = try row.optional(column) else { continue }
                        update.set(
                            SQLColumn(column), to: SQLBind(try self.seal(try await self.open(sealed, field: field), field: field))
                        )
                    }
                    if let key {
                        update.where(SQLColumn(key), .equal, SQLBind(try row.decode(column: key, as: Int64.self)))
                    } else {
                        update.where("subject", .equal, try row.decode(column: "subject", as: String.self))
                            .where("version", .equal, try row.decode(column: "version", as: Int.self))
                    }
                    try await update.run()
                }
                return rows.count
            }
            total += done
            if done < 500 { return total }
        }
    }
}
