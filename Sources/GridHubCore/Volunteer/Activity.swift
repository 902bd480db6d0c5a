import Foundation

/// A volunteer activity a community organises (志愿活动: a Saturday clean-up, a flood-season check):
/// residents sign up, staff check them in on the spot, and each one checked in earns its points.
public struct ActivityInput: Codable, Sendable, Hashable {
    public var title: String
    public var description: String?
    public var place: String
    public var startsAt: Date
    public var endsAt: Date
    /// Points for each person checked in, 0–100.
    public var points: Int
    /// How many may sign up, 1–500.
    public var capacity: Int

    public init(
        title: String, description: String? = nil, place: String, startsAt: Date, endsAt: Date, points: Int, capacity: Int
    ) {
        self.title = title
        self.description = description
        self.place = place
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.points = points
        self.capacity = capacity
    }

    /// Trimmed and checked, or a 422 naming the field.
    public func validated() throws -> ActivityInput {
        var a = self
        a.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        a.place = place.trimmingCharacters(in: .whitespacesAndNewlines)
        a.description = description?.trimmingCharacters(in: .whitespacesAndNewlines)
        if a.description?.isEmpty == true { a.description = nil }
        guard (1...40).contains(a.title.count) else {
            throw GridHubError(.unprocessable, "invalid_title", "A title is 1–40 characters.")
        }
        guard (1...60).contains(a.place.count) else {
            throw GridHubError(.unprocessable, "invalid_place", "Say where, in 1–60 characters.")
        }
        guard (a.description?.count ?? 0) <= 200 else {
            throw GridHubError(.unprocessable, "invalid_description", "A description is at most 200 characters.")
        }
        let length = endsAt.timeIntervalSince(startsAt)
        guard length > 0, length <= 12 * 3_600 else {
            throw GridHubError(.unprocessable, "invalid_times", "An activity ends after it starts, within 12 hours.")
        }
        guard (0...100).contains(points) else { throw GridHubError(.unprocessable, "invalid_points", "'points' is 0–100.") }
        guard (1...500).contains(capacity) else {
            throw GridHubError(.unprocessable, "invalid_capacity", "'capacity' is 1–500 people.")
        }
        return a
    }

    /// Check-in is open from an hour before the start until two hours after the end.
    public static func checkInOpen(startsAt: Date, endsAt: Date, now: Date) -> Bool {
        now >= startsAt.addingTimeInterval(-3_600) && now <= endsAt.addingTimeInterval(2 * 3_600)
    }
}

public enum ActivityEvent {
    public static let created = EventKind("activity.created")
    public static let checkedIn = EventKind("activity.checked_in")
}

/// What an activity event carries.
public struct ActivityFacts: Codable, Sendable, Hashable {
    public var communityID: Int64
    public var title: String
    public var points: Int
    /// The participant checked in.
    public var accountID: Int64?

    public init(communityID: Int64, title: String, points: Int, accountID: Int64? = nil) {
        self.communityID = communityID
        self.title = title
        self.points = points
        self.accountID = accountID
    }
}
