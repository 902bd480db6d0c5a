import GridHubCore

/// Counts the live-event streams each account holds open on this instance; one more than the quota
/// is answered 429 (each stream holds a connection and polls the database every second).
actor StreamQuota {
    let perAccount: Int
    private var open: [Int64: Int] = [:]

    init(perAccount: Int) {
        self.perAccount = perAccount
    }

    func open(_ account: Int64) throws {
        let count = open[account] ?? 0
        guard count < perAccount else {
            throw GridHubError(
                .tooManyRequests, "too_many_streams", "At most \(perAccount) live screens per person; close one first.")
        }
        open[account] = count + 1
    }

    func close(_ account: Int64) {
        let count = (open[account] ?? 1) - 1
        open[account] = count > 0 ? count : nil
    }
}
