/// The order a deliverer walks: buildings by a nearest-neighbour tour from the canteen improved by
/// 2-opt (no crossing legs), and within a building unit by unit, floor by floor (room order).
public enum DeliveryRoute {
    public struct Stop: Sendable, Hashable {
        public var key: Int64
        public var buildingID: Int64
        public var location: Coordinate
        public var unit: String
        public var room: String

        public init(key: Int64, buildingID: Int64, location: Coordinate, unit: String, room: String) {
            self.key = key
            self.buildingID = buildingID
            self.location = location
            self.unit = unit
            self.room = room
        }
    }

    /// The stops in walking order, and the walk's length in metres (canteen → last door, straight lines).
    public static func order(from start: Coordinate, _ stops: [Stop]) -> (stops: [Stop], metres: Double) {
        let byBuilding = Dictionary(grouping: stops, by: \.buildingID)
        let buildings = byBuilding.keys.sorted()
        guard !buildings.isEmpty else { return ([], 0) }
        let places = buildings.compactMap { byBuilding[$0]?.first?.location }
        var tour: [Int] = []
        var left = Set(places.indices)
        var here = start
        while let next = left.min(by: { here.distance(to: places[$0]) < here.distance(to: places[$1]) }) {
            tour.append(next)
            left.remove(next)
            here = places[next]
        }
        let point = { (i: Int) -> Coordinate in i < 0 ? start : places[tour[i]] }
        var improved = true
        var passes = 0
        while improved, passes < 50 {
            improved = false
            passes += 1
            for i in 0..<max(0, tour.count - 1) {
                for j in (i + 1)..<tour.count {
                    let before =
                        point(i - 1).distance(to: point(i)) + (j + 1 < tour.count ? point(j).distance(to: point(j + 1)) : 0)
                    let after =
                        point(i - 1).distance(to: point(j)) + (j + 1 < tour.count ? point(i).distance(to: point(j + 1)) : 0)
                    if after + 0.01 < before {
                        tour[i...j].reverse()
                        improved = true
                    }
                }
            }
        }
        var metres = 0.0
        for i in tour.indices { metres += point(i - 1).distance(to: point(i)) }
        let ordered = tour.flatMap { index -> [Stop] in
            (byBuilding[buildings[index]] ?? []).sorted {
                ($0.unit, roomOrder($0.room), $0.key) < ($1.unit, roomOrder($1.room), $1.key)
            }
        }
        return (ordered, metres)
    }

    /// Rooms by number where they are numbers (201 before 1101), else by text.
    static func roomOrder(_ room: String) -> String {
        let digits = room.filter(\.isNumber)
        return digits.count == room.count ? String(repeating: "0", count: max(0, 8 - digits.count)) + digits : room
    }
}
