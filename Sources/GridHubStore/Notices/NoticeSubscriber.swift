import Foundation
import GridHubCore
import SQLKit

/// Writes the notifications events call for. Each feature adds its planner; the case planner follows
/// ``CaseNotices``.
public struct NoticeSubscriber: EventSubscriber {
    public let name = "notices"

    public init() {}

    public func wants(_ kind: EventKind) -> Bool { kind.feature == "case" }

    public func handle(_ event: DomainEvent, _ sql: any SQLDatabase) async throws {
        for notice in try await CaseNoticePlanner.notices(for: event, sql) {
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
struct PlannedNotice: Sendable, Hashable {
    var recipient: String
    var caseID: Int64?
    var kind: String
    var message: String
}

/// Resolves ``CaseNotices``' plan against the database: "the reporters" become each reporter's key.
enum CaseNoticePlanner {
    static func notices(for event: DomainEvent, _ sql: any SQLDatabase) async throws -> [PlannedNotice] {
        guard event.subject.kind == "case" else { return [] }
        let caseID = event.subject.id
        var notices = [PlannedNotice]()
        for notice in CaseNotices.plan(try event.facts(CaseChange.self), streetID: event.streetID) {
            switch notice.audience {
            case .recipient(let r):
                notices.append(PlannedNotice(recipient: r.key, caseID: caseID, kind: notice.kind, message: notice.message))
            case .reporters:
                for reporter in Set(try await reporters(of: caseID, sql).map(\.key)).sorted() {
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
