import Crypto
import Foundation
import GridHubCore
import Logging
import SQLKit

/// `gridhub backup` / `restore` for the embedded engine: a consistent copy of a database that keeps
/// serving (SQLite's `VACUUM INTO` reads one snapshot while writers go on), and the photos it names.
///
/// A backup is a folder: `gridhub.sqlite`, `photos/` (the same layout as the data folder's), and
/// `backup.json` with the database file's SHA-256 and the photo count. Photos are written (and fsynced)
/// before the rows that name them commit, so every photo the snapshot names is on disk when it is copied.
public enum Backup {
    public struct Manifest: Codable, Sendable, Equatable {
        public var madeAt: Date
        public var databaseSHA256: String
        public var photos: Int
    }

    static let databaseFile = "gridhub.sqlite"
    static let manifestFile = "backup.json"

    /// Writes the backup into `folder`, which must not exist yet.
    @discardableResult
    public static func make(_ database: SQLiteDatabase, photos: PhotoStore, to folder: URL, now: Date = Date()) async throws
        -> Manifest
    {
        guard !FileManager.default.fileExists(atPath: folder.path) else {
            throw GridHubError(.conflict, "backup_exists", "\(folder.path) already exists: name a new folder.")
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let copy = folder.appendingPathComponent(databaseFile)
        try await database.read { sql in
            try await sql.raw("VACUUM INTO \(bind: copy.path)").run()
        }
        let named = try await photoNames(SQLiteFile(path: copy.path))
        try copyPhotos(named, from: photos, to: PhotoStore(root: folder.appendingPathComponent("photos")), missing: "photo_missing")
        let manifest = Manifest(madeAt: now, databaseSHA256: try sha256(of: copy), photos: named.count)
        try write(manifest, to: folder.appendingPathComponent(manifestFile))
        return manifest
    }

    /// Brings a backup into `dataDirectory`, which must hold no database yet; checks the file's SHA-256
    /// and every photo first.
    @discardableResult
    public static func restore(from folder: URL, into dataDirectory: URL) async throws -> Manifest {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let manifest = try decoder.decode(Manifest.self, from: Data(contentsOf: folder.appendingPathComponent(manifestFile)))
        let source = folder.appendingPathComponent(databaseFile)
        guard try sha256(of: source) == manifest.databaseSHA256 else {
            throw GridHubError(.unprocessable, "backup_damaged", "The backup's database does not match its checksum.")
        }
        let target = URL(fileURLWithPath: DatabaseOpener.sqlitePath(in: dataDirectory))
        guard !FileManager.default.fileExists(atPath: target.path) else {
            throw GridHubError(.conflict, "data_not_empty", "\(dataDirectory.path) already holds a database: restore into an empty folder.")
        }
        try copyPhotos(
            try await photoNames(SQLiteFile(path: source.path)), from: PhotoStore(root: folder.appendingPathComponent("photos")),
            to: PhotoStore(root: dataDirectory.appendingPathComponent("photos")), missing: "backup_damaged")
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: source, to: target)
        return manifest
    }

    /// Copies the named photos as they are (already prepared when they were stored), each checked
    /// against its name.
    static func copyPhotos(_ names: [String], from: PhotoStore, to: PhotoStore, missing code: String) throws {
        for sha in names {
            guard let bytes = from.read(sha256: sha), let kind = ImageKind.stored(bytes) else {
                throw GridHubError(.unprocessable, code, "Photo \(sha) is named by the database but missing from \(from.root.path).")
            }
            guard try to.store(kind: kind, bytes: bytes).sha256 == sha else {
                throw GridHubError(.unprocessable, code, "Photo \(sha) does not match its name.")
            }
        }
    }

    /// Every photo a database file names.
    static func photoNames(_ file: SQLiteFile) async throws -> [String] {
        let database = try await SQLiteDatabase.open(path: file.path, readers: 1, logger: .init(label: "backup"))
        do {
            let names = try await database.read { sql in
                try await sql.select().column("sha256").from("photos").orderBy("sha256").all()
                    .map { try $0.decode(column: "sha256", as: String.self) }
            }
            try await database.close()
            return names
        } catch {
            try? await database.close()
            throw error
        }
    }

    struct SQLiteFile {
        var path: String
    }

    static func sha256(of file: URL) throws -> String {
        SHA256.hash(data: try Data(contentsOf: file)).hexString
    }

    static func write(_ manifest: Manifest, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(manifest).write(to: url, options: .atomic)
    }
}
