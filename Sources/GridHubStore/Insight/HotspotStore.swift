import Foundation
import GridHubCore
import SQLKit

/// Hotspots and recurring problems among a street's reports over a period (热点分析).
public struct HotspotStore: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    public struct Answer: Sendable, Hashable, Codable {
        public var from: Date
        public var to: Date
        public var classCode: String?
        public var reports: Int
        public var hotspots: [Hotspots.Hotspot]
        public var recurring: [Recurrence.Finding]
    }

    /// The reports in [from, to) (merged duplicates left out: their reporters stand on the survivor), of a
    /// class or class group when `classCode` is given (`E01` is every 市容环境 class of that major).
    public func scan(from: Date, to: Date, classCode: String?, by principal: Principal) async throws -> Answer {
        guard let street = principal.streetID else { throw GridHubError.forbidden }
        try principal.require(.indicatorsRead, on: Place(streetID: street))
        try RequestDates.checkRange(from: from, to: to)
        let rows = try await database.read { sql in
            let q = sql.select().columns("id", "class_code", "lat", "lon", "reported_at").from("cases")
                .where("street_id", .equal, street).where("state", .notEqual, CaseState.merged.rawValue)
                .where("reported_at", .greaterThanOrEqual, StoredTime.millis(from))
                .where("reported_at", .lessThan, StoredTime.millis(to))
            if let classCode { q.where("class_code", .like, classCode + "%") }
            return try await q.all()
        }
        var points: [Hotspots.Point] = []
        var reports: [Recurrence.Report] = []
        for r in rows {
            let id = try r.decode(column: "id", as: Int64.self)
            let at = Coordinate(
                lat: try r.decode(column: "lat", as: Double.self), lon: try r.decode(column: "lon", as: Double.self))
            points.append(Hotspots.Point(caseID: id, at: at))
            if let code: String = try r.optional("class_code") {
                reports.append(
                    Recurrence.Report(
                        caseID: id, classCode: code, at: at,
                        reportedAt: StoredTime.date(try r.decode(column: "reported_at", as: Int64.self))))
            }
        }
        return Answer(
            from: from, to: to, classCode: classCode, reports: rows.count, hotspots: Hotspots.find(points),
            recurring: Recurrence.find(reports))
    }
}
