import Foundation
import GridHubCore
import SQLKit

/// A patrol as the API shows it.
public struct PatrolView: Sendable, Hashable, Codable {
    public var id: Int64
    public var accountID: Int64
    public var worker: String
    public var workerName: String
    public var communityID: Int64
    public var gridID: Int64
    public var gridCode: String
    public var source: String
    public var startedAt: Date
    public var endedAt: Date?
    public var running: Bool
    public var lastFixAt: Date?
    public var lastPosition: Coordinate?
    public var distanceM: Double
    public var durationS: Double
    public var inGridS: Double
    /// Share of the grid's buildings and key places passed within 30 m; nil when the grid lists none.
    public var coverage: Double?
    public var targets: Int
    public var passed: [String]
    public var fixesRaw: Int
    public var fixesKept: Int
    public var dropped: [String: Int]
    public var checkIns: Int
    public var reports: Int
    public var counted: Bool
    public var slot: PatrolSlot?
}

/// A patrol's track: the filtered line simplified at 5 m (GeoJSON order: lon, lat), each point's time,
/// and how many raw fixes there were; its check-ins and the reports filed on it.
public struct PatrolTrack: Sendable, Hashable, Codable {
    public struct Line: Sendable, Hashable, Codable {
        public var type = "LineString"
        public var coordinates: [[Double]]
    }
    public struct CheckIn: Sendable, Hashable, Codable {
        public var id: Int64
        public var place: String
        public var placeName: String
        public var at: Date
        public var lat: Double
        public var lon: Double
        public var distanceM: Double
        public var photos: [String]
    }
    public struct Report: Sendable, Hashable, Codable {
        public var caseID: Int64
        public var trackingNo: String
        public var at: Date
        public var lat: Double
        public var lon: Double
    }
    public var patrolID: Int64
    public var geometry: Line
    /// The time of each point of `geometry`.
    public var times: [Date]
    public var rawFixes: Int
    public var keptFixes: Int
    /// True once the raw fixes have been deleted (older than 180 days): only the measures remain.
    public var purged: Bool
    public var checkIns: [CheckIn]
    public var reports: [Report]
}

/// A place a patrol should pass or check in at: a building, or a listed 巡查点.
public struct PatrolPlace: Sendable, Hashable, Codable {
    /// `building:12` or `place:3`.
    public var key: String
    public var kind: String
    public var name: String
    public var lat: Double
    public var lon: Double
    public var gridID: Int64
}

/// A window missed or made up (漏巡、补签).
public struct PatrolSlotRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var accountID: Int64
    public var worker: String
    public var workerName: String
    public var communityID: Int64
    public var day: String
    public var window: Int
    /// `missed`, `requested`, `approved`, `refused`.
    public var state: String
    public var reason: String?
    public var decisionNote: String?
}

/// A worker on patrol now: the last position seen.
public struct WorkerOnPatrol: Sendable, Hashable, Codable {
    public var patrolID: Int64
    public var accountID: Int64
    public var worker: String
    public var workerName: String
    public var gridCode: String
    public var at: Date
    public var lat: Double
    public var lon: Double
    public var distanceM: Double
    public var coverage: Double?
}

struct PatrolRow: Decodable, Sendable {
    var id: Int64
    var streetId: Int64
    var communityId: Int64
    var gridId: Int64
    var accountId: Int64
    var source: String
    var startedAt: Int64
    var endedAt: Int64?
    var lastFixAt: Int64?
    var lastLat: Double?
    var lastLon: Double?
    var distanceM: Double
    var durationS: Double
    var inGridS: Double
    var coverage: Double?
    var passed: String
    var targets: Int
    var fixesRaw: Int
    var fixesKept: Int
    var dropped: String
    var checkIns: Int
    var slotDay: String?
    var slotWindow: Int?
    var counted: Bool
    var username: String
    var displayName: String

    static let columns = [
        "p.id", "p.street_id", "p.community_id", "p.grid_id", "p.account_id", "p.source", "p.started_at", "p.ended_at",
        "p.last_fix_at", "p.last_lat", "p.last_lon", "p.distance_m", "p.duration_s", "p.in_grid_s", "p.coverage", "p.passed",
        "p.targets", "p.fixes_raw", "p.fixes_kept", "p.dropped", "p.check_ins", "p.slot_day", "p.slot_window", "p.counted",
        "a.username", "a.display_name",
    ]

    var slot: PatrolSlot? { slotDay.flatMap { d in slotWindow.map { PatrolSlot(day: d, window: $0) } } }

    func view(gridCode: String, reports: Int) -> PatrolView {
        let decoder = JSONDecoder()
        return PatrolView(
            id: id, accountID: accountId, worker: username, workerName: displayName, communityID: communityId, gridID: gridId,
            gridCode: gridCode, source: source, startedAt: StoredTime.date(startedAt), endedAt: endedAt.map(StoredTime.date),
            running: endedAt == nil, lastFixAt: lastFixAt.map(StoredTime.date),
            lastPosition: lastLat.flatMap { lat in lastLon.map { Coordinate(lat: lat, lon: $0) } }, distanceM: distanceM,
            durationS: durationS, inGridS: inGridS, coverage: coverage, targets: targets,
            passed: (try? decoder.decode([String].self, from: Data(passed.utf8))) ?? [], fixesRaw: fixesRaw,
            fixesKept: fixesKept, dropped: (try? decoder.decode([String: Int].self, from: Data(dropped.utf8))) ?? [:],
            checkIns: checkIns, reports: reports, counted: counted, slot: slot)
    }
}
