import Foundation
import GridHubCore

/// A meal order as answers carry it.
public struct MealOrderView: Sendable, Hashable, Codable {
    public var id: Int64
    public var residentID: Int64
    public var name: String
    public var address: String
    public var day: CivilDate
    public var meal: Meal
    public var priceFen: Int
    public var standardFen: Int
    public var delivery: Bool
    /// ordered, cancelled, delivered, missed.
    public var state: String
    public var orderedAt: Date
    public var deliverBy: Date
    public var deliveredAt: Date?
    public var confirmation: String?
    public var photos: [String]?
}

/// The day's delivery list for one meal, in walking order.
public struct DeliveryList: Sendable, Hashable, Codable {
    public var day: CivilDate
    public var meal: Meal
    public var canteen: String
    public var metres: Double
    public var stops: [MealOrderView]
}

/// A day's counts for one meal.
public struct MealCounts: Sendable, Hashable, Codable {
    public var day: CivilDate
    public var meal: Meal
    public var ordered: Int
    public var eatIn: Int
    public var delivery: Int
    public var delivered: Int
    public var missed: Int
    public var cancelled: Int
    public var paidFen: Int
    public var subsidyFen: Int
}

/// A resident's month at the canteen: each meal taken, what they paid and what the subsidy covered.
public struct MealStatement: Sendable, Hashable, Codable {
    public struct Line: Sendable, Hashable, Codable {
        public var day: CivilDate
        public var meal: Meal
        public var state: String
        public var priceFen: Int
        public var subsidyFen: Int
    }

    public var residentID: Int64
    public var name: String
    public var month: String
    public var lines: [Line]
    public var meals: Int
    public var paidFen: Int
    public var subsidyFen: Int
}
