import Foundation

/// A mainland resident identity number (居民身份证号码, GB 11643-1999): 6 digits of the place of
/// registration, 8 of the birth date, 3 of sequence (odd for men) and a check character. Only a
/// number that passes every rule can be made, so the rest of GridHub never sees a malformed one.
public struct IDNumber: Hashable, Sendable {
    /// 18 characters, digits and a final `X` in upper case.
    public let value: String
    public let birthDate: CivilDate
    public let gender: Gender

    /// Reads a number as people type it: spaces and dashes dropped, full-width digits and a lower-case
    /// `x` accepted. 422 naming the rule it breaks otherwise.
    public init(_ raw: String, today: CivilDate) throws {
        let text = Self.normalised(raw)
        let chars = Array(text)
        guard chars.count == 18, chars.prefix(17).allSatisfy({ $0.isASCII && $0.isNumber }),
            chars[17] == "X" || (chars[17].isASCII && chars[17].isNumber)
        else {
            throw Self.refused("An ID number has 17 digits and a check digit or X (18 characters).")
        }
        let digits = chars.prefix(17).compactMap { $0.wholeNumberValue }
        guard Self.checkCharacter(digits) == chars[17] else {
            throw Self.refused("The ID number's check digit is wrong: please check each digit.")
        }
        guard let year = Int(String(chars[6..<10])), let month = Int(String(chars[10..<12])),
            let day = Int(String(chars[12..<14])), let birth = CivilDate(year: year, month: month, day: day),
            year >= 1900, birth <= today
        else {
            throw Self.refused("The ID number's birth date (digits 7–14) is not a real date up to today.")
        }
        value = text
        birthDate = birth
        gender = digits[16] % 2 == 1 ? .male : .female
    }

    /// `220104********1234`: the place and the last four, as every screen shows it.
    public var masked: String { Self.mask(value) }

    /// Masks any stored text the same way (first 6, last 4).
    public static func mask(_ text: String) -> String {
        guard text.count > 10 else { return String(repeating: "*", count: text.count) }
        return String(text.prefix(6)) + String(repeating: "*", count: text.count - 10) + String(text.suffix(4))
    }

    /// The check character of the first 17 digits (ISO 7064 MOD 11-2).
    public static func checkCharacter(_ digits: [Int]) -> Character {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return Array("10X98765432")[sum % 11]
    }

    /// The 18-character number of 17 digits with their check character appended (the demo's made-up
    /// people, a form's hint); nil unless given exactly 17 digits.
    public static func completing(_ first17: String) -> String? {
        let digits = first17.compactMap { $0.isASCII ? $0.wholeNumberValue : nil }
        guard first17.count == 17, digits.count == 17 else { return nil }
        return first17 + String(checkCharacter(digits))
    }

    static func normalised(_ raw: String) -> String {
        String(
            raw.uppercased().compactMap { c -> Character? in
                if c == " " || c == "-" || c == "\u{3000}" { return nil }
                if let scalar = c.unicodeScalars.first, (0xFF10...0xFF19).contains(scalar.value) {
                    return Character(Unicode.Scalar(UInt8(truncatingIfNeeded: scalar.value - 0xFF10 + 0x30)))
                }
                if c == "Ｘ" { return "X" }
                return c
            })
    }

    static func refused(_ message: String) -> GridHubError {
        GridHubError(.unprocessable, "invalid_id_number", message)
    }
}

public enum Gender: String, Sendable, Codable, CaseIterable {
    case male, female

    public var chineseName: String { self == .male ? "男" : "女" }

    /// `男`/`女` or `male`/`female`.
    public init?(text: String) {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "男", "male", "m": self = .male
        case "女", "female", "f": self = .female
        default: return nil
        }
    }
}
