import Foundation

/// Problems that keep coming back to one building become a topic for its residents to decide: three
/// reports of one class at one building within 90 days (房屋漏雨 three times in building 12) is a
/// matter for the community, not one more case.
public enum CaseClusters {
    public static let minimum = 3
    public static let window: TimeInterval = 90 * 86_400
    /// A case is at a building when it lies within this many metres of it.
    public static let reach = 50.0

    public struct Item: Sendable, Hashable {
        public var caseID: Int64
        public var classCode: String
        public var buildingID: Int64
        public var reportedAt: Date

        public init(caseID: Int64, classCode: String, buildingID: Int64, reportedAt: Date) {
            self.caseID = caseID
            self.classCode = classCode
            self.buildingID = buildingID
            self.reportedAt = reportedAt
        }
    }

    public struct Cluster: Sendable, Hashable, Codable {
        public var buildingID: Int64
        public var classCode: String
        public var caseIDs: [Int64]
    }

    /// The clusters among cases reported since `now − window`, largest first.
    public static func find(_ items: [Item], now: Date) -> [Cluster] {
        let recent = items.filter { now.timeIntervalSince($0.reportedAt) <= window }
        let groups = Dictionary(grouping: recent) { "\($0.buildingID)|\($0.classCode)" }
        return groups.values.filter { $0.count >= minimum }.map { g in
            Cluster(buildingID: g[0].buildingID, classCode: g[0].classCode, caseIDs: g.map(\.caseID).sorted())
        }.sorted { ($0.caseIDs.count, $1.buildingID) > ($1.caseIDs.count, $0.buildingID) }
    }

    /// The nearest of `buildings` within ``reach`` of a position, if any.
    public static func building(at p: Coordinate, among buildings: [(id: Int64, at: Coordinate)]) -> Int64? {
        buildings.map { ($0.id, $0.at.distance(to: p)) }.filter { $0.1 <= reach }.min { $0.1 < $1.1 }?.0
    }
}
