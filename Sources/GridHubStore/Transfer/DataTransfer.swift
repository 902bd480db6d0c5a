import Crypto
import Foundation
import GridHubCore
import SQLKit

/// What an archive holds: the schema version, and per table its row count and the SHA-256 of its lines.
public struct ArchiveManifest: Codable, Sendable, Equatable {
    public struct Table: Codable, Sendable, Equatable {
        public var name: String
        public var rows: Int
        public var sha256: String
    }

    public var schemaVersion: Int
    public var tables: [Table]
    public var photos: Int
}

/// `gridhub export` / `import`: every row of every table, in dependency order, as JSON lines with
/// per-table checksums, and the photo files beside them. Ids are kept, so every reference holds.
public enum DataTransfer {
    /// Tables that are not data: the migrations' own record (the archive carries the schema version),
    /// and what is rebuilt from other tables (PostGIS's grid shapes and its reference table).
    static let derived: Set<String> = ["schema_migrations", "grid_shapes", "spatial_ref_sys"]

    /// Every table of the schema but ``derived``, read from the database itself (so a new table is never
    /// left out), in an order where each row's references are already present: a table after every
    /// table it references, ties by name.
    static func tables(of database: any Database) async throws -> [String] {
        let references = try await database.read { sql in try await sql.tableReferences() }
            .filter { !derived.contains($0.key) }
        var ordered: [String] = []
        var placed: Set<String> = []
        while ordered.count < references.count {
            let ready = references.filter { table, refs in
                !placed.contains(table) && refs.subtracting([table]).subtracting(derived).isSubset(of: placed)
            }.keys.sorted()
            guard let next = ready.first else {
                throw GridHubError(
                    .unprocessable, "schema_cycle", "The tables' foreign keys form a cycle; no export order exists.")
            }
            ordered.append(next)
            placed.insert(next)
        }
        return ordered
    }

    /// Writes the whole database and its photos into `folder` (created; must not hold an archive yet).
    @discardableResult
    public static func export(_ database: any Database, photos: PhotoStore, to folder: URL) async throws -> ArchiveManifest {
        let tableFolder = folder.appendingPathComponent("tables")
        try FileManager.default.createDirectory(at: tableFolder, withIntermediateDirectories: true)
        var entries = [ArchiveManifest.Table]()
        for table in try await tables(of: database) {
            let lines = try await lines(of: table, in: database)
            let data = Data(lines.joined().utf8)
            try data.write(to: tableFolder.appendingPathComponent("\(table).jsonl"), options: .atomic)
            entries.append(.init(name: table, rows: lines.count, sha256: checksum(of: data)))
        }
        let shas = try await database.read { sql in
            try await sql.select().column("sha256").from("photos").orderBy("sha256").all().map {
                try $0.decode(column: "sha256", as: String.self)
            }
        }
        let archivePhotos = PhotoStore(root: folder.appendingPathComponent("photos"))
        for sha in shas {
            guard let bytes = photos.read(sha256: sha) else {
                throw GridHubError(.unprocessable, "photo_missing", "The photo \(sha) is in the database but not on disk.")
            }
            let target = archivePhotos.url(for: sha)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: target)
        }
        let manifest = ArchiveManifest(
            schemaVersion: try await Migrator.appliedVersions(database).max() ?? 0, tables: entries, photos: shas.count)
        let encoder = APIJSON.encoder()
        encoder.outputFormatting.insert(.prettyPrinted)
        try encoder.encode(manifest).write(to: folder.appendingPathComponent("manifest.json"))
        return manifest
    }

    /// Loads an archive into an empty, migrated database; checks every table's checksum before and
    /// every row count after, and every photo's SHA-256. All rows go in one transaction.
    @discardableResult
    public static func `import`(_ database: any Database, photos: PhotoStore, from folder: URL) async throws -> ArchiveManifest {
        let manifest = try APIJSON.decoder().decode(
            ArchiveManifest.self, from: Data(contentsOf: folder.appendingPathComponent("manifest.json")))
        let version = try await Migrator.appliedVersions(database).max() ?? 0
        guard manifest.schemaVersion == version else {
            throw GridHubError(
                .unprocessable, "schema_mismatch", "The archive has schema \(manifest.schemaVersion), this database \(version).")
        }
        guard try await OrgStore(database: database).isEmpty() else {
            throw GridHubError(.conflict, "not_empty", "Import goes into an empty database; this one already holds a street.")
        }
        // Table and column names go into SQL and file paths: only the schema's own are taken.
        let schema = try await database.read { sql in
            var columns: [String: Set<String>] = [:]
            for table in try await sql.tableReferences().keys {
                columns[table] = Set(try await sql.columnTypes(of: table).map(\.name))
            }
            return columns
        }
        var rowsByTable = [(String, [[String: ArchiveValue]])]()
        for entry in manifest.tables {
            guard let columns = schema[entry.name] else {
                throw GridHubError(.unprocessable, "unknown_table", "The archive names a table this database does not have.")
            }
            let data = try Data(contentsOf: folder.appendingPathComponent("tables/\(entry.name).jsonl"))
            guard checksum(of: data) == entry.sha256 else {
                throw GridHubError(.unprocessable, "checksum_mismatch", "The table \(entry.name) does not match its checksum.")
            }
            let decoder = JSONDecoder()
            let rows = try data.split(separator: UInt8(ascii: "\n")).map {
                try decoder.decode([String: ArchiveValue].self, from: Data($0))
            }
            guard rows.allSatisfy({ $0.keys.allSatisfy(columns.contains) }) else {
                throw GridHubError(
                    .unprocessable, "unknown_column", "The table \(entry.name) has a column this database does not have.")
            }
            rowsByTable.append((entry.name, rows))
        }
        let archivePhotos = PhotoStore(root: folder.appendingPathComponent("photos"))
        for row in rowsByTable.first(where: { $0.0 == "photos" })?.1 ?? [] {
            guard case .text(let sha) = row["sha256"], let bytes = archivePhotos.read(sha256: sha),
                hex(SHA256.hash(data: bytes)) == sha
            else { throw GridHubError(.unprocessable, "photo_missing", "A photo of the archive is missing or damaged.") }
            _ = try photos.store(kind: ImageKind.stored(bytes) ?? .jpeg, bytes: bytes)
        }
        let loaded = rowsByTable
        try await database.write { sql in
            for (table, rows) in loaded {
                // Many rows a statement (fewer round trips), within both engines' limits on binds.
                for (columns, group) in Dictionary(grouping: rows, by: { $0.keys.sorted() }) {
                    let perStatement = max(1, min(1_000, 30_000 / max(columns.count, 1)))
                    for start in stride(from: 0, to: group.count, by: perStatement) {
                        let insert = sql.insert(into: table).columns(columns.map { SQLIdentifier($0) })
                        for row in group[start..<min(start + perStatement, group.count)] {
                            insert.values(columns.map { SQLBind(row[$0] ?? .null) })
                        }
                        try await insert.run()
                    }
                }
                if try await sql.columnTypes(of: table).contains(where: { $0.name == "id" }) {
                    try await sql.resumeIDs(of: table)
                }
            }
        }
        for entry in manifest.tables {
            let count = try await database.read { sql in
                try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(entry.name).first()?
                    .decode(column: "n", as: Int.self) ?? -1
            }
            guard count == entry.rows else {
                throw GridHubError(
                    .unprocessable, "count_mismatch", "\(entry.name): \(count) rows after import, \(entry.rows) in the archive.")
            }
        }
        return manifest
    }

    /// Each table's SHA-256 over its rows as the archive would hold them: equal databases, equal sums,
    /// whichever engine or file they are in.
    public static func checksums(of database: any Database) async throws -> [String: String] {
        var sums: [String: String] = [:]
        for table in try await tables(of: database) {
            sums[table] = hex(SHA256.hash(data: Data(try await lines(of: table, in: database).joined().utf8)))
        }
        return sums
    }

    /// A table's rows as JSON lines typed by the declared column types, ordered by every column in
    /// table order (compared here, not by the engine's collation, so both engines give the same bytes).
    static func lines(of table: String, in database: any Database) async throws -> [String] {
        try await database.read { sql in
            let columns = try await sql.columnTypes(of: table)
            let rows = try await sql.select().columns("*").from(table).all().map { row in
                try columns.map { try value(row, $0.name, $0.type) }
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return try rows.sorted { $0.lexicographicallyPrecedes($1) }.map { values in
                let named = Dictionary(uniqueKeysWithValues: zip(columns.map(\.name), values))
                return String(decoding: try encoder.encode(named), as: UTF8.self) + "\n"
            }
        }
    }

    static func value(_ row: any SQLRow, _ name: String, _ type: String) throws -> ArchiveValue {
        if try row.decodeNil(column: name) { return .null }
        switch type {
        case "BOOLEAN": return .boolean(try row.decode(column: name, as: Bool.self))
        case "INTEGER", "BIGINT": return .integer(try row.decode(column: name, as: Int64.self))
        case "DOUBLE PRECISION": return .real(try row.decode(column: name, as: Double.self))
        default: return .text(try row.decode(column: name, as: String.self))
        }
    }

    static func hex(_ digest: SHA256.Digest) -> String { digest.hexString }

    /// A table file's checksum, as the manifest records it.
    static func checksum(of data: Data) -> String { hex(SHA256.hash(data: data)) }
}
