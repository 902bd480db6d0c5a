import Foundation
import Testing

@testable import GridHubStore

@Suite("Deadlines on database work")
struct DeadlineTests {
    @Test("work still going after its total time gives Expired, even when it throws at once on cancellation")
    func totalExpiredWinsOverCancellation() async throws {
        for _ in 0..<20 {
            await #expect(throws: Deadline.Expired.self) {
                try await Deadline.run(within: .milliseconds(50), total: .milliseconds(80)) { begin in
                    _ = begin()
                    try await Task.sleep(for: .seconds(30))  // throws CancellationError as soon as it is cancelled
                }
            }
        }
    }

    @Test("work that never begins within its limit gives Expired; work that finishes gives its value")
    func limitAndValue() async throws {
        await #expect(throws: Deadline.Expired.self) {
            try await Deadline.run(within: .milliseconds(20)) { _ in try await Task.sleep(for: .seconds(30)) }
        }
        let value = try await Deadline.run(within: .seconds(5)) { begin in begin() ? 7 : 0 }
        #expect(value == 7)
    }
}
