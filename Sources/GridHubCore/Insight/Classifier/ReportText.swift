import Foundation

/// A report's words as the classifier sees them: folded to one form, then cut into features.
///
/// Features are character 1–3-grams (Chinese needs no word segmentation for them) and the whole domain
/// words of ``DomainTerms/terms``, each hashed to a stable 64-bit key (FNV-1a: the same in every process,
/// unlike `Hasher`). A report is a set of features — one 井盖 in a report says as much as three — and a
/// domain word counts ``termWeight`` times: 楼道灯 says more than the words around it.
public enum ReportText {
    /// The longest text read (a long description adds little but time).
    public static let maxCharacters = 400

    /// Full-width to half-width, lower case, dialect and typos folded, digits to one sign, and every
    /// character that is not a letter or digit dropped.
    public static func normalized(_ text: String) -> String {
        var s = String(text.prefix(maxCharacters)).precomposedStringWithCompatibilityMapping.lowercased()
        for (variant, standard) in DomainTerms.variants where s.contains(variant) {
            s = s.replacingOccurrences(of: variant, with: standard)
        }
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            if CharacterSet.decimalDigits.contains(scalar) {
                if out.last != "0" { out.append("0") }
            } else if CharacterSet.letters.contains(scalar) {
                out.append(scalar)
            }
        }
        return String(out)
    }

    public static let termWeight = 3.0

    /// The distinct features of a text, each with its weight.
    public static func features(_ text: String) -> [UInt64: Double] {
        let s = normalized(text)
        let scalars = Array(s.unicodeScalars)
        var out = [UInt64: Double]()
        out.reserveCapacity(scalars.count * 3 + 8)
        for n in 1...3 where scalars.count >= n {
            for start in 0...(scalars.count - n) {
                out[hash(scalars[start..<(start + n)], salt: UInt64(n))] = 1
            }
        }
        for term in DomainTerms.terms where s.contains(term) {
            out[hash(term.unicodeScalars[...], salt: 7)] = termWeight
        }
        return out
    }

    static func hash<S: Sequence>(_ scalars: S, salt: UInt64) -> UInt64 where S.Element == Unicode.Scalar {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ salt
        for scalar in scalars {
            h = (h ^ UInt64(scalar.value)) &* 0x0000_0100_0000_01B3
        }
        return h
    }
}
