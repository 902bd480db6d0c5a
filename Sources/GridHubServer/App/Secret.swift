import Foundation
import GridHubCore

/// The key that signs access tokens: 32 random bytes in `<data>/secret.key` (mode 0600), made on
/// first start, or `GRIDHUB_JWT_SECRET` when several instances must share one. A shared secret shorter
/// than 32 bytes stops start-up: quietly using another key would sign tokens no other instance accepts.
public enum Secret {
    public static let minimumBytes = 32

    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [UInt8] {
        if let env = environment["GRIDHUB_JWT_SECRET"] {
            guard env.utf8.count >= minimumBytes else {
                throw GridHubError(
                    .badRequest, "weak_secret",
                    "GRIDHUB_JWT_SECRET has \(env.utf8.count) bytes; it needs at least \(minimumBytes) (try `openssl rand -base64 48`).")
            }
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
