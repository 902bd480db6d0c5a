import Foundation
import GridHubCore
import SQLKit

/// Queues, for each reporter who filed through a client app, what the reporter is told (``CaseNotices``),
/// to be posted to that app's webhook by the dispatcher.
public struct WebhookSubscriber: EventSubscriber {
    public let name = "webhooks"

    public init() {}

    public func wants(_ kind: EventKind) -> Bool { kind.feature == "case" }

    public func handle(_ event: DomainEvent, _ sql: any SQLDatabase) async throws {
        let facts = try event.facts(CaseChange.self)
        let told = CaseNotices.plan(facts, streetID: event.streetID).filter { $0.audience == .reporters }
        guard !told.isEmpty else { return }
        let withApp = try await CaseNoticePlanner.reporters(of: event.subject.id, sql)
            .compactMap { r in r.app.map { (key: r.key, app: $0) } }
            .sorted { ($0.app, $0.key) < ($1.app, $1.key) }
        for notice in told {
            for r in withApp {
                let payload = [
                    "event": notice.kind, "case_id": String(event.subject.id), "tracking_number": facts.trackingNumber,
                    "state": facts.state.rawValue, "reporter": r.key, "message": notice.message,
                    "at": ISO8601DateFormatter().string(from: event.at),
                ]
                try await WebhookStore.enqueue(sql, streetID: event.streetID, app: r.app, payload: payload, now: event.at)
            }
        }
    }
}
