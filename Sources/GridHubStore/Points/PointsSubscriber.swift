import Foundation
import GridHubCore
import SQLKit

/// Pays points for what the event log says happened, by the street's ``PointsRules``: a verified report,
/// the first report, a rating, a head's visit; takes them back when a report proves false or was a
/// duplicate. Handled in the relay's transaction, and every payment names its source, so an event
/// delivered twice still pays once.
public struct PointsSubscriber: EventSubscriber {
    public let name = "points"

    public init() {}

    public func wants(_ kind: EventKind) -> Bool {
        kind.feature == "case" || kind == RegistryEvent.visitRecorded || kind == ActivityEvent.checkedIn
            || kind == TopicEvent.voteClosed || kind == TopicEvent.moved
    }

    public func handle(_ event: DomainEvent, _ sql: any SQLDatabase) async throws {
        // A street without a budget runs no points scheme (and has nothing to take back).
        guard try await PointsLedger.existingID(sql, street: event.streetID, .budget) != nil else { return }
        let rules = try await PointsStore.rules(sql, street: event.streetID)
        if event.kind == RegistryEvent.visitRecorded {
            try await visit(event, rules, sql)
        } else if event.kind == ActivityEvent.checkedIn {
            let facts = try event.facts(ActivityFacts.self)
            guard let who = facts.accountID, let due = PointsEarning.activityDue(facts) else { return }
            try await PointsStore.earn(
                sql, street: event.streetID, holder: .account(who), amount: due.amount, reason: due.reason,
                subject: event.subject.key, source: "\(event.subject.key):\(due.rule):account:\(who)", rules: rules, at: event.at)
        } else if event.subject.kind == "topic" {
            try await topic(event, rules, sql)
        } else if event.subject.kind == "case" {
            try await caseChange(event, rules, sql)
        }
    }

    /// Taking part in a review meeting (each one present with an account), raising an adopted topic.
    func topic(_ event: DomainEvent, _ rules: PointsRules, _ sql: any SQLDatabase) async throws {
        let facts = try event.facts(TopicFacts.self)
        var payees: [(PointsEarning.Due, Int64)] = []
        if event.kind == TopicEvent.voteClosed, let due = PointsEarning.meetingDue(facts, rules: rules) {
            payees = (facts.accounts ?? []).map { (due, $0) }
        } else if let due = PointsEarning.adoptedDue(facts, rules: rules), let raiser = facts.raisedBy {
            payees = [(due, raiser)]
        }
        for (due, who) in payees {
            let source = "\(event.subject.key):\(due.rule)\(facts.meetingID.map { ":\($0)" } ?? ""):account:\(who)"
            try await PointsStore.earn(
                sql, street: event.streetID, holder: .account(who), amount: due.amount, reason: due.reason,
                subject: event.subject.key, source: source, rules: rules, at: event.at)
        }
    }

    func caseChange(_ event: DomainEvent, _ rules: PointsRules, _ sql: any SQLDatabase) async throws {
        let change = try event.facts(CaseChange.self)
        let caseID = event.subject.id
        let subject = event.subject.key
        for due in PointsEarning.dues(change, rules: rules) {
            let holders: [PointsHolder]
            switch due.beneficiary {
            case .reporters: holders = try await Self.reporters(of: caseID, sql)
            case .firstReporter: holders = Array(try await Self.reporters(of: caseID, sql).prefix(1))
            case .actor: holders = event.actorAccountID.map { [.account($0)] } ?? []
            }
            for holder in holders {
                try await PointsStore.earn(
                    sql, street: event.streetID, holder: holder, amount: due.amount, reason: due.reason, subject: subject,
                    source: "\(subject):\(due.rule):\(holder.key)", rules: rules, at: event.at)
            }
        }
        switch PointsEarning.reversal(change) {
        case .allOf(let reason):
            try await PointsStore.reverse(
                sql, street: event.streetID, subject: subject, holders: nil, reason: reason, at: event.at)
        case .duplicatesOf(_, let reason):
            // The duplicate's reporters now stand on the surviving case: what they earned here is taken
            // back, and paid on the survivor if it was verified already — once per person, so whoever
            // filed the same problem twice keeps one payment.
            let taken = try await PointsStore.reverse(
                sql, street: event.streetID, subject: subject, holders: nil, reason: reason, at: event.at)
            guard let survivor = try await Self.survivor(of: caseID, sql), survivor.verified else { return }
            let verified = PointsEarning.dues(
                CaseChange(
                    entry: .verify, trackingNumber: survivor.trackingNumber, from: nil, to: nil, state: .accepted, gridID: 0,
                    communityID: 0, lead: nil, departmentID: nil, dueAt: nil),
                rules: rules
            ).filter { $0.beneficiary == .reporters }
            for due in verified {
                for holder in Set(taken.map(\.holder)).sorted().compactMap(PointsHolder.init(key:)) {
                    try await PointsStore.earn(
                        sql, street: event.streetID, holder: holder, amount: due.amount, reason: due.reason,
                        subject: "case:\(survivor.id)", source: "case:\(survivor.id):\(due.rule):\(holder.key)", rules: rules,
                        at: event.at)
                }
            }
        case nil: break
        }
    }

    func visit(_ event: DomainEvent, _ rules: PointsRules, _ sql: any SQLDatabase) async throws {
        let facts = try event.facts(RegistryFacts.self)
        guard let actor = event.actorAccountID, let due = PointsEarning.visitDue(condition: facts.condition, rules: rules) else {
            return
        }
        try await PointsStore.earn(
            sql, street: event.streetID, holder: .account(actor), amount: due.amount, reason: due.reason,
            subject: event.subject.key, source: "\(event.subject.key):\(due.rule):account:\(actor)", rules: rules, at: event.at)
    }

    /// A case's reporters, the first first; each person once.
    static func reporters(of caseID: Int64, _ sql: any SQLDatabase) async throws -> [PointsHolder] {
        var seen = Set<String>()
        return try await sql.select().columns("reporter_key").from("case_reporters").where("case_id", .equal, caseID)
            .orderBy("reported_at").orderBy("id").all().compactMap { r in
                let key = try r.decode(column: "reporter_key", as: String.self)
                guard seen.insert(key).inserted else { return nil }
                return PointsHolder(key: key)
            }
    }

    /// The case a duplicate was merged into, and whether it has been verified.
    static func survivor(of caseID: Int64, _ sql: any SQLDatabase) async throws -> (
        id: Int64, trackingNumber: String, verified: Bool
    )? {
        guard
            let id = try await sql.select().column("merged_into").from("cases").where("id", .equal, caseID).first()?
                .decode(column: "merged_into", as: Int64?.self),
            let row = try await sql.select().columns("tracking_no", "state").from("cases").where("id", .equal, id).first(),
            let state = CaseState(rawValue: try row.decode(column: "state", as: String.self))
        else { return nil }
        return (id, try row.decode(column: "tracking_no", as: String.self), state != .reported && state != .verifying)
    }
}

/// Who hears of points (``PointsNotices``).
public struct PointsNoticePlanner: NoticePlanner {
    public let feature = "points"
    public init() {}

    public func notices(for event: DomainEvent, _ sql: any SQLDatabase) async throws -> [PlannedNotice] {
        PointsNotices.plan(event.kind, try event.facts(PointsFacts.self), streetID: event.streetID).map {
            PlannedNotice(recipient: $0.recipient, kind: $0.kind, message: $0.message)
        }
    }
}
