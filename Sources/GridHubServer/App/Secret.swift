import Foundation

/// The key that signs access tokens: 32 random bytes in `<data>/secret.key` (mode 0600), made on
/// first start, or `GRIDHUB_JWT_SECRET` when several instances must share one.
enum Secret {
    static func load(path: String) throws -> [UInt8] {
        if let env = ProcessInfo.processInfo.environment["GRIDHUB_JWT_SECRET"], env.utf8.count >= 32 {
            return Array(env.utf8)
        }
        if let data = FileManager.default.contents(atPath: path), data.count >= 32 {
            return [UInt8](data)
        }
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max) }
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
        else {
            throw CocoaError(.fileWriteNoPermission)
        }
        return bytes
    }
}
