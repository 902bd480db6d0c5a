import Foundation
import GridHubCore
import SQLKit

/// Keeps the indicator totals (``IndicatorDays``) as cases change: every case event refreshes that
/// case's part, in the relay's transaction. It starts by building the totals from every case there is,
/// then follows the log from the last event of that moment.
public struct IndicatorSubscriber: EventSubscriber {
    public let name = "indicators"

    public init() {}

    public func wants(_ kind: EventKind) -> Bool { kind.feature == "case" }

    public func handle(_ event: DomainEvent, _ sql: any SQLDatabase) async throws {
        try await handle(batch: [event], sql)
    }

    /// A batch's cases are refreshed together: a handful of statements however many events.
    public func handle(batch events: [DomainEvent], _ sql: any SQLDatabase) async throws {
        let cases = Set(events.filter { $0.subject.kind == "case" }.map(\.subject.id))
        try await IndicatorDays.refresh(sql, caseIDs: cases.sorted())
    }

    public func start(_ sql: any SQLDatabase) async throws -> Int64 {
        try await IndicatorDays.rebuild(sql)
        return try await EventLog.latest(sql)
    }

    /// Builds the totals anew and follows on from the last event: after cases were written without
    /// events (a generated city).
    public static func rebuild(_ database: any Database, now: Date = Date()) async throws {
        try await database.write { sql in
            // Built once: the position is set (or created) here, not through `start`, which would build again.
            try await IndicatorDays.rebuild(sql)
            try await sql.insert(into: "event_cursors").columns("subscriber", "event_id", "handled", "updated_at")
                .values(
                    SQLBind(IndicatorSubscriber().name), SQLBind(try await EventLog.latest(sql)), SQLBind(0),
                    SQLBind(StoredTime.millis(now))
                )
                .onConflict(with: ["subscriber"]) { $0.set(excludedValueOf: "event_id").set(excludedValueOf: "updated_at") }.run()
        }
    }
}
