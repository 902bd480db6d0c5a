import Foundation

/// Which of a patrol's raw fixes make its track, the way Traccar filters (精度、速度、重复、未来):
/// a fix less accurate than 50 m, one that would mean moving faster than 25 km/h since the last kept
/// fix (a walking patrol), a second fix for the same moment, and a fix from the future are dropped.
/// The raw fixes stay stored for audit; the filter runs over all of them in time order each time, so
/// batches arriving twice, out of order or a day late give the same track.
public struct TrackFilter: Sendable, Hashable {
    public var maxAccuracy: Double = 50
    /// Metres per second: 25 km/h.
    public var maxSpeed: Double = 25 / 3.6
    /// How far ahead of the server's clock a phone's clock may run.
    public var clockSkew: TimeInterval = 60

    public init() {}

    /// Why a fix was dropped.
    public enum Drop: String, Sendable, Codable, CaseIterable {
        case inaccurate, tooFast = "too_fast", duplicate, future
    }

    /// The kept fixes, in time order, and how many were dropped for each reason.
    public func run(_ raw: [Fix], now: Date) -> (kept: [Fix], dropped: [Drop: Int]) {
        var kept = [Fix]()
        var dropped = [Drop: Int]()
        for fix in raw.sorted(by: { $0.at < $1.at }) {
            if let reason = drop(fix, after: kept.last, now: now) {
                dropped[reason, default: 0] += 1
            } else {
                kept.append(fix)
            }
        }
        return (kept, dropped)
    }

    func drop(_ fix: Fix, after last: Fix?, now: Date) -> Drop? {
        if fix.at > now.addingTimeInterval(clockSkew) { return .future }
        if let accuracy = fix.accuracy, accuracy > maxAccuracy { return .inaccurate }
        guard let last else { return nil }
        let seconds = fix.at.timeIntervalSince(last.at)
        if seconds <= 0 { return .duplicate }
        if last.coordinate.distance(to: fix.coordinate) / seconds > maxSpeed { return .tooFast }
        return nil
    }
}
