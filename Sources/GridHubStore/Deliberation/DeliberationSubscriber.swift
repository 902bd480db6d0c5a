import Foundation
import GridHubCore
import SQLKit

/// Follows the cases a resolution's measures became: when one ends (closed, self-handled, or merged
/// into another), its measure is closed, and the topic is done with the last. Handled in the relay's
/// transaction; closing a closed measure again changes nothing, so a redelivered event is harmless.
public struct DeliberationSubscriber: EventSubscriber {
    public let name = "deliberation"

    public init() {}

    public func wants(_ kind: EventKind) -> Bool { kind.feature == "case" }

    public func handle(_ event: DomainEvent, _ sql: any SQLDatabase) async throws {
        guard event.subject.kind == "case", let change = try? event.facts(CaseChange.self), !change.state.isOpen else { return }
        try await TopicStore.caseEnded(sql, caseID: event.subject.id, at: event.at)
    }
}

/// Tells people about topics (see ``TopicNotices``).
public struct TopicNoticePlanner: NoticePlanner {
    public let feature = "topic"
    public init() {}

    public func notices(for event: DomainEvent, _ sql: any SQLDatabase) async throws -> [PlannedNotice] {
        TopicNotices.plan(event.kind, try event.facts(TopicFacts.self), actor: event.actorAccountID).map {
            PlannedNotice(recipient: $0.recipient, kind: $0.kind, message: $0.message)
        }
    }
}
