import NIOConcurrencyHelpers

/// Runs work that must begin within a deadline: if `limit` passes before the work calls `begin()`,
/// the caller gets ``Expired`` at once and the work — cancelled, and told by `begin()` returning
/// false — must not start. Work that began but is still going after `total` is given up on too
/// (a connection the server dropped without a word). The caller never waits on work that ignores
/// cancellation.
enum Deadline {
    struct Expired: Error {}

    private enum Phase { case waiting, begun, expired }

    static func run<T: Sendable>(
        within limit: Duration, total: Duration? = nil,
        _ work: @escaping @Sendable (_ begin: @escaping @Sendable () -> Bool) async throws -> T
    ) async throws -> T {
        let phase = NIOLockedValueBox(Phase.waiting)
        let begin: @Sendable () -> Bool = {
            phase.withLockedValue {
                guard $0 == .waiting else { return false }
                $0 = .begun
                return true
            }
        }
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let done = NIOLockedValueBox(false)
            let finish: @Sendable (Result<T, any Error>) -> Void = { result in
                let first = done.withLockedValue { wasDone in
                    defer { wasDone = true }
                    return !wasDone
                }
                if first { continuation.resume(with: result) }
            }
            let timer = NIOLockedValueBox<Task<Void, Never>?>(nil)
            let worker = Task { () -> Void in
                do { finish(.success(try await work(begin))) } catch { finish(.failure(error)) }
                timer.withLockedValue { $0?.cancel() }  // no timer outlives the work
            }
            timer.withLockedValue {
                $0 = Task {
                    guard (try? await Task.sleep(for: limit)) != nil else { return }
                    let expired = phase.withLockedValue {
                        guard $0 == .waiting else { return false }
                        $0 = .expired
                        return true
                    }
                    if !expired {
                        guard let total, (try? await Task.sleep(for: total - limit)) != nil else { return }
                    }
                    // Answer first, then cancel: cancelled work throws CancellationError (or whatever
                    // its driver makes of it), which must not reach the caller in place of Expired.
                    finish(.failure(Expired()))  // a no-op when the work has just finished
                    worker.cancel()
                }
            }
            if done.withLockedValue({ $0 }) { timer.withLockedValue { $0?.cancel() } }  // the work won the race
        }
    }
}
