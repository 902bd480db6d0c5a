import Foundation

/// What the street finds by itself (主动发现), every hour: the rules that turn a hotspot into a case and
/// the counts that make a grid silent or a department a concern.
public enum Discovery {
    /// The reports the scan reads: the last four weeks.
    public static let window: TimeInterval = 28 * 86_400
    /// An open case of the class this close to a hotspot's centre means someone is already on it.
    public static let openCaseRadius = 75.0

    public enum Kind: String, Sendable, Codable {
        /// A persistent hotspot, opened as a case (channel `detection`).
        case hotspot
        /// A grid whose reports stopped while its neighbours' did not.
        case silentGrid = "silent_grid"
        /// A department whose overdue cases rose two weeks running (``isRising(_:)``).
        case overdueRising = "overdue_rising"
    }

    /// A hotspot is persistent when it came back: on at least four of the last seven days (vending at a
    /// corner evening after evening), or in each of the last three weeks (garbage left at one spot every week).
    public static func isPersistent(_ times: [Date], now: Date) -> Bool {
        let today = CivilDate(now)
        let days = Set(times.map(CivilDate.init))
        let lastWeek = days.filter {
            let ago = (today.start.timeIntervalSince($0.start) / 86_400).rounded()
            return ago >= 0 && ago < 7
        }
        if lastWeek.count >= 4 { return true }
        let weeks = Set(times.compactMap { t -> Int? in
            let ago = now.timeIntervalSince(t)
            return ago >= 0 ? Int(ago / (7 * 86_400)) : nil
        })
        return weeks.isSuperset(of: [0, 1, 2])
    }

    /// One spot: the class and the hotspot's cell centre to about ten metres.
    public static func spot(classCode: String, at c: Coordinate) -> String {
        "\(classCode)@\(String(format: "%.4f,%.4f", c.lat, c.lon))"
    }

    /// A grid's reports in the last week and in the four weeks before it.
    public struct GridCounts: Sendable, Hashable {
        public var gridID: Int64
        public var communityID: Int64
        public var lastWeek: Int
        public var before: Int

        public init(gridID: Int64, communityID: Int64, lastWeek: Int, before: Int) {
            self.gridID = gridID
            self.communityID = communityID
            self.lastWeek = lastWeek
            self.before = before
        }
    }

    /// Grids that went quiet (沉默网格): at least one report a week before, none in the last week, while
    /// the rest of their community still reported (at least two in the week) — a grid worker who stopped
    /// reporting, or residents who gave up, not a quiet week for everyone.
    public static func silentGrids(_ grids: [GridCounts]) -> [GridCounts] {
        let byCommunity = Dictionary(grouping: grids, by: \.communityID)
        return grids.filter { g in
            guard g.before >= 4, g.lastWeek == 0 else { return false }
            let neighbours = (byCommunity[g.communityID] ?? []).filter { $0.gridID != g.gridID }
            return neighbours.map(\.lastWeek).reduce(0, +) >= 2
        }.sorted { $0.gridID < $1.gridID }
    }

    /// A department's overdue cases per week, oldest first: a concern when they rose two weeks running
    /// to at least three.
    public static func isRising(_ weekly: [Int]) -> Bool {
        guard weekly.count >= 3 else { return false }
        let last = Array(weekly.suffix(3))
        return last[0] < last[1] && last[1] < last[2] && last[2] >= 3
    }
}

/// An alert the discovery job raises for the command centre (silent grids, departments falling behind).
public struct InsightAlert: Sendable, Hashable, Codable {
    public var kind: Discovery.Kind
    public var message: String

    public init(kind: Discovery.Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public static let raised = EventKind("insight.alert")
}
