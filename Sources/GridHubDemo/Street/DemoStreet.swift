import Foundation
import GridHubCore

/// The demo street, modelled on Yongchang subdistrict (永昌街道), Chaoyang district, Changchun:
/// 1.97 km², 6 communities, 48 grids, 493 buildings with 924 units, the three heads (三长),
/// 18 departments, the full catalogue and 90 days of reports. Pure data; the store writes it.
public struct DemoStreet: Sendable {
    public struct ReportPlan: Sendable {
        public var gridIndex: Int
        public var classCode: String
        public var location: Coordinate
        public var description: String
        public var channel: ReportChannel
        /// An account username, or nil for an anonymous rider's device.
        public var reporterUsername: String?
        public var deviceID: String?
        public var reportedAt: Date
    }

    public static let districtCode = "220104"
    public static let streetCode = "220104001"
    public static let center = Coordinate(lat: 43.88, lon: 125.31)
    /// The one password of every demo account; printed at start, to be changed in real use.
    public static let demoPassword = "gridhub-demo"
    /// The street's Open311 `jurisdiction_id`.
    public static let jurisdiction = "yongchang.changchun.gov.cn"

    public var street: Street
    public var communities: [CommunityPlan]
    public var grids: [GridPlan]
    public var buildings: [BuildingPlan]
    public var accounts: [AccountPlan]
    public var reports: [ReportPlan]

    /// Builds the street; the same `seed` and `today` give the same data.
    public init(seed: UInt64 = 2_023, today: Date) {
        var rng = SeededRandom(seed: seed)
        street = Street(
            id: 0, code: Self.streetCode, name: "永昌街道", districtName: "朝阳区", cityName: "长春市", trackingPrefix: "YC",
            jurisdiction: Self.jurisdiction)
        let names = ["长山花园社区", "牡丹园社区", "永昌社区", "吉顺社区", "东朝阳社区", "红旗社区"]
        communities = names.enumerated().map { i, name in
            CommunityPlan(code: Self.streetCode + String(format: "%03d", i + 1), name: name)
        }
        grids = Self.tileGrids(rng: &rng)
        buildings = Self.placeBuildings(grids: grids, communities: communities, rng: &rng)
        accounts = Self.staff(grids: grids, communities: communities, buildings: buildings)
        reports = Self.history(grids: grids, accounts: accounts, today: today, rng: &rng)
    }
}

extension DemoStreet {
    /// Grid counts per community: 长山花园 has 10 (as the seed says), the rest share 38.
    static let gridsPerCommunity = [10, 8, 8, 8, 7, 7]
    static let columns = 8
    static let rows = 6

    /// 48 quadrilaterals on a jittered 8 × 6 lattice: neighbours share their edges exactly, so
    /// the grids tile the street's 1.60 km × 1.23 km (1.97 km²) with no gap and no overlap.
    static func tileGrids(rng: inout SeededRandom) -> [GridPlan] {
        let widthDeg = 1_600 / (111_320 * cos(center.lat * .pi / 180))
        let heightDeg = 1_231 / 111_320.0
        let cellW = widthDeg / Double(columns)
        let cellH = heightDeg / Double(rows)
        let west = center.lon - widthDeg / 2
        let south = center.lat - heightDeg / 2
        var lattice = [[Coordinate]]()
        for r in 0...rows {
            var line = [Coordinate]()
            for c in 0...columns {
                let interior = r > 0 && r < rows && c > 0 && c < columns
                let jx = interior ? (rng.unit() - 0.5) * 0.3 * cellW : 0
                let jy = interior ? (rng.unit() - 0.5) * 0.3 * cellH : 0
                line.append(Coordinate(lat: south + Double(r) * cellH + jy, lon: west + Double(c) * cellW + jx))
            }
            lattice.append(line)
        }
        // Communities take contiguous runs of cells, column by column from the west.
        var plans = [GridPlan]()
        var community = 0
        var inCommunity = 0
        for c in 0..<columns {
            for k in 0..<rows {
                let r = c % 2 == 0 ? k : rows - 1 - k  // serpentine keeps each community in one piece
                if inCommunity == gridsPerCommunity[community] {
                    community += 1
                    inCommunity = 0
                }
                inCommunity += 1
                let ring = [lattice[r][c], lattice[r][c + 1], lattice[r + 1][c + 1], lattice[r + 1][c]]
                let code = (try? GridCode(district: districtCode, street: 1, community: community + 1, sequence: inCommunity))
                guard let code else { continue }
                plans.append(
                    GridPlan(code: code, communityIndex: community, name: "第\(inCommunity)网格", boundary: Polygon(ring: ring)))
            }
        }
        return plans
    }

    /// A point inside a grid's quadrilateral, kept away from its edges (bilinear in u, v ∈ [0.15, 0.85]).
    public static func interiorPoint(of polygon: Polygon, u: Double, v: Double) -> Coordinate {
        let q = polygon.ring
        let uu = 0.15 + 0.7 * u
        let vv = 0.15 + 0.7 * v
        let lat = (1 - uu) * (1 - vv) * q[0].lat + uu * (1 - vv) * q[1].lat + uu * vv * q[2].lat + (1 - uu) * vv * q[3].lat
        let lon = (1 - uu) * (1 - vv) * q[0].lon + uu * (1 - vv) * q[1].lon + uu * vv * q[2].lon + (1 - uu) * vv * q[3].lon
        return Coordinate(lat: lat, lon: lon)
    }

    /// 493 buildings, 924 units: about ten buildings a grid, most with two units.
    static func placeBuildings(grids: [GridPlan], communities: [CommunityPlan], rng: inout SeededRandom) -> [BuildingPlan] {
        let buildingCount = 493
        let unitCount = 924
        var plans = [BuildingPlan]()
        var numberInCommunity = [Int](repeating: 0, count: communities.count)
        for b in 0..<buildingCount {
            let gridIndex = b % grids.count
            let grid = grids[gridIndex]
            numberInCommunity[grid.communityIndex] += 1
            let unitsHere = b < unitCount - buildingCount ? 2 : 1
            let estate = communities[grid.communityIndex].name.replacingOccurrences(of: "社区", with: "")
            plans.append(
                BuildingPlan(
                    gridIndex: gridIndex, name: "\(estate)小区\(numberInCommunity[grid.communityIndex])号楼",
                    location: interiorPoint(of: grid.boundary, u: rng.unit(), v: rng.unit()),
                    floors: [5, 6, 6, 7, 11, 18][Int(rng.next() % 6)],
                    units: (1...unitsHere).map { "\($0)单元" }))
        }
        return plans
    }
}
