import GridHubCore

struct CaseRow: Codable, Sendable {
    var id: Int64?
    var streetId: Int64
    var communityId: Int64
    var gridId: Int64
    var trackingNo: String
    var state: String
    var classCode: String?
    var text: String?
    var description: String
    var address: String?
    var lat: Double
    var lon: Double
    var channel: String
    var reporterCount: Int
    var departmentId: Int64?
    var reportedAt: Int64
    var updatedAt: Int64
    var leadKind: String?
    var whistle = false
    var dueAt: Int64?
    var overdue = false
    var escalated = false
    var pausedAt: Int64?
    var extensionHours: Int?
    var acceptedAt: Int64?
    var rejectedAt: Int64?
    var dispatchedAt: Int64?
    var respondedAt: Int64?
    var handledAt: Int64?
    var closedAt: Int64?
    var reworked = false
    var mergedInto: Int64?
    var rating: String?
    var ratedAt: Int64?

    var caseState: CaseState { CaseState(rawValue: state) ?? .reported }

    func summary(photos: [String]) -> CaseSummary {
        var summary = CaseSummary(
            id: id ?? 0, trackingNumber: trackingNo, state: CaseState(rawValue: state) ?? .reported,
            classCode: classCode, text: text, description: description, address: address,
            location: Coordinate(lat: lat, lon: lon), gridID: gridId, communityID: communityId, streetID: streetId,
            channel: ReportChannel(rawValue: channel) ?? .web, reporterCount: reporterCount, departmentID: departmentId,
            photos: photos, reportedAt: Clock.date(reportedAt), updatedAt: Clock.date(updatedAt))
        summary.leadKind = leadKind
        summary.whistle = whistle
        summary.dueAt = dueAt.map(Clock.date)
        summary.overdue = overdue
        summary.escalated = escalated
        summary.clockPaused = pausedAt != nil
        summary.closedAt = closedAt.map(Clock.date)
        summary.rating = rating.flatMap(Satisfaction.init(rawValue:))
        summary.mergedInto = mergedInto
        return summary
    }
}

struct CaseReporterRow: Codable, Sendable {
    var caseId: Int64
    var reporterKey: String
    var accountId: Int64?
    var deviceId: String?
    var phone: String?
    var channel: String
    var description: String
    var reportedAt: Int64
    var app: String?
    var token: String?
    var details: String?
}

struct CaseEventRow: Codable, Sendable {
    var id: Int64?
    var caseId: Int64
    var at: Int64
    var kind: String
    var actorAccountId: Int64?
    var actorRole: String?
    var actorLabel: String
    var fromState: String?
    var toState: String?
    var note: String?
    /// SHA-256 names, comma-separated.
    var photos: String
    /// Machine-readable particulars (dispatch target, summoned departments, extension hours).
    var detail: String?

    var event: TimelineEvent {
        TimelineEvent(
            id: id ?? 0, caseID: caseId, at: Clock.date(at), kind: TimelineEventKind(rawValue: kind) ?? .reported,
            actorRole: actorRole.flatMap(Role.init(rawValue:)), actor: actorLabel,
            fromState: fromState.flatMap(CaseState.init(rawValue:)), toState: toState.flatMap(CaseState.init(rawValue:)),
            note: note, photos: photos.split(separator: ",").map(String.init), detail: detail)
    }
}
