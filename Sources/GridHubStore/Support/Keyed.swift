import Crypto
import Foundation

/// HMAC-SHA256 with a key derived from the server's secret, for values that must be stable but not
/// computable by anyone without the secret.
public enum Keyed {
    /// A key for one purpose, so the token-signing secret itself is never used twice.
    public static func derive(from secret: [UInt8], purpose: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Data(purpose.utf8), using: SymmetricKey(data: secret)))
    }

    public static func hex(key: [UInt8], _ text: String) -> String {
        Array(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: key))).hexString
    }
}
