/// Whether a class is a fixed component (部件, e.g. a manhole cover) or an event (事件, e.g. garbage).
public enum CaseClassKind: String, Sendable, Codable {
    case component
    case event

    public var chineseName: String { self == .component ? "部件" : "事件" }
}

/// Who leads on an item of the responsibility catalogue (权责清单).
public enum Responsibility: String, Sendable, Codable, CaseIterable {
    /// 部门主责、街道配合: a department leads, the street assists.
    case departmentLed = "department_led"
    /// 街道主责、部门配合: the street (or its community) leads, departments assist.
    case streetLed = "street_led"
    /// 街道吹哨、部门报到: the street summons several departments, who must report in.
    case whistle
}

/// Which party leads an item.
public enum LeadParty: Sendable, Hashable, Codable {
    case department(code: String)
    case street
    case community
}

/// One item of the responsibility catalogue: a case class with its lead, helpers and time limit.
public struct CatalogItem: Sendable, Hashable, Codable {
    /// "C0101" for components, "E0301" for events: kind letter + 2-digit major + 2-digit minor.
    public var code: String
    public var kind: CaseClassKind
    public var majorCode: String
    public var majorName: String
    public var minorCode: String
    public var name: String
    public var responsibility: Responsibility
    public var lead: LeadParty
    /// Departments that assist, or, for a whistle item, that are summoned.
    public var assisting: [String]
    public var timeLimit: TimeLimit
    /// A grid worker may fix it on the spot (自行处置).
    public var selfHandleAllowed: Bool
    /// How close and how recent an open case of this class must be to count as the same problem.
    public var duplicateRule: DuplicateRule

    public init(
        code: String, kind: CaseClassKind, majorCode: String, majorName: String, minorCode: String, name: String,
        responsibility: Responsibility, lead: LeadParty, assisting: [String], timeLimit: TimeLimit,
        selfHandleAllowed: Bool, duplicateRule: DuplicateRule
    ) {
        self.code = code
        self.kind = kind
        self.majorCode = majorCode
        self.majorName = majorName
        self.minorCode = minorCode
        self.name = name
        self.responsibility = responsibility
        self.lead = lead
        self.assisting = assisting
        self.timeLimit = timeLimit
        self.selfHandleAllowed = selfHandleAllowed
        self.duplicateRule = duplicateRule
    }
}

/// A time limit (处置时限) in one of three clocks.
public struct TimeLimit: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Unit: String, Sendable, Codable {
        /// Round the clock: urgent classes (a missing manhole cover cannot wait for Monday).
        case hours
        /// Hours on the working calendar.
        case workingHours = "working_hours"
        /// Days on the working calendar.
        case workingDays = "working_days"
    }

    public var value: Int
    public var unit: Unit

    public init(_ value: Int, _ unit: Unit) {
        self.value = value
        self.unit = unit
    }

    public var isUrgent: Bool { unit == .hours }

    public var description: String {
        switch unit {
        case .hours: "\(value)小时(紧急)"
        case .workingHours: "\(value)工作小时"
        case .workingDays: "\(value)个工作日"
        }
    }
}

/// The near-duplicate rule of a class: same class, open, within `radiusMetres` and `windowDays`.
public struct DuplicateRule: Sendable, Hashable, Codable {
    public var radiusMetres: Double
    public var windowDays: Int

    public init(radiusMetres: Double = 50, windowDays: Int = 7) {
        self.radiusMetres = radiusMetres
        self.windowDays = windowDays
    }

    public static let standard = DuplicateRule()
}
