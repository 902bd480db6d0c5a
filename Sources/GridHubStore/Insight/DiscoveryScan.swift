import Foundation
import GridHubCore
import SQLKit

/// The hourly scan (job `discovery`) that finds what nobody filed as a case: a persistent hotspot with no
/// open case becomes a case of channel `detection`, with its reports and a map snippet as evidence, routed
/// by the catalogue like any other; a silent grid and a department whose overdue cases keep rising are
/// raised to the command centre (event `insight.alert`). Runs in the job's transaction: all or nothing.
public struct DiscoveryScan: Sendable {
    let directory: GridDirectory
    let photos: PhotoStore

    public init(directory: GridDirectory, photos: PhotoStore) {
        self.directory = directory
        self.photos = photos
    }

    public struct Summary: Sendable, Hashable, CustomStringConvertible {
        public var casesOpened: [Int64] = []
        public var silentGrids: [Int64] = []
        public var risingDepartments: [Int64] = []
        public var isEmpty: Bool { casesOpened.isEmpty && silentGrids.isEmpty && risingDepartments.isEmpty }
        public var description: String {
            "cases=\(casesOpened.count) silent_grids=\(silentGrids.count) departments=\(risingDepartments.count)"
        }
    }

    public func run(_ sql: any SQLDatabase, now: Date) async throws -> Summary {
        var summary = Summary()
        for street in directory.current.streets.values.sorted(by: { $0.id < $1.id }) {
            summary.casesOpened += try await hotspots(sql, street: street, now: now)
            summary.silentGrids += try await silentGrids(sql, street: street, now: now)
            summary.risingDepartments += try await risingOverdue(sql, street: street, now: now)
        }
        return summary
    }

    // MARK: Hotspots that persist

    struct Report {
        var caseID: Int64
        var classCode: String
        var at: Coordinate
        var reportedAt: Date
        var trackingNo: String
    }

    func hotspots(_ sql: any SQLDatabase, street: Street, now: Date) async throws -> [Int64] {
        let rows = try await sql.select().columns("id", "class_code", "lat", "lon", "reported_at", "tracking_no").from("cases")
            .where("street_id", .equal, street.id).where("state", .notEqual, CaseState.merged.rawValue)
            .where("channel", .notEqual, ReportChannel.detection.rawValue).where("class_code", .isNot, SQLLiteral.null)
            .where("reported_at", .greaterThanOrEqual, StoredTime.millis(now.addingTimeInterval(-Discovery.window)))
            .where("reported_at", .lessThan, StoredTime.millis(now)).all()
        let reports = try rows.map {
            Report(
                caseID: try $0.decode(column: "id", as: Int64.self), classCode: try $0.decode(column: "class_code", as: String.self),
                at: Coordinate(lat: try $0.decode(column: "lat", as: Double.self), lon: try $0.decode(column: "lon", as: Double.self)),
                reportedAt: StoredTime.date(try $0.decode(column: "reported_at", as: Int64.self)),
                trackingNo: try $0.decode(column: "tracking_no", as: String.self))
        }
        var opened: [Int64] = []
        for (code, group) in Dictionary(grouping: reports, by: \.classCode).sorted(by: { $0.key < $1.key }) {
            let byID = Dictionary(group.map { ($0.caseID, $0) }) { a, _ in a }
            for hotspot in Hotspots.find(group.map { Hotspots.Point(caseID: $0.caseID, at: $0.at) }) {
                let found = hotspot.caseIDs.compactMap { byID[$0] }
                guard Discovery.isPersistent(found.map(\.reportedAt), now: now),
                    try await !hasOpenCase(sql, classCode: code, near: hotspot.centre, street: street.id)
                else { continue }
                if let id = try await open(sql, hotspot: hotspot, reports: found, classCode: code, street: street, now: now) {
                    opened.append(id)
                }
            }
        }
        return opened
    }

    /// An open case of the class near the spot — a resident's, or the one this scan opened before.
    func hasOpenCase(_ sql: any SQLDatabase, classCode: String, near c: Coordinate, street: Int64) async throws -> Bool {
        let box = c.boundingBox(radius: Discovery.openCaseRadius)
        let rows = try await sql.select().columns("lat", "lon").from("cases").where("street_id", .equal, street)
            .where("class_code", .equal, classCode).where("state", .in, CaseState.openStates.map(\.rawValue))
            .where("lat", .greaterThanOrEqual, box.minLat).where("lat", .lessThanOrEqual, box.maxLat)
            .where("lon", .greaterThanOrEqual, box.minLon).where("lon", .lessThanOrEqual, box.maxLon).all()
        return try rows.contains {
            Coordinate(lat: try $0.decode(column: "lat", as: Double.self), lon: try $0.decode(column: "lon", as: Double.self))
                .distance(to: c) <= Discovery.openCaseRadius
        }
    }

    func open(
        _ sql: any SQLDatabase, hotspot: Hotspots.Hotspot, reports: [Report], classCode: String, street: Street, now: Date
    ) async throws -> Int64? {
        guard let grid = try await directory.locate(hotspot.centre), grid.streetID == street.id,
            let item = try await CatalogStore.item(sql, streetID: street.id, code: classCode)
        else { return nil }
        let sorted = reports.sorted { $0.reportedAt < $1.reportedAt }
        let days = Set(sorted.map { CivilDate($0.reportedAt) }).count
        let title = "\(item.name)：\(sorted.count) 次上报，\(days) 天"
        let svg = EvidenceMap.svg(
            centre: hotspot.centre, title: title,
            marks: sorted.map { EvidenceMap.Mark(at: $0.at, label: Self.clock.string(from: $0.reportedAt)) })
        let evidence = try photos.store(kind: .svg, bytes: Array(svg.utf8))
        let lines = sorted.map { "\($0.trackingNo) \(Self.clock.string(from: $0.reportedAt))" }
        let description = """
            主动发现：\(item.name) 在此处反复出现，过去四周 \(sorted.count) 次上报、\(days) 天（Gi* z=\(String(format: "%.1f", hotspot.z))，\
            p=\(String(format: "%.3f", hotspot.p))），目前没有在办工单。
            相关上报：\(lines.joined(separator: "；"))
            """
        let submission = ReportSubmission(
            location: hotspot.centre, classCode: item.code, text: "热点发现：\(item.name)", description: description,
            address: nil, channel: .detection, reporter: .device(id: "gridhub-discovery", phone: nil))
        let receipt = try await ReportIntake.record(
            sql, submission, at: Placement(street: street, grid: grid, item: item), photos: [evidence],
            actorLabel: "主动发现（系统）", now: now)
        try await record(
            sql, kind: .hotspot, street: street.id, spot: Discovery.spot(classCode: item.code, at: hotspot.centre),
            caseID: receipt.caseID, detail: "cases=\(sorted.map { String($0.caseID) }.joined(separator: ","))", now: now)
        return receipt.caseID
    }

    static let clock: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TrackingNumber.timeZone
        f.dateFormat = "MM-dd HH:mm"
        return f
    }()

    // MARK: Alerts for the command centre

    func silentGrids(_ sql: any SQLDatabase, street: Street, now: Date) async throws -> [Int64] {
        let week = 7 * 86_400.0
        let rows = try await sql.select().columns("grid_id", "reported_at").from("cases").where("street_id", .equal, street.id)
            .where("channel", .notEqual, ReportChannel.detection.rawValue)
            .where("reported_at", .greaterThanOrEqual, StoredTime.millis(now.addingTimeInterval(-5 * week)))
            .where("reported_at", .lessThan, StoredTime.millis(now)).all()
        var lastWeek: [Int64: Int] = [:]
        var before: [Int64: Int] = [:]
        let cut = StoredTime.millis(now.addingTimeInterval(-week))
        for r in rows {
            let grid = try r.decode(column: "grid_id", as: Int64.self)
            if try r.decode(column: "reported_at", as: Int64.self) >= cut { lastWeek[grid, default: 0] += 1 } else {
                before[grid, default: 0] += 1
            }
        }
        let counts = directory.current.grids.values.filter { $0.streetID == street.id }.map {
            Discovery.GridCounts(
                gridID: $0.id, communityID: $0.communityID, lastWeek: lastWeek[$0.id] ?? 0, before: before[$0.id] ?? 0)
        }
        var raised: [Int64] = []
        for silent in Discovery.silentGrids(counts) {
            let name = directory.current.grids[silent.gridID]?.name ?? "#\(silent.gridID)"
            let alert = InsightAlert(
                kind: .silentGrid,
                message: "网格「\(name)」近 7 天没有任何上报，此前四周有 \(silent.before) 件，而同社区其他网格仍在上报：请了解网格员巡查和居民上报情况。")
            if try await raise(sql, alert, subject: Subject("grid", silent.gridID), street: street.id, now: now) {
                raised.append(silent.gridID)
            }
        }
        return raised
    }

    func risingOverdue(_ sql: any SQLDatabase, street: Street, now: Date) async throws -> [Int64] {
        let week = 7 * 86_400.0
        let start = now.addingTimeInterval(-3 * week)
        let rows = try await sql.select().columns("department_id", "due_at", "handled_at").from("cases")
            .where("street_id", .equal, street.id).where("department_id", .isNot, SQLLiteral.null)
            .where("due_at", .greaterThanOrEqual, StoredTime.millis(start)).where("due_at", .lessThan, StoredTime.millis(now))
            .all()
        var weekly: [Int64: [Int]] = [:]
        for r in rows {
            let due = StoredTime.date(try r.decode(column: "due_at", as: Int64.self))
            let handled = try r.decode(column: "handled_at", as: Int64?.self).map(StoredTime.date)
            guard handled.map({ $0 > due }) ?? true else { continue }
            let w = min(max(Int(due.timeIntervalSince(start) / week), 0), 2)
            weekly[try r.decode(column: "department_id", as: Int64.self), default: [0, 0, 0]][w] += 1
        }
        var raised: [Int64] = []
        for (department, counts) in weekly.sorted(by: { $0.key < $1.key }) where Discovery.isRising(counts) {
            let name =
                try await sql.select().column("name").from("departments").where("id", .equal, department).first()?
                .decode(column: "name", as: String.self) ?? "#\(department)"
            let alert = InsightAlert(
                kind: .overdueRising,
                message: "\(name)逾期工单连续上升：近三周分别 \(counts.map(String.init).joined(separator: "、")) 件，请督办。")
            if try await raise(sql, alert, subject: Subject("department", department), street: street.id, now: now) {
                raised.append(department)
            }
        }
        return raised
    }

    /// Writes the alert's event once a week per grid or department; false when it was raised this week.
    func raise(_ sql: any SQLDatabase, _ alert: InsightAlert, subject: Subject, street: Int64, now: Date) async throws -> Bool {
        let recent = try await sql.select().column("id").from("discoveries").where("street_id", .equal, street)
            .where("kind", .equal, alert.kind.rawValue).where("spot", .equal, subject.key)
            .where("found_at", .greaterThan, StoredTime.millis(now.addingTimeInterval(-7 * 86_400))).first()
        guard recent == nil else { return false }
        try await record(sql, kind: alert.kind, street: street, spot: subject.key, caseID: nil, detail: alert.message, now: now)
        _ = try await EventLog.append(
            sql, try DomainEvent(kind: InsightAlert.raised, streetID: street, subject: subject, actorAccountID: nil, at: now, facts: alert))
        return true
    }

    func record(
        _ sql: any SQLDatabase, kind: Discovery.Kind, street: Int64, spot: String, caseID: Int64?, detail: String, now: Date
    ) async throws {
        try await sql.insert(into: "discoveries").columns("street_id", "kind", "spot", "case_id", "found_at", "detail")
            .values(
                SQLBind(street), SQLBind(kind.rawValue), SQLBind(spot), SQLBind(caseID), SQLBind(StoredTime.millis(now)),
                SQLBind(detail)
            ).run()
    }
}

/// Tells the command centre what the discovery job raised.
public struct InsightNoticePlanner: NoticePlanner {
    public let feature = "insight"

    public init() {}

    public func notices(for event: DomainEvent, _ sql: any SQLDatabase) async throws -> [PlannedNotice] {
        guard event.kind == InsightAlert.raised else { return [] }
        let alert = try event.facts(InsightAlert.self)
        return [
            PlannedNotice(
                recipient: Recipient.role(.commandCentre, in: .street(event.streetID)).key, kind: alert.kind.rawValue,
                message: alert.message)
        ]
    }
}
