import Foundation

/// A rider who reported from a device without signing up claims what the device earned (认领积分):
/// a one-time code goes to their phone, and with it they make (or sign in to) an account; the device
/// is linked to it, its points move once, and what it earns later goes to the account.
public enum RiderClaim {
    /// A code lives ten minutes, takes five guesses, and a device may ask for five a day.
    public static let lifetime: TimeInterval = 600
    public static let attempts = 5
    public static let perDay = 5

    /// Six random digits.
    public static func code() -> String {
        var g = SystemRandomNumberGenerator()
        return String(format: "%06d", Int.random(in: 0..<1_000_000, using: &g))
    }

    /// A typed code as stored: six digits, or a 422.
    public static func typed(_ raw: String) throws -> String {
        let code = raw.filter { !$0.isWhitespace }
        guard code.count == 6, code.allSatisfy(\.isASCII), code.allSatisfy(\.isNumber) else {
            throw GridHubError(.unprocessable, "invalid_code", "The code is the 6 digits sent to your phone.")
        }
        return code
    }
}
