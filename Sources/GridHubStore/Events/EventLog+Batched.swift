import Foundation
import GridHubCore
import NIOConcurrencyHelpers
import SQLKit

extension EventLog {
    /// The events a relay batch announces, appended together at the batch's end (``EventRelay``).
    /// The turn to append is held until commit: taken at the end, other writers wait for the append
    /// and the commit only, not for the rest of the batch (on PostgreSQL every report waited behind
    /// the points subscriber's batch for its turn).
    @TaskLocal static var batched: Announcements?

    /// Appends `event` now, or — in a relay batch — with the batch's other announcements at its end.
    /// For events nothing in the same transaction reads back, and whose position the caller does not need.
    static func announce(_ sql: any SQLDatabase, _ event: DomainEvent) async throws {
        if let batched { batched.add(event) } else { try await append(sql, event) }
    }

    /// Runs `body` collecting its announcements, then appends them in the order they were made.
    static func batching(_ sql: any SQLDatabase, _ body: () async throws -> Void) async throws {
        let announcements = Announcements()
        try await $batched.withValue(announcements) { try await body() }
        for event in announcements.taken() { try await append(sql, event) }
    }

    final class Announcements: Sendable {
        private let events = NIOLockedValueBox<[DomainEvent]>([])

        func add(_ event: DomainEvent) { events.withLockedValue { $0.append(event) } }
        func taken() -> [DomainEvent] {
            events.withLockedValue { taken in
                defer { taken = [] }; return taken
            }
        }
    }
}
