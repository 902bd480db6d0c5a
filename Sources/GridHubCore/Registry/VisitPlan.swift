import Foundation

/// How often each group is visited (走访): 独居老人 weekly, 高龄 and 残疾人 monthly unless a community sets
/// its own. A resident in several groups is visited as often as the most frequent asks.
public struct VisitPlan: Sendable, Hashable, Codable {
    /// Days between visits, by group (the tag's code); a group absent is not visited on a plan.
    public var everyDays: [String: Int]

    public init(everyDays: [String: Int]) {
        self.everyDays = everyDays
    }

    public static let standard = VisitPlan(everyDays: [
        ResidentTag.livingAlone.rawValue: 7, ResidentTag.aged80.rawValue: 30, ResidentTag.disabled.rawValue: 30,
    ])

    /// Each group known and visited every 1–365 days; 422 otherwise.
    public func validated() throws -> VisitPlan {
        for (tag, days) in everyDays {
            guard ResidentTag(rawValue: tag) != nil else {
                throw GridHubError(.unprocessable, "invalid_tag", "'\(tag)' is not a group's code.")
            }
            guard (1...365).contains(days) else {
                throw GridHubError(.unprocessable, "invalid_every_days", "A group is visited every 1–365 days.")
            }
        }
        return self
    }

    /// The shortest interval among the groups a resident is in; nil when none is visited on a plan.
    public func interval(for tags: Set<ResidentTag>) -> Int? {
        tags.compactMap { everyDays[$0.rawValue] }.min()
    }

    /// When the next visit is due: `interval` days after the last visit, or after `since` (when the
    /// resident entered the plan) if never visited; nil when no group of theirs is on the plan.
    public func due(tags: Set<ResidentTag>, lastVisit: Date?, since: Date) -> Date? {
        interval(for: tags).map { (lastVisit ?? since).addingTimeInterval(Double($0) * 86_400) }
    }
}

/// How the visitor found the resident.
public enum VisitCondition: String, Sendable, Codable, CaseIterable {
    case good, fair, poor, urgent

    public var chineseName: String {
        switch self {
        case .good: "良好"
        case .fair: "一般"
        case .poor: "较差"
        case .urgent: "紧急"
        }
    }
}

public enum RegistryEvent {
    public static let householdChanged = EventKind("registry.household_changed")
    public static let residentChanged = EventKind("registry.resident_changed")
    public static let imported = EventKind("registry.imported")
    public static let visitRecorded = EventKind("visit.recorded")
    public static let visitOverdue = EventKind("visit.overdue")
}

/// What a registry or visit event carries. Never a name, ID number or phone: events travel to
/// webhooks and notices; they name the record, its place and what changed.
public struct RegistryFacts: Sendable, Hashable, Codable {
    public var communityID: Int64
    public var gridID: Int64
    public var buildingID: Int64?
    public var householdID: Int64?
    public var residentID: Int64?
    public var version: Int?
    /// The fields changed (`phone`, `tags` …), or `created`.
    public var fields: [String]?
    public var condition: VisitCondition?
    /// Where the resident lives, as a visitor finds it (`3号楼 2单元 301`).
    public var address: String?
    public var due: Date?
    public var count: Int?

    public init(
        communityID: Int64, gridID: Int64, buildingID: Int64? = nil, householdID: Int64? = nil, residentID: Int64? = nil,
        version: Int? = nil, fields: [String]? = nil, condition: VisitCondition? = nil, address: String? = nil,
        due: Date? = nil, count: Int? = nil
    ) {
        self.communityID = communityID
        self.gridID = gridID
        self.buildingID = buildingID
        self.householdID = householdID
        self.residentID = residentID
        self.version = version
        self.fields = fields
        self.condition = condition
        self.address = address
        self.due = due
        self.count = count
    }
}

/// Who hears of visits: the grid's workers of an overdue one, the community of an urgent one.
public enum VisitNotices {
    public static func plan(_ kind: EventKind, _ f: RegistryFacts) -> [(recipient: Recipient, kind: String, message: String)] {
        let place = f.address ?? ""
        switch kind {
        case RegistryEvent.visitOverdue:
            return [(.role(.gridWorker, in: .grid(f.gridID)), "visit_overdue", "走访逾期：\(place) 的住户该走访了。")]
        case RegistryEvent.visitRecorded where f.condition == .urgent:
            return [(.role(.communityStaff, in: .community(f.communityID)), "visit_urgent", "走访发现紧急情况：\(place)。")]
        default:
            return []
        }
    }
}
