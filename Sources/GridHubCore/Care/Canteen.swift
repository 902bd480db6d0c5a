import Foundation

/// A meal the canteen serves.
public enum Meal: String, Sendable, Codable, CaseIterable {
    case lunch, dinner

    public var chineseName: String { self == .lunch ? "午餐" : "晚餐" }
}

/// A community's elderly canteen (长者食堂): where it is, its meals with their order cut-off and
/// delivery deadline, and the price each group pays, in fen (分).
public struct CanteenSettings: Sendable, Hashable, Codable {
    public struct MealTimes: Sendable, Hashable, Codable {
        public var meal: Meal
        /// Orders for the day close at this time (Asia/Shanghai).
        public var orderBy: ClockTime
        /// Deliveries not confirmed by this time are missed and flagged to the community.
        public var deliverBy: ClockTime

        public init(meal: Meal, orderBy: ClockTime, deliverBy: ClockTime) {
            self.meal = meal
            self.orderBy = orderBy
            self.deliverBy = deliverBy
        }
    }

    public var name: String
    public var lat: Double?
    public var lon: Double?
    public var meals: [MealTimes]
    /// What a meal costs without subsidy (what the statement counts the subsidy from).
    public var standardFen: Int
    /// 60 and over, or in any special group.
    public var elderFen: Int
    /// 80 and over (高龄).
    public var aged80Fen: Int
    /// 低保 households.
    public var lowIncomeFen: Int

    public init(
        name: String, lat: Double?, lon: Double?, meals: [MealTimes], standardFen: Int, elderFen: Int, aged80Fen: Int,
        lowIncomeFen: Int
    ) {
        self.name = name
        self.lat = lat
        self.lon = lon
        self.meals = meals
        self.standardFen = standardFen
        self.elderFen = elderFen
        self.aged80Fen = aged80Fen
        self.lowIncomeFen = lowIncomeFen
    }

    /// Lunch ordered by 09:30 and delivered by 12:00; 15 yuan a meal, 10 for the elderly, 6 from 80,
    /// 3 for 低保 households.
    public static let standard = CanteenSettings(
        name: "长者食堂", lat: nil, lon: nil,
        meals: [MealTimes(meal: .lunch, orderBy: ClockTime(minutes: 9 * 60 + 30), deliverBy: ClockTime(minutes: 12 * 60))],
        standardFen: 1500, elderFen: 1000, aged80Fen: 600, lowIncomeFen: 300)

    /// Prices 0–100,000 fen, none above the standard; each meal once, its order cut-off before its
    /// delivery deadline; a position, when given, on the map. 422 otherwise.
    public func validated() throws -> CanteenSettings {
        let prices = [standardFen, elderFen, aged80Fen, lowIncomeFen]
        guard prices.allSatisfy({ (0...100_000).contains($0) }), prices.dropFirst().allSatisfy({ $0 <= standardFen }) else {
            throw GridHubError(.unprocessable, "invalid_price", "Prices are 0–100000 fen, none above the standard price.")
        }
        guard !meals.isEmpty, Set(meals.map(\.meal)).count == meals.count,
            meals.allSatisfy({ $0.orderBy.minutes < $0.deliverBy.minutes })
        else {
            throw GridHubError(
                .unprocessable, "invalid_meals", "Each meal once, its orders closing before its delivery deadline.")
        }
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...50).contains(name.count) else {
            throw GridHubError(.unprocessable, "invalid_name", "A name is 1–50 characters.")
        }
        if lat != nil || lon != nil {
            _ = try Coordinate.validated(lat: lat ?? .nan, lon: lon ?? .nan)
        }
        var s = self
        s.name = name
        return s
    }

    public func times(of meal: Meal) -> MealTimes? { meals.first { $0.meal == meal } }
}

/// Who may eat at the canteen and what they pay.
public enum CanteenRules {
    /// The age from which a resident eats at the elderly price.
    public static let elderFrom = 60

    /// The price a resident pays (the lowest their groups allow), or nil when the canteen does not serve
    /// them (under 60 and in no special group).
    public static func price(
        tags: Set<ResidentTag>, birthDate: CivilDate?, today: CivilDate, settings: CanteenSettings
    ) -> Int? {
        let age = birthDate.map { $0.years(to: today) }
        let all = ResidentTag.effective(tags, birthDate: birthDate, today: today)
        var prices: [Int] = []
        if (age ?? 0) >= elderFrom || !all.subtracting([.leftBehindChild]).isEmpty { prices.append(settings.elderFen) }
        if all.contains(.aged80) { prices.append(settings.aged80Fen) }
        if all.contains(.lowIncome) { prices.append(settings.lowIncomeFen) }
        return prices.min()
    }

    /// An order for `day`'s `meal` may be placed or cancelled until its cut-off; 409 after.
    public static func checkOpen(day: CivilDate, meal: Meal, now: Date, settings: CanteenSettings) throws {
        guard let times = settings.times(of: meal) else {
            throw GridHubError(.unprocessable, "meal_not_served", "The canteen does not serve \(meal.chineseName).")
        }
        let cutOff = day.start.addingTimeInterval(Double(times.orderBy.minutes) * 60)
        guard now < cutOff else {
            throw GridHubError(
                .conflict, "orders_closed", "Orders for \(day) \(meal.chineseName) closed at \(times.orderBy) (下单已截止).")
        }
        guard day.start.timeIntervalSince(now) <= 14 * 86_400 else {
            throw GridHubError(.unprocessable, "too_far_ahead", "Meals are ordered at most 14 days ahead.")
        }
    }

    /// When a day's meal must be delivered by.
    public static func deadline(day: CivilDate, meal: Meal, settings: CanteenSettings) -> Date? {
        settings.times(of: meal).map { day.start.addingTimeInterval(Double($0.deliverBy.minutes) * 60) }
    }
}

public enum CanteenEvent {
    public static let ordered = EventKind("canteen.ordered")
    public static let cancelled = EventKind("canteen.cancelled")
    public static let delivered = EventKind("canteen.delivered")
    public static let missed = EventKind("canteen.delivery_missed")
}

/// What a canteen event carries: the order, the day and meal, where (no name).
public struct CanteenFacts: Sendable, Hashable, Codable {
    public var communityID: Int64
    public var gridID: Int64
    public var residentID: Int64
    public var day: CivilDate
    public var meal: Meal
    public var address: String?

    public init(communityID: Int64, gridID: Int64, residentID: Int64, day: CivilDate, meal: Meal, address: String?) {
        self.communityID = communityID
        self.gridID = gridID
        self.residentID = residentID
        self.day = day
        self.meal = meal
        self.address = address
    }
}

/// A missed delivery is told to the community and the grid's workers at once.
public enum CanteenNotices {
    public static func plan(_ kind: EventKind, _ f: CanteenFacts) -> [(recipient: Recipient, kind: String, message: String)] {
        guard kind == CanteenEvent.missed else { return [] }
        let message = "送餐未确认：\(f.day) \(f.meal.chineseName) \(f.address ?? "")，请尽快联系老人。"
        return [
            (.role(.communityStaff, in: .community(f.communityID)), "meal_missed", message),
            (.role(.gridWorker, in: .grid(f.gridID)), "meal_missed", message),
        ]
    }
}
