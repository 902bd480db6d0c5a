import Foundation
import GridHubCore
import SQLKit

/// Where a report landed: its street, grid and (when it named one) catalogue class.
public struct Placement: Sendable {
    public var street: Street
    public var grid: Grid
    public var item: CatalogItem?
    /// The classifier version that suggested ``item`` from the report's words; nil when the reporter chose it.
    public var suggestedBy: Int64?

    public init(street: Street, grid: Grid, item: CatalogItem?, suggestedBy: Int64? = nil) {
        self.street = street
        self.grid = grid
        self.item = item
        self.suggestedBy = suggestedBy
    }
}

/// The write path of 随手拍: a report becomes a new case, or joins an open near-duplicate, in one
/// transaction with its timeline event, its photos and its idempotency record.
public struct ReportIntake: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    public func submit(
        _ report: ReportSubmission, at placement: Placement, photos: [StoredPhoto], actorLabel: String,
        idempotency: IdempotencyClaim?, now: Date = Date()
    ) async throws -> StoredAnswer {
        try await database.write { sql in
            if let claim = idempotency { try await sql.serialize(on: "idempotency:\(claim.scope):\(claim.key)") }
            if let claim = idempotency, let earlier = try await IdempotencyStore.replay(sql, claim) {
                return earlier
            }
            let receipt = try await Self.record(
                sql, report, at: placement, photos: photos, actorLabel: actorLabel, now: now)
            let answer = StoredAnswer(
                status: receipt.merged ? 200 : 201, body: try APIJSON.encoder().encode(receipt), replayed: false)
            if let claim = idempotency {
                try await IdempotencyStore.remember(sql, claim, answer, now: now)
            }
            return answer
        }
    }

    package static func record(
        _ sql: any SQLDatabase, _ report: ReportSubmission, at placement: Placement, photos: [StoredPhoto],
        actorLabel: String, now: Date
    ) async throws -> ReportReceipt {
        let nowMillis = StoredTime.millis(now)
        let photoNames = photos.map(\.sha256)
        let reporter = reporterRow(report, caseID: 0, now: nowMillis)

        if let item = placement.item {
            try await sql.serialize(on: "duplicates:\(placement.street.id):\(item.code)")
        }
        // A suggested class is a guess: it files the case, but never joins a report to someone else's case.
        if let item = placement.item, report.channel.joinsDuplicates, placement.suggestedBy == nil,
            let existing = try await duplicate(sql, of: report, item: item, streetID: placement.street.id, now: now)
        {
            var joined = reporter
            joined.caseId = existing.id ?? 0
            try await sql.insertRow(into: "case_reporters", joined)
            try await sql.update("cases").set("reporter_count", to: existing.reporterCount + 1)
                .set("updated_at", to: nowMillis).where("id", .equal, joined.caseId).run()
            let state = existing.state
            let eventID = try await appendEvent(
                sql, caseID: joined.caseId, kind: .reporterJoined, report: report, actorLabel: actorLabel,
                from: state, to: state, photos: photoNames, now: nowMillis)
            try await Attachments.attach(sql, photos, to: .case(joined.caseId), entry: eventID, now: now)
            var receipt = ReportReceipt(
                caseID: joined.caseId, trackingNumber: existing.trackingNo, state: CaseState(rawValue: state) ?? .reported,
                merged: true, gridCode: placement.grid.code.value, gridName: placement.grid.name,
                classCode: existing.classCode, photos: photoNames, reportedAt: now)
            receipt.token = report.token
            return receipt
        }

        let tracking = try await nextTrackingNumber(sql, street: placement.street, now: now)
        var row = CaseRow(
                streetId: placement.street.id, communityId: placement.grid.communityID, gridId: placement.grid.id,
                trackingNo: tracking.value, state: CaseState.reported.rawValue, classCode: placement.item?.code,
                text: report.text, description: report.description, address: report.address,
                lat: report.location.lat, lon: report.location.lon, channel: report.channel.rawValue, reporterCount: 1,
                departmentId: nil, reportedAt: nowMillis, updatedAt: nowMillis)
        row.classSuggested = placement.suggestedBy != nil
        row.classifierVersion = placement.suggestedBy
        let caseID = try await sql.insertReturningID(into: "cases", row)
        var first = reporter
        first.caseId = caseID
        try await sql.insertRow(into: "case_reporters", first)
        let eventID = try await appendEvent(
            sql, caseID: caseID, kind: .reported, report: report, actorLabel: actorLabel, from: nil,
            to: CaseState.reported.rawValue, photos: photoNames, now: nowMillis)
        try await Attachments.attach(sql, photos, to: .case(caseID), entry: eventID, now: now)
        var receipt = ReportReceipt(
            caseID: caseID, trackingNumber: tracking.value, state: .reported, merged: false,
            gridCode: placement.grid.code.value, gridName: placement.grid.name, classCode: placement.item?.code,
            photos: photoNames, reportedAt: now)
        receipt.token = report.token
        receipt.classSuggested = row.classSuggested
        return receipt
    }

    /// The nearest open case of the same class within the class's radius and window (``DuplicateMatcher``).
    static func duplicate(
        _ sql: any SQLDatabase, of report: ReportSubmission, item: CatalogItem, streetID: Int64, now: Date
    ) async throws -> CaseRow? {
        let rule = item.duplicateRule
        let box = report.location.boundingBox(radius: rule.radiusMetres)
        let since = now.addingTimeInterval(-Double(rule.windowDays) * 86_400)
        let rows = try await sql.select().columns("*").from("cases")
            .where("street_id", .equal, streetID).where("class_code", .equal, item.code)
            .where("state", .in, CaseState.openStates.map(\.rawValue))
            .where("reported_at", .greaterThanOrEqual, StoredTime.millis(since))
            .where("lat", .greaterThanOrEqual, box.minLat).where("lat", .lessThanOrEqual, box.maxLat)
            .where("lon", .greaterThanOrEqual, box.minLon).where("lon", .lessThanOrEqual, box.maxLon)
            .rows(CaseRow.self)
        let candidates = rows.map {
            DuplicateCandidate(
                caseID: $0.id ?? 0, classCode: $0.classCode ?? "", location: Coordinate(lat: $0.lat, lon: $0.lon),
                reportedAt: StoredTime.date($0.reportedAt), state: CaseState(rawValue: $0.state) ?? .reported)
        }
        guard
            let match = DuplicateMatcher.match(
                classCode: item.code, at: report.location, on: now, rule: rule, among: candidates)
        else { return nil }
        return rows.first { $0.id == match.caseID }
    }

    /// The street's next number of the (Shanghai) day, from one atomic upsert: unique across instances;
    /// a number taken by a transaction that then rolls back on PostgreSQL's side is simply not used.
    static func nextTrackingNumber(_ sql: any SQLDatabase, street: Street, now: Date) async throws -> TrackingNumber {
        let day = TrackingNumber.day(of: now)
        let next = try await sql.insert(into: "tracking_counters").columns("street_id", "day", "last_value")
            .values(SQLBind(street.id), SQLBind(day), SQLBind(1))
            .onConflict(with: ["street_id", "day"]) {
                $0.set(
                    "last_value", to: SQLBinaryExpression(SQLColumn("last_value", table: "tracking_counters"), .add, SQLBind(1)))
            }
            .returning("last_value").first()?.decode(column: "last_value", as: Int.self)
        guard let next else {
            throw GridHubError(.unavailable, "insert_failed", "The database did not return the next tracking number.")
        }
        return TrackingNumber(prefix: street.trackingPrefix, day: day, sequence: next)
    }

    static func reporterRow(_ report: ReportSubmission, caseID: Int64, now: Int64) -> CaseReporterRow {
        var row = CaseReporterRow(
            caseId: caseID, reporterKey: report.reporter.key, accountId: nil, deviceId: nil, phone: nil,
            channel: report.channel.rawValue, description: report.description, reportedAt: now, app: report.app,
            token: report.token, details: report.details)
        switch report.reporter {
        case .account(let id, _): row.accountId = id
        case .device(let id, let phone): (row.deviceId, row.phone) = (id, phone)
        }
        return row
    }

    static func appendEvent(
        _ sql: any SQLDatabase, caseID: Int64, kind: TimelineEventKind, report: ReportSubmission, actorLabel: String,
        from: String?, to: String?, photos: [String], now: Int64
    ) async throws -> Int64 {
        var accountID: Int64?
        var role: String?
        if case .account(let id, let r) = report.reporter { (accountID, role) = (id, r.rawValue) }
        return try await CaseTimeline.append(
            sql,
            CaseEventRow(
                caseId: caseID, at: now, kind: kind.rawValue, actorAccountId: accountID, actorRole: role,
                actorLabel: actorLabel, fromState: from, toState: to,
                note: report.description.isEmpty ? report.text : report.description, photos: photos.joined(separator: ",")))
    }
}
