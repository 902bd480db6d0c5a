import Foundation

/// How often an anonymous reporter may file (匿名上报限流): per device and per IP address, a sliding
/// window of recent reports. Signed-in reporters are not limited here.
public struct ReportRateLimit: Sendable {
    public var perDevice: Int
    public var perAddress: Int
    public var window: TimeInterval

    public static let standard = ReportRateLimit(perDevice: 10, perAddress: 60, window: 600)

    public init(perDevice: Int, perAddress: Int, window: TimeInterval) {
        self.perDevice = perDevice
        self.perAddress = perAddress
        self.window = window
    }

    /// Whether one more report fits, given the times of earlier ones; throws 429 with the wait.
    public func check(recent: [Date], limit: Int, now: Date) throws {
        let inWindow = recent.filter { now.timeIntervalSince($0) < window }.sorted()
        guard inWindow.count >= limit, let oldest = inWindow.first else { return }
        let wait = Int((window - now.timeIntervalSince(oldest)).rounded(.up))
        throw GridHubError(
            .tooManyRequests, "too_many_reports",
            "Too many anonymous reports from this device or network; try again in \(wait) s, or sign in.")
    }
}
