import Foundation
import GridHubCore
import SQLKit

/// Turns one feature's events into notices (the rules in Core say who is told what; a planner resolves
/// them against the database).
public protocol NoticePlanner: Sendable {
    /// The feature whose events it reads (`case`).
    var feature: String { get }
    func notices(for event: DomainEvent, _ sql: any SQLDatabase) async throws -> [PlannedNotice]
}

/// Writes the notifications events call for, through each feature's planner.
public struct NoticeSubscriber: EventSubscriber {
    public let name = "notices"
    let planners: [String: any NoticePlanner]

    /// Every feature's planner; a feature that tells people things adds its own here.
    public static let planners: [any NoticePlanner] = [
        CaseNoticePlanner(), PatrolNoticePlanner(), VisitNoticePlanner(), CanteenNoticePlanner(), PointsNoticePlanner(),
        TopicNoticePlanner(), InsightNoticePlanner(),
    ]

    public init(planners: [any NoticePlanner] = NoticeSubscriber.planners) {
        self.planners = Dictionary(planners.map { ($0.feature, $0) }) { first, _ in first }
    }

    public func wants(_ kind: EventKind) -> Bool { planners[String(kind.feature)] != nil }

    public func handle(_ event: DomainEvent, _ sql: any SQLDatabase) async throws {
        guard let planner = planners[String(event.kind.feature)] else { return }
        for notice in try await planner.notices(for: event, sql) {
            try await sql.insert(into: "notifications")
                .columns("recipient", "subject", "case_id", "event_id", "kind", "message", "created_at")
                .values(
                    SQLBind(notice.recipient), SQLBind(event.subject.key), SQLBind(notice.caseID), SQLBind(event.id),
                    SQLBind(notice.kind), SQLBind(notice.message), SQLBind(StoredTime.millis(event.at))
                ).run()
        }
    }
}

/// One notification to write: to a recipient key (``Recipient/key``, or a reporter's key).
public struct PlannedNotice: Sendable, Hashable {
    public var recipient: String
    /// Set for notices about a case (the API shows its tracking number).
    public var caseID: Int64?
    public var kind: String
    public var message: String

    public init(recipient: String, caseID: Int64? = nil, kind: String, message: String) {
        self.recipient = recipient
        self.caseID = caseID
        self.kind = kind
        self.message = message
    }
}

/// Resolves ``CaseNotices``' plan against the database: "the reporters" become each reporter's key.
public struct CaseNoticePlanner: NoticePlanner {
    public let feature = "case"

    public init() {}

    public func notices(for event: DomainEvent, _ sql: any SQLDatabase) async throws -> [PlannedNotice] {
        guard event.subject.kind == "case" else { return [] }
        let caseID = event.subject.id
        var notices = [PlannedNotice]()
        for notice in CaseNotices.plan(try event.facts(CaseChange.self), streetID: event.streetID) {
            switch notice.audience {
            case .recipient(let r):
                notices.append(PlannedNotice(recipient: r.key, caseID: caseID, kind: notice.kind, message: notice.message))
            case .reporters:
                for reporter in Set(try await Self.reporters(of: caseID, sql).map(\.key)).sorted() {
                    notices.append(PlannedNotice(recipient: reporter, caseID: caseID, kind: notice.kind, message: notice.message))
                }
            }
        }
        return notices
    }

    /// Everyone who reported a case, with the client app each report came through.
    static func reporters(of caseID: Int64, _ sql: any SQLDatabase) async throws -> [(key: String, app: String?)] {
        try await sql.select().distinct().columns("reporter_key", "app").from("case_reporters")
            .where("case_id", .equal, caseID).all().map {
                (key: try $0.decode(column: "reporter_key", as: String.self), app: try $0.decode(column: "app", as: String?.self))
            }
    }
}
