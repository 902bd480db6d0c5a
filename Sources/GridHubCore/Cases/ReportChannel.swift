/// How a report reached GridHub.
public enum ReportChannel: String, Sendable, Codable, CaseIterable {
    /// The 随手拍 web page.
    case web
    /// A mini-program such as 朝阳小哥E点通 (delivery riders).
    case miniProgram = "mini_program"
    /// Found by a grid worker on patrol (巡查).
    case patrol
    /// Taken down by staff from a phone call (热线).
    case hotline
    /// Filed through the Open311 GeoReport v2 API.
    case open311
    /// Found automatically from data (大数据发现).
    case detection
    /// A need found on a visit to a resident (走访).
    case visit
    /// A measure a community's published resolution ordered (议事决议).
    case deliberation
}

extension ReportChannel {
    /// Whether a report may join an open case of the same class nearby (合并重复上报). A measure a
    /// resolution ordered is its own piece of work, followed to its end, never someone's duplicate.
    public var joinsDuplicates: Bool { self != .deliberation }
}
