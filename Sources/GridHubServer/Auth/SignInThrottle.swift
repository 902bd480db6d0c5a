import Foundation
import GridHubCore

/// Failed sign-ins per client address (``LoginPolicy/perAddress`` in ten minutes), so one address
/// cannot spray guesses across many accounts. A slot is taken before the password is checked and given
/// back when it was right, so a burst cannot outrun the count. In memory: each instance counts what
/// reaches it; the per-account lock in the database holds across instances.
actor SignInThrottle {
    private var failures: [String: [Date]] = [:]

    /// Takes a slot for `address`, or throws 429 with the wait.
    func take(_ address: String?, now: Date = Date()) throws -> Date {
        let key = address ?? "unknown"
        let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < LoginPolicy.addressWindow }
        if recent.count >= LoginPolicy.perAddress, let oldest = recent.min() {
            let wait = Int((LoginPolicy.addressWindow - now.timeIntervalSince(oldest)).rounded(.up))
            throw GridHubError(
                .tooManyRequests, "too_many_sign_ins", "Too many failed sign-ins from this address; try again in \(wait) s.")
        }
        failures[key] = recent + [now]
        if failures.count > 100_000 {
            failures = failures.filter { $0.value.contains { now.timeIntervalSince($0) < LoginPolicy.addressWindow } }
        }
        return now
    }

    /// The sign-in succeeded: its slot is not a failure.
    func giveBack(_ address: String?, slot: Date) {
        let key = address ?? "unknown"
        guard var list = failures[key], let i = list.firstIndex(of: slot) else { return }
        list.remove(at: i)
        failures[key] = list
    }
}
