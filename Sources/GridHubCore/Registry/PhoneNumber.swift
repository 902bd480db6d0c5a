import Foundation

/// A mainland mobile number (1 and a second digit 3–9, eleven digits), stored without `+86`, spaces
/// or dashes. Only a number that fits can be made.
public struct PhoneNumber: Hashable, Sendable {
    public let value: String

    public init(_ raw: String) throws {
        var text = String(raw.filter { !" -()\u{3000}".contains($0) })
        if text.hasPrefix("+86") { text.removeFirst(3) } else if text.hasPrefix("0086") { text.removeFirst(4) }
        let chars = Array(text)
        guard chars.count == 11, chars.allSatisfy({ $0.isASCII && $0.isNumber }), chars[0] == "1",
            ("3"..."9").contains(chars[1])
        else {
            throw GridHubError(
                .unprocessable, "invalid_phone", "A phone number is a mainland mobile number: 11 digits starting 13–19.")
        }
        value = text
    }

    /// `138****5678`.
    public var masked: String { Self.mask(value) }

    public static func mask(_ text: String) -> String {
        guard text.count > 7 else { return String(repeating: "*", count: text.count) }
        return String(text.prefix(3)) + String(repeating: "*", count: text.count - 7) + String(text.suffix(4))
    }
}
