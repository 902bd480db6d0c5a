import Foundation

/// 户籍 or 流动: how a household lives here.
public enum HouseholdKind: String, Sendable, Codable, CaseIterable {
    /// 户籍: registered here.
    case registered
    /// 流动: living here, registered elsewhere.
    case floating

    public var chineseName: String { self == .registered ? "户籍" : "流动" }

    public init?(text: String) {
        switch text.trimmingCharacters(in: .whitespaces) {
        case "户籍", "registered", "常住": self = .registered
        case "流动", "floating", "流动人口", "暂住": self = .floating
        default: return nil
        }
    }
}

/// Where a household lives: a room in a unit of a building, and so in a grid, community and street.
public struct HouseholdPlace: Sendable, Hashable {
    public var streetID: Int64
    public var communityID: Int64
    public var gridID: Int64
    public var buildingID: Int64
    public var unitID: Int64

    public init(streetID: Int64, communityID: Int64, gridID: Int64, buildingID: Int64, unitID: Int64) {
        self.streetID = streetID
        self.communityID = communityID
        self.gridID = gridID
        self.buildingID = buildingID
        self.unitID = unitID
    }
}

/// A person as the registry holds them, every field checked; ID number and phone in the clear only in
/// memory (the Store seals them before they reach a table).
public struct ResidentRecord: Sendable, Hashable {
    public var name: String
    public var gender: Gender?
    public var birthDate: CivilDate?
    public var idNumber: IDNumber?
    public var phone: PhoneNumber?
    /// 与户主关系: 户主, 配偶, 子, 女 …
    public var relation: String
    public var movedIn: CivilDate?
    public var movedOut: CivilDate?
    public var tags: Set<ResidentTag>
    public var focusReason: String?

    /// Checks a person as a form or a register line gives them: the name 1–40 characters; the ID
    /// number by GB 11643 and its birth date and gender agreeing with any given; the phone by the
    /// mainland pattern; moving out not before moving in; tags by their rules. 422 naming the field.
    public init(
        name: String, gender: String?, birthDate: String?, idNumber: String?, phone: String?, relation: String?,
        movedIn: String?, movedOut: String?, tags: [String], focusReason: String?, today: CivilDate
    ) throws {
        self.name = try Self.text(name, "name", 1...40) ?? ""
        let id = try Self.present(idNumber).map { try IDNumber($0, today: today) }
        self.idNumber = id
        self.phone = try Self.present(phone).map(PhoneNumber.init)
        var given: Gender?
        if let text = Self.present(gender) {
            guard let g = Gender(text: text) else { throw Self.refused("gender", "Gender is 男 or 女.") }
            given = g
        }
        if let id, let given, id.gender != given {
            throw Self.refused("gender", "The gender does not match the ID number's (digit 17).")
        }
        self.gender = id?.gender ?? given
        let birth = try Self.day(birthDate, "birth_date")
        if let id, let birth, birth != id.birthDate {
            throw Self.refused("birth_date", "The birth date does not match the ID number's (digits 7–14).")
        }
        if let birth, birth > today { throw Self.refused("birth_date", "A birth date is not in the future.") }
        self.birthDate = id?.birthDate ?? birth
        self.relation = try Self.text(relation, "relation", 1...20) ?? "其他"
        self.movedIn = try Self.day(movedIn, "moved_in")
        self.movedOut = try Self.day(movedOut, "moved_out")
        if let i = self.movedIn, let o = self.movedOut, o < i {
            throw Self.refused("moved_out", "Moving out comes after moving in.")
        }
        self.focusReason = try Self.text(focusReason, "focus_reason", 1...200)
        self.tags = try ResidentTag.validated(tags, focusReason: self.focusReason)
        if !self.tags.contains(.focus) { self.focusReason = nil }
    }

    /// Whether the person lives here now.
    public var present: Bool { movedOut == nil }

    static func present(_ text: String?) -> String? {
        guard let t = text?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
        return t
    }

    static func text(_ raw: String?, _ field: String, _ range: ClosedRange<Int>) throws -> String? {
        guard let t = present(raw) else {
            if field == "name" { throw refused(field, "A resident has a name.") }
            return nil
        }
        guard range.contains(t.count), !t.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw refused(field, "'\(field)' is \(range.lowerBound)–\(range.upperBound) characters of text.")
        }
        return t
    }

    static func day(_ raw: String?, _ field: String) throws -> CivilDate? {
        guard let t = present(raw) else { return nil }
        guard let day = CivilDate(text: t.replacingOccurrences(of: "/", with: "-")) else {
            throw refused(field, "'\(field)' is a date like 1950-03-07.")
        }
        return day
    }

    static func refused(_ field: String, _ message: String) -> GridHubError {
        GridHubError(.unprocessable, "invalid_\(field)", message)
    }

    /// A name as shown to someone whose scope does not hold the household: the family name only (张**).
    public static func maskedName(_ name: String) -> String {
        guard let first = name.first else { return "" }
        return String(first) + String(repeating: "*", count: max(1, name.count - 1))
    }
}
