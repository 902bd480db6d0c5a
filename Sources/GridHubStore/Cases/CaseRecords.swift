import GridHubCore
import SQLKit

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
    var classSuggested = false
    var classifierVersion: Int64?

    var caseState: CaseState { CaseState(rawValue: state) ?? .reported }

    /// Where the case is, for ``Principal/can(_:on:)``.
    var place: Place { Place(streetID: streetId, communityID: communityId, gridID: gridId, departmentID: departmentId) }

    /// Whether `p` is the party handling it (``CaseWorkflow/isHandlingParty(_:lead:streetID:departmentID:gridID:communityID:)``).
    func isHandled(by p: Principal) -> Bool {
        CaseWorkflow.isHandlingParty(
            p, lead: leadKind.flatMap(LeadKind.init(rawValue:)), streetID: streetId, departmentID: departmentId, gridID: gridId,
            communityID: communityId)
    }

    func summary(photos: [String]) -> CaseSummary {
        var summary = CaseSummary(
            id: id ?? 0, trackingNumber: trackingNo, state: CaseState(rawValue: state) ?? .reported,
            classCode: classCode, text: text, description: description, address: address,
            location: Coordinate(lat: lat, lon: lon), gridID: gridId, communityID: communityId, streetID: streetId,
            channel: ReportChannel(rawValue: channel) ?? .web, reporterCount: reporterCount, departmentID: departmentId,
            photos: photos, reportedAt: StoredTime.date(reportedAt), updatedAt: StoredTime.date(updatedAt))
        summary.leadKind = leadKind
        summary.whistle = whistle
        summary.dueAt = dueAt.map(StoredTime.date)
        summary.overdue = overdue
        summary.escalated = escalated
        summary.clockPaused = pausedAt != nil
        summary.closedAt = closedAt.map(StoredTime.date)
        summary.rating = rating.flatMap(Satisfaction.init(rawValue:))
        summary.mergedInto = mergedInto
        summary.classSuggested = classSuggested
        summary.classifierVersion = classifierVersion
        return summary
    }
}

extension CaseRow: ColumnDecodable {
    init(columns r: any SQLRow) throws {
        self.init(
            id: try r.decode(column: "id", as: Int64.self), streetId: try r.decode(column: "street_id", as: Int64.self),
            communityId: try r.decode(column: "community_id", as: Int64.self),
            gridId: try r.decode(column: "grid_id", as: Int64.self),
            trackingNo: try r.decode(column: "tracking_no", as: String.self),
            state: try r.decode(column: "state", as: String.self), classCode: try r.optional("class_code"),
            text: try r.optional("text"), description: try r.decode(column: "description", as: String.self),
            address: try r.optional("address"), lat: try r.decode(column: "lat", as: Double.self),
            lon: try r.decode(column: "lon", as: Double.self), channel: try r.decode(column: "channel", as: String.self),
            reporterCount: try r.decode(column: "reporter_count", as: Int.self), departmentId: try r.optional("department_id"),
            reportedAt: try r.decode(column: "reported_at", as: Int64.self),
            updatedAt: try r.decode(column: "updated_at", as: Int64.self), leadKind: try r.optional("lead_kind"),
            whistle: try r.decode(column: "whistle", as: Bool.self), dueAt: try r.optional("due_at"),
            overdue: try r.decode(column: "overdue", as: Bool.self), escalated: try r.decode(column: "escalated", as: Bool.self),
            pausedAt: try r.optional("paused_at"), extensionHours: try r.optional("extension_hours"),
            acceptedAt: try r.optional("accepted_at"), rejectedAt: try r.optional("rejected_at"),
            dispatchedAt: try r.optional("dispatched_at"), respondedAt: try r.optional("responded_at"),
            handledAt: try r.optional("handled_at"), closedAt: try r.optional("closed_at"),
            reworked: try r.decode(column: "reworked", as: Bool.self), mergedInto: try r.optional("merged_into"),
            rating: try r.optional("rating"), ratedAt: try r.optional("rated_at"),
            classSuggested: try r.decode(column: "class_suggested", as: Bool.self),
            classifierVersion: try r.optional("classifier_version"))
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
            id: id ?? 0, caseID: caseId, at: StoredTime.date(at), kind: TimelineEventKind(rawValue: kind) ?? .reported,
            actorRole: actorRole.flatMap(Role.init(rawValue:)), actor: actorLabel,
            fromState: fromState.flatMap(CaseState.init(rawValue:)), toState: toState.flatMap(CaseState.init(rawValue:)),
            note: note, photos: photos.split(separator: ",").map(String.init), detail: detail)
    }
}

extension CaseEventRow: ColumnDecodable {
    init(columns r: any SQLRow) throws {
        self.init(
            id: try r.decode(column: "id", as: Int64.self), caseId: try r.decode(column: "case_id", as: Int64.self),
            at: try r.decode(column: "at", as: Int64.self), kind: try r.decode(column: "kind", as: String.self),
            actorAccountId: try r.optional("actor_account_id"), actorRole: try r.optional("actor_role"),
            actorLabel: try r.decode(column: "actor_label", as: String.self), fromState: try r.optional("from_state"),
            toState: try r.optional("to_state"), note: try r.optional("note"),
            photos: try r.decode(column: "photos", as: String.self), detail: try r.optional("detail"))
    }
}
