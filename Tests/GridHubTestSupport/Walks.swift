import Foundation
import GridHubCore

/// Walks for patrol tests: loops round a point, a fix every `interval` seconds.
public enum Walks {
    /// A loop of `radius` metres round `centre` at 1.2 m/s from `start` for `minutes`.
    public static func loop(
        round centre: Coordinate, radius: Double = 20, start: Date, minutes: Double, interval: Double = 10, accuracy: Double = 6
    ) -> [Fix] {
        let plane = LocalPlane(origin: centre)
        return (0...Int(minutes * 60 / interval)).map { i in
            let angle = Double(i) * interval * 1.2 / radius
            return Fix(
                at: start.addingTimeInterval(Double(i) * interval),
                coordinate: plane.unproject(.init(x: radius * cos(angle), y: radius * sin(angle))), accuracy: accuracy)
        }
    }

    /// Midnight of a Shanghai day plus `hours`.
    public static func shanghai(_ day: String, _ hours: Double = 0) -> Date {
        (PatrolDay.start(day) ?? Date(timeIntervalSince1970: 0)).addingTimeInterval(hours * 3600)
    }
}
