import Foundation
import GridHubCore

/// Remembers when anonymous reports came in, per device id and per client address, and applies
/// ``ReportRateLimit``. In memory: each instance limits what reaches it.
actor AnonymousReportLimiter {
    private let policy: ReportRateLimit
    private var byKey: [String: [Date]] = [:]

    init(policy: ReportRateLimit = .standard) {
        self.policy = policy
    }

    /// Throws 429 when the address has used up its reports, counting nothing: called before the body is read.
    func check(address: String?, now: Date = Date()) throws {
        guard let address else { return }
        try policy.check(recent: byKey["ip:\(address)"] ?? [], limit: policy.perAddress, now: now)
    }

    /// Counts one report for the device and the address, or throws 429 without counting it.
    func admit(device: String?, address: String?, now: Date = Date()) throws {
        let keys: [(String, Int)] =
            [device.map { ("device:\($0)", policy.perDevice) }, address.map { ("ip:\($0)", policy.perAddress) }].compactMap { $0 }
        for (key, limit) in keys {
            try policy.check(recent: byKey[key] ?? [], limit: limit, now: now)
        }
        for (key, _) in keys {
            byKey[key] = (byKey[key] ?? []).filter { now.timeIntervalSince($0) < policy.window } + [now]
        }
        if byKey.count > 100_000 {
            byKey = byKey.filter { $0.value.last.map { now.timeIntervalSince($0) < policy.window } ?? false }
        }
    }
}
