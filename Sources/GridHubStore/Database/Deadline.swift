/// Runs work against a deadline: when it passes (and `unless` does not say the work is under way),
/// the work is cancelled and ``Expired`` thrown.
enum Deadline {
    struct Expired: Error {}

    static func run<T: Sendable>(
        within limit: Duration, unless started: @escaping @Sendable () -> Bool = { false },
        _ work: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: limit)
                if started() { return nil }  // the work has begun: let it finish in its own time
                throw Expired()
            }
            while let next = try await group.next() {
                if let value = next {
                    group.cancelAll()
                    return value
                }
            }
            throw Expired()  // unreachable: the work either returns a value or throws
        }
    }
}
