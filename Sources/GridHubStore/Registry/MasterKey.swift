import Crypto
import Foundation
import GridHubCore

/// The key that wraps each database's data keys: `GRIDHUB_MASTER_KEY` (32 bytes as base64 or 64 hex
/// digits) when instances share a database, else 32 random bytes in `<data>/master.key` (mode 0600),
/// made on first start. It never enters the database, so a copy of the database or an export alone
/// reveals no ID number or phone. Its id (a digest) tells which master wrapped a data key.
public struct MasterKey: Sendable {
    let key: SymmetricKey
    public let id: String

    public init(bytes: [UInt8]) throws {
        guard bytes.count == 32 else {
            throw GridHubError(.badRequest, "weak_master_key", "A master key is 32 bytes (openssl rand -base64 32).")
        }
        key = SymmetricKey(data: bytes)
        id = String(SHA256.hash(data: Data("gridhub-master-key".utf8) + bytes).hexString.prefix(12))
    }

    public static func path(in dataDirectory: URL) -> String { dataDirectory.appendingPathComponent("master.key").path }

    public static func load(
        dataDirectory: URL, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> MasterKey {
        if let text = environment["GRIDHUB_MASTER_KEY"]?.trimmingCharacters(in: .whitespacesAndNewlines) {
            guard let bytes = hex(text) ?? Data(base64Encoded: text).map({ [UInt8]($0) }) else {
                throw GridHubError(.badRequest, "weak_master_key", "GRIDHUB_MASTER_KEY is 32 bytes as base64 or hex.")
            }
            return try MasterKey(bytes: bytes)
        }
        let path = path(in: dataDirectory)
        if let data = FileManager.default.contents(atPath: path) { return try MasterKey(bytes: [UInt8](data)) }
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max) }
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
        else { throw CocoaError(.fileWriteNoPermission) }
        return try MasterKey(bytes: bytes)
    }

    /// 64 hexadecimal digits as 32 bytes; nil for anything else.
    static func hex(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        for i in stride(from: 0, to: 64, by: 2) {
            guard let byte = UInt8(String(decoding: digits[i..<i + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
