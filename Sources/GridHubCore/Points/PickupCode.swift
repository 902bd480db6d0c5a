import Foundation

/// The code a resident shows at the counter to collect what they redeemed (取货码): 8 characters from
/// an alphabet without the look-alikes 0/O, 1/I/L — read aloud, typed or scanned as a QR code.
public enum PickupCode {
    public static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
    public static let length = 8

    /// A fresh random code (31⁸ ≈ 8.5 × 10¹¹ codes).
    public static func make<R: RandomNumberGenerator>(using generator: inout R) -> String {
        String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    public static func make() -> String {
        var g = SystemRandomNumberGenerator()
        return make(using: &g)
    }

    /// A typed code as stored: upper case, without spaces or dashes; nil when it cannot be a code.
    public static func normalised(_ typed: String) -> String? {
        let code = typed.uppercased().filter { $0 != " " && $0 != "-" }
        guard code.count == length, code.allSatisfy(alphabet.contains) else { return nil }
        return code
    }
}
