import Foundation

/// An open case that a new report might be the same problem as.
public struct DuplicateCandidate: Sendable, Hashable {
    public var caseID: Int64
    public var classCode: String
    public var location: Coordinate
    public var reportedAt: Date
    public var state: CaseState

    public init(caseID: Int64, classCode: String, location: Coordinate, reportedAt: Date, state: CaseState) {
        self.caseID = caseID
        self.classCode = classCode
        self.location = location
        self.reportedAt = reportedAt
        self.state = state
    }
}

/// Near-duplicate matching (重复上报合并): the same class, still open, within the class's radius
/// and time window. The nearest match wins; ties go to the older case.
public enum DuplicateMatcher {
    /// A case stamped a little after the report's own time is still "already there": another
    /// instance (or a concurrent request) committed it while this report waited its turn, and
    /// instances' clocks differ by a little.
    public static let clockSkew: TimeInterval = 300

    public static func match(
        classCode: String, at location: Coordinate, on date: Date, rule: DuplicateRule,
        among candidates: [DuplicateCandidate]
    ) -> DuplicateCandidate? {
        let earliest = date.addingTimeInterval(-Double(rule.windowDays) * 86_400)
        var best: (candidate: DuplicateCandidate, distance: Double)?
        for c in candidates where c.classCode == classCode && c.state.isOpen {
            guard c.reportedAt >= earliest, c.reportedAt <= date.addingTimeInterval(clockSkew) else { continue }
            let d = c.location.distance(to: location)
            guard d <= rule.radiusMetres else { continue }
            if let b = best, d > b.distance || (d == b.distance && c.reportedAt >= b.candidate.reportedAt) { continue }
            best = (c, d)
        }
        return best?.candidate
    }
}
