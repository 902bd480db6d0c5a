import GridHubCore
import NIOConcurrencyHelpers

/// The read connections: a request takes one for the length of its read and gives it back. Reads run
/// on the request's own thread (no hop), so at most as many run at once as there are threads to run
/// them; the pool opens connections up to `limit` as reads overlap, and past it a read waits its turn.
final class SQLiteReaderPool: Sendable {
    private struct State {
        var idle: [SQLiteHandle] = []
        var opened = 0
        var waiting: [CheckedContinuation<SQLiteHandle, any Error>] = []
        var closed = false
    }

    private let state = NIOLockedValueBox(State())
    private let limit: Int
    private let open: @Sendable () throws -> SQLiteHandle

    init(limit: Int, open: @escaping @Sendable () throws -> SQLiteHandle) {
        self.limit = max(1, limit)
        self.open = open
    }

    func with<T>(_ body: (SQLiteHandle) async throws -> T) async throws -> T {
        let handle = try await checkOut()
        defer { checkIn(handle) }
        return try await body(handle)
    }

    private enum Next {
        case ready(SQLiteHandle)
        case openOne
        case wait
        case closed
    }

    private func checkOut() async throws -> SQLiteHandle {
        let next = state.withLockedValue { s -> Next in
            if s.closed { return .closed }
            if let handle = s.idle.popLast() { return .ready(handle) }
            if s.opened < limit {
                s.opened += 1
                return .openOne
            }
            return .wait
        }
        switch next {
        case .ready(let handle): return handle
        case .closed: throw Self.closing
        case .openOne:
            do { return try open() } catch {
                state.withLockedValue { $0.opened -= 1 }
                throw error
            }
        case .wait:
            return try await withCheckedThrowingContinuation { continuation in
                let ready = state.withLockedValue { s -> SQLiteHandle? in
                    if let handle = s.idle.popLast() { return handle }
                    s.waiting.append(continuation)
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }

    private func checkIn(_ handle: SQLiteHandle) {
        enum Next { case idle, handTo(CheckedContinuation<SQLiteHandle, any Error>), close }
        let next = state.withLockedValue { s -> Next in
            if s.closed { return .close }
            if !s.waiting.isEmpty { return .handTo(s.waiting.removeFirst()) }
            s.idle.append(handle)
            return .idle
        }
        switch next {
        case .idle: break
        case .handTo(let waiter): waiter.resume(returning: handle)
        case .close: handle.close()
        }
    }

    /// Closes the idle connections; a read in flight closes its own when it is done with it.
    func close() {
        let (idle, waiting) = state.withLockedValue { s in
            s.closed = true
            defer {
                s.idle = []
                s.waiting = []
            }
            return (s.idle, s.waiting)
        }
        for handle in idle { handle.close() }
        for waiter in waiting { waiter.resume(throwing: Self.closing) }
    }

    private static let closing = GridHubError(.unavailable, "database_closed", "The database is closing; try again.")
}
