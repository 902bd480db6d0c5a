import Foundation
import GridHubCore
import SQLKit

/// The one way an entry joins a case's timeline: the entry and its domain event (`case.<entry>`,
/// carrying ``CaseChange``) are written together, in the transaction that changed the case. Notices,
/// webhooks and whatever comes next subscribe to the event; the write paths call none of them.
enum CaseTimeline {
    @discardableResult
    static func append(_ sql: any SQLDatabase, _ entry: CaseEventRow) async throws -> Int64 {
        let id = try await sql.insertReturningID(into: "case_events", entry)
        guard let kind = TimelineEventKind(rawValue: entry.kind),
            let row = try await sql.select().columns("*").from("cases").where("id", .equal, entry.caseId).row(CaseRow.self)
        else { throw GridHubError.notFound("case") }
        var facts = CaseChange(
            entry: kind, trackingNumber: row.trackingNo, from: entry.fromState.flatMap(CaseState.init(rawValue:)),
            to: entry.toState.flatMap(CaseState.init(rawValue:)), state: row.caseState, gridID: row.gridId,
            communityID: row.communityId, lead: row.leadKind.flatMap(LeadKind.init(rawValue:)), departmentID: row.departmentId,
            dueAt: row.dueAt.map(StoredTime.date))
        switch kind {
        case .whistle:
            let summons = try await sql.select().columns("department_id", "report_in_due").from("case_summons")
                .where("case_id", .equal, entry.caseId).orderBy("department_id").all()
            facts.summoned = try summons.map { try $0.decode(column: "department_id", as: Int64.self) }
            facts.reportInDue = try summons.first.map { StoredTime.date(try $0.decode(column: "report_in_due", as: Int64.self)) }
        case .merge:
            if let target = row.mergedInto {
                facts.mergedInto = try await sql.select().column("tracking_no").from("cases").where("id", .equal, target)
                    .first()?.decode(column: "tracking_no", as: String.self)
            }
        default:
            break
        }
        try await EventLog.append(
            sql,
            try DomainEvent(
                kind: .case(kind), streetID: row.streetId, subject: .case(entry.caseId), actorAccountID: entry.actorAccountId,
                at: StoredTime.date(entry.at), facts: facts))
        return id
    }
}
