import Crypto
import Foundation
import GridHubCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#endif

/// A photo on disk, named by the SHA-256 of its (metadata-free) bytes.
public struct StoredPhoto: Sendable, Hashable {
    public var sha256: String
    public var kind: ImageKind
    public var size: Int
}

/// Photos under `<data>/photos/ab/cd/<sha256>`: content-addressed, so the same photo is stored once.
/// Each file is written and fsynced (and its folder too) before the database commit refers to it.
public struct PhotoStore: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    /// Checks, strips and durably writes a photo; returns its name.
    public func save(_ upload: [UInt8]) throws -> StoredPhoto {
        let (kind, bytes) = try PhotoPreparation.prepare(upload)
        return try store(kind: kind, bytes: bytes)
    }

    /// Threads for photo writes: each write waits for two fsyncs (file and folder), which the disk
    /// takes together when many arrive at once — on the shared pool they would queue one by one, and
    /// every database read behind them.
    static let writers: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 8)
        pool.start()
        return pool
    }()

    /// Checks every upload first, so one bad photo leaves nothing behind, then writes them all off the
    /// event loop (file writes and fsyncs block).
    public func saveAll(_ uploads: [[UInt8]]) async throws -> [StoredPhoto] {
        guard uploads.count <= ReportRules.maxPhotos else {
            throw GridHubError.invalid("photos", "At most \(ReportRules.maxPhotos) photos.")
        }
        guard !uploads.isEmpty else { return [] }
        let prepared = try uploads.map { try PhotoPreparation.prepare($0) }
        return try await Self.writers.runIfActive {
            try prepared.map { try self.store(kind: $0.kind, bytes: $0.bytes) }
        }
    }

    /// Durably writes bytes that have already been through ``PhotoPreparation``.
    public func store(kind: ImageKind, bytes: [UInt8]) throws -> StoredPhoto {
        let sha = SHA256.hash(data: bytes).hexString
        let file = url(for: sha)
        if FileManager.default.fileExists(atPath: file.path) {
            return StoredPhoto(sha256: sha, kind: kind, size: bytes.count)
        }
        let folder = file.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(".\(sha).\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw GridHubError(.unavailable, "storage_failed", "The photo could not be stored; try again.")
        }
        let handle = try FileHandle(forWritingTo: temporary)
        do {
            try handle.write(contentsOf: bytes)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        guard rename(temporary.path, file.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw GridHubError(.unavailable, "storage_failed", "The photo could not be stored; try again.")
        }
        Self.syncDirectory(folder)
        return StoredPhoto(sha256: sha, kind: kind, size: bytes.count)
    }

    /// The bytes of a stored photo, or nil when there is none by that name.
    public func read(sha256: String) -> [UInt8]? {
        guard Self.isValidName(sha256), let data = FileManager.default.contents(atPath: url(for: sha256).path) else {
            return nil
        }
        return [UInt8](data)
    }

    public func url(for sha: String) -> URL {
        let a = String(sha.prefix(2))
        let b = String(sha.dropFirst(2).prefix(2))
        return root.appendingPathComponent(a).appendingPathComponent(b).appendingPathComponent(sha)
    }

    /// 64 lowercase hex digits: nothing else can name a photo (no path tricks).
    public static func isValidName(_ s: String) -> Bool {
        s.count == 64 && s.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
    }

    static func syncDirectory(_ url: URL) {
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        _ = close(fd)
    }
}
