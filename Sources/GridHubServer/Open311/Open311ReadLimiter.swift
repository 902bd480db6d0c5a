import Foundation
import GridHubCore

/// Anonymous GETs (no `api_key`) per client address and minute. In memory: each instance counts what
/// reaches it. A client with a key is not limited here.
actor Open311ReadLimiter {
    let perMinute: Int
    private var windows: [String: (minute: Int64, count: Int)] = [:]

    init(perMinute: Int) {
        self.perMinute = perMinute
    }

    /// Counts one read, or throws ``Open311Throttled`` with the seconds until the next minute.
    func admit(address: String?, now: Date = Date()) throws {
        let minute = Int64(now.timeIntervalSince1970 / 60)
        let key = address ?? "unknown"
        var window = windows[key].flatMap { $0.minute == minute ? $0 : nil } ?? (minute: minute, count: 0)
        guard window.count < perMinute else {
            throw Open311Throttled(wait: max(1, Int(Double(minute + 1) * 60 - now.timeIntervalSince1970)))
        }
        window.count += 1
        windows[key] = window
        if windows.count > 100_000 { windows = windows.filter { $0.value.minute == minute } }
    }
}

/// Too many anonymous reads: answered 429 with `Retry-After`.
struct Open311Throttled: Error {
    let wait: Int
}
