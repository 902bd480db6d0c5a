import Foundation
import GridHubCore

/// Made-up people with ID numbers that pass GB 11643, for registry tests.
public enum People {
    /// An ID number of someone born on `birth` (`19450307`) in Chaoyang district, Changchun (220104).
    public static func idNumber(born birth: String, sequence: Int = 1, male: Bool = true) -> String {
        IDNumber.completing("220104" + birth + String(format: "%03d", (sequence * 2 + (male ? 1 : 0)) % 1000)) ?? ""
    }
}
