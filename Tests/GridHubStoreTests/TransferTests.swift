import Foundation
import GridHubCore
import GridHubTestSupport
import SQLKit
import Testing

@testable import GridHubStore

@Suite("Export and import")
struct TransferTests {
    static func folder(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("gridhub-\(name)-\(UUID().uuidString)")
    }

    @Test("a whole street goes out and back in with every row, timeline event and photo; checksums match", arguments: Engine.all)
    func roundTrip(engine: Engine) async throws {
        try await StoreFixture.with(engine, demo: true) { source async throws in
            let archive = Self.folder("archive")
            defer { try? FileManager.default.removeItem(at: archive) }
            let out = try await DataTransfer.export(source.database, photos: source.photos, to: archive)
            // Every table of the schema is in the archive (a new table cannot be left out), each after those it references.
            let schema = try await source.database.read { sql in try await sql.tableReferences() }
            #expect(Set(out.tables.map(\.name)) == Set(schema.keys).subtracting(DataTransfer.derived) && out.photos >= 1)
            let position = Dictionary(uniqueKeysWithValues: out.tables.enumerated().map { ($1.name, $0) })
            for table in out.tables {
                for referenced in schema[table.name] ?? [] where referenced != table.name {
                    #expect((position[referenced] ?? .max) < (position[table.name] ?? -1), "\(referenced) before \(table.name)")
                }
            }
            #expect(["streets", "cases", "case_events", "audit", "devices"].allSatisfy { position[$0] != nil })
            #expect(out.tables.first { $0.name == "case_events" }?.rows ?? 0 > 1_000)
            try await StoreFixture.with(engine) { target async throws in
                let back = try await DataTransfer.import(target.database, photos: target.photos, from: archive)
                #expect(back == out)
                let again = Self.folder("again")
                defer { try? FileManager.default.removeItem(at: again) }
                #expect(try await DataTransfer.export(target.database, photos: target.photos, to: again) == out)
                // The copy takes new rows after the imported ones.
                let before = try await target.count("cases")
                _ = try await target.database.write { sql in
                    try await sql.insert(into: "streets").columns("code", "name", "district_name", "city_name", "tracking_prefix")
                        .values(SQLBind("999999999"), SQLBind("新街道"), SQLBind("区"), SQLBind("市"), SQLBind("XJ")).run()
                }
                #expect(try await target.count("cases") == before)
                #expect(try await target.count("streets") == 2)
                // A second import into a database that holds data is refused.
                await #expect(throws: GridHubError.self) {
                    try await DataTransfer.import(target.database, photos: target.photos, from: archive)
                }
            }
        }
    }

    @Test(
        "a street moves SQLite → PostgreSQL → SQLite: every table's count and checksum match at each step",
        .enabled(if: PostgresServer.url != nil, Comment(rawValue: PostgresServer.skipNote)))
    func betweenEngines() async throws {
        try await StoreFixture.with(.sqlite, demo: true) { sqlite async throws in
            let first = Self.folder("from-sqlite")
            let second = Self.folder("from-postgres")
            let third = Self.folder("back-in-sqlite")
            defer { for f in [first, second, third] { try? FileManager.default.removeItem(at: f) } }
            let original = try await DataTransfer.export(sqlite.database, photos: sqlite.photos, to: first)
            try await StoreFixture.with(.postgres) { postgres async throws in
                try await DataTransfer.import(postgres.database, photos: postgres.photos, from: first)
                #expect(try await DataTransfer.export(postgres.database, photos: postgres.photos, to: second) == original)
                try await StoreFixture.with(.sqlite) { back async throws in
                    try await DataTransfer.import(back.database, photos: back.photos, from: second)
                    #expect(try await DataTransfer.export(back.database, photos: back.photos, to: third) == original)
                    #expect(try await back.count("case_events") == (try await sqlite.count("case_events")))
                }
            }
            #expect(original.photos >= 1 && original.tables.allSatisfy { $0.rows >= 0 })
        }
    }

    @Test("a damaged archive is refused and writes nothing", arguments: Engine.all)
    func damaged(engine: Engine) async throws {
        try await StoreFixture.with(engine, demo: true) { source async throws in
            let archive = Self.folder("damaged")
            defer { try? FileManager.default.removeItem(at: archive) }
            try await DataTransfer.export(source.database, photos: source.photos, to: archive)
            let cases = archive.appendingPathComponent("tables/cases.jsonl")
            var text = try String(contentsOf: cases, encoding: .utf8)
            text = text.replacingOccurrences(of: "\"reported\"", with: "\"closed\"")
            try text.write(to: cases, atomically: true, encoding: .utf8)
            try await StoreFixture.with(engine) { target async throws in
                do {
                    try await DataTransfer.import(target.database, photos: target.photos, from: archive)
                    Issue.record("a damaged archive was imported")
                } catch let e as GridHubError {
                    #expect(e.code == "checksum_mismatch")
                }
                let left = [try await target.count("streets"), try await target.count("cases")]
                #expect(left == [0, 0])
            }
        }
    }

    @Test(
        "an archive naming a table or a column the schema does not have is refused before anything is read or written",
        arguments: Engine.all)
    func foreignNames(engine: Engine) async throws {
        try await StoreFixture.with(engine, demo: true) { source async throws in
            for (name, edit, code) in [
                ("table", "../../etc/passwd", "unknown_table"),
                ("column", #""reported_at":"#, "unknown_column"),
            ] {
                let archive = Self.folder("foreign-\(name)")
                defer { try? FileManager.default.removeItem(at: archive) }
                try await DataTransfer.export(source.database, photos: source.photos, to: archive)
                if name == "table" {
                    try Self.editManifest(archive) { tables in
                        for i in tables.indices where tables[i]["name"] as? String == "streets" { tables[i]["name"] = edit }
                    }
                } else {
                    // A column named like SQL, with the table's checksum made to match.
                    let cases = archive.appendingPathComponent("tables/cases.jsonl")
                    let text = try String(contentsOf: cases, encoding: .utf8)
                    let renamed = text.replacingOccurrences(of: edit, with: #""reported_at\" = 1; --":"#)
                    #expect(renamed != text)
                    try renamed.write(to: cases, atomically: true, encoding: .utf8)
                    let sum = DataTransfer.checksum(of: try Data(contentsOf: cases))
                    try Self.editManifest(archive) { tables in
                        for i in tables.indices where tables[i]["name"] as? String == "cases" { tables[i]["sha256"] = sum }
                    }
                }
                try await StoreFixture.with(engine) { target async throws in
                    do {
                        try await DataTransfer.import(target.database, photos: target.photos, from: archive)
                        Issue.record("an archive with a foreign \(name) was imported")
                    } catch let e as GridHubError {
                        #expect(e.code == code)
                    }
                    #expect([try await target.count("streets"), try await target.count("cases")] == [0, 0])
                }
            }
        }
    }

    /// Changes the manifest's table entries.
    static func editManifest(_ archive: URL, _ edit: (inout [[String: Any]]) -> Void) throws {
        let url = archive.appendingPathComponent("manifest.json")
        var manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        var tables = manifest["tables"] as? [[String: Any]] ?? []
        edit(&tables)
        manifest["tables"] = tables
        try JSONSerialization.data(withJSONObject: manifest).write(to: url)
    }
}
