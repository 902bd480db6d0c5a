import Foundation
import GridHubCore
import GridHubTestSupport
import SQLKit
import Testing

@testable import GridHubStore

@Suite("Backup and restore")
struct BackupTests {
    @Test("a backup taken while reports keep arriving restores to the same database it copied, photos and all")
    func underLoad() async throws {
        try await WorkflowStoreTests.withWorld(.sqlite) { w async throws in
            let sqlite = try #require(w.f.database as? SQLiteDatabase)
            let before = try await w.f.count("cases")
            let load = Task {
                var filed = 0
                while !Task.isCancelled && filed < 400 {
                    do {
                        _ = try await w.report(
                            "E0101", by: "jumin0\(filed % 9 + 1)", north: Double(filed % 7) * 60, at: WorkflowStoreTests.t0)
                        filed += 1
                    } catch is CancellationError {
                        break
                    }
                }
                return filed
            }
            try await Task.sleep(for: .milliseconds(200))
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridhub-backup-\(UUID().uuidString)")
            let manifest = try await Backup.make(sqlite, photos: w.f.photos, to: folder)
            load.cancel()
            let filed = try await load.value
            #expect(filed > 0)
            await #expect(throws: GridHubError.self) { try await Backup.make(sqlite, photos: w.f.photos, to: folder) }

            let restoredFolder = FileManager.default.temporaryDirectory.appendingPathComponent("gridhub-restored-\(UUID().uuidString)")
            defer {
                try? FileManager.default.removeItem(at: folder)
                try? FileManager.default.removeItem(at: restoredFolder)
            }
            try await Backup.restore(from: folder, into: restoredFolder)
            await #expect(throws: GridHubError.self) { try await Backup.restore(from: folder, into: restoredFolder) }
            let restored = try await SQLiteDatabase.open(path: DatabaseOpener.sqlitePath(in: restoredFolder), logger: .init(label: "t"))
            let snapshot = try await SQLiteDatabase.open(path: folder.appendingPathComponent("gridhub.sqlite").path, logger: .init(label: "t"))
            do {
                #expect(try await DataTransfer.checksums(of: restored) == DataTransfer.checksums(of: snapshot))
                let cases = try await restored.read { sql in
                    try await sql.raw("SELECT COUNT(*) AS n FROM cases").first()?.decode(column: "n", as: Int.self) ?? -1
                }
                #expect(cases >= before)
                let integrity = try await restored.read { sql in
                    try await sql.raw("PRAGMA integrity_check").first()?.decode(column: "integrity_check", as: String.self)
                }
                #expect(integrity == "ok")
                let photos = PhotoStore(root: restoredFolder.appendingPathComponent("photos"))
                let names = try await restored.read { sql in
                    try await sql.select().column("sha256").from("photos").all().map { try $0.decode(column: "sha256", as: String.self) }
                }
                #expect(names.count == manifest.photos && names.allSatisfy { photos.read(sha256: $0) != nil })
                try await restored.close()
                try await snapshot.close()
            } catch {
                try? await restored.close()
                try? await snapshot.close()
                throw error
            }
        }
    }

    @Test("a damaged backup is refused before anything is written")
    func damaged() async throws {
        try await StoreFixture.with(.sqlite) { f async throws in
            let sqlite = try #require(f.database as? SQLiteDatabase)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridhub-backup-\(UUID().uuidString)")
            let target = FileManager.default.temporaryDirectory.appendingPathComponent("gridhub-restored-\(UUID().uuidString)")
            defer {
                try? FileManager.default.removeItem(at: folder)
                try? FileManager.default.removeItem(at: target)
            }
            try await Backup.make(sqlite, photos: f.photos, to: folder)
            let file = folder.appendingPathComponent("gridhub.sqlite")
            var bytes = try Data(contentsOf: file)
            bytes[bytes.count / 2] ^= 0xFF
            try bytes.write(to: file)
            await #expect(throws: GridHubError.self) { try await Backup.restore(from: folder, into: target) }
            #expect(!FileManager.default.fileExists(atPath: DatabaseOpener.sqlitePath(in: target)))
        }
    }
}
