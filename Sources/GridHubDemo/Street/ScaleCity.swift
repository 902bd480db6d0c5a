import Foundation
import GridHubCore

/// A city of generated streets beside the demo street, for scale and load tests: street k is the demo
/// street's 48-grid lattice moved k street-widths across a 15-column layout, so the streets tile the
/// map like the demo's grids do — no gap, no overlap, every point in exactly one grid.
public enum ScaleCity {
    /// The most grids a generated city has (the demo street's 48 included).
    public static let maxGrids = 10_000
    /// The most streets generated beside the demo street: each has the demo's 48 grids.
    public static let maxStreets = maxGrids / 48 - 1
    static let layoutColumns = 15
    static let names = [
        "永兴", "富锦", "湖西", "前进", "清和", "桂林", "南湖", "红旗", "重庆", "永吉", "东盛", "曙光", "西安", "全安", "铁北",
        "八里堡", "东站", "吉林", "荣光", "临河",
    ]

    /// Generated streets for `cases` cases: one per 5,000 cases (a street's year), at least one,
    /// and no more than fit in ``maxGrids``.
    public static func streetCount(forCases cases: Int) -> Int {
        min(maxStreets, max(1, cases / 5_000))
    }

    public struct StreetPlan: Sendable {
        public var street: Street
        public var communities: [CommunityPlan]
        public var grids: [GridPlan]
    }

    /// Street `k` (1, 2, …; 0 is the demo street itself), built from the demo street's layout.
    public static func street(_ k: Int, template: DemoStreet) -> StreetPlan {
        let box = template.grids.dropFirst().reduce(template.grids[0].boundary.boundingBox) {
            $0.union($1.boundary.boundingBox)
        }
        let dLon = Double(k % layoutColumns) * (box.maxLon - box.minLon)
        let dLat = Double(k / layoutColumns) * (box.maxLat - box.minLat)
        let number = k + 1
        let code = DemoStreet.districtCode + pad(number)
        let name = names[k % names.count] + (k < names.count ? "" : "\(k / names.count + 1)") + "街道"
        let street = Street(
            id: 0, code: code, name: name, districtName: template.street.districtName, cityName: template.street.cityName,
            trackingPrefix: "S" + pad(number), jurisdiction: "s\(pad(number)).changchun.gov.cn")
        let communities = template.communities.enumerated().map { i, c in
            CommunityPlan(code: code + pad(i + 1), name: name.replacingOccurrences(of: "街道", with: "") + c.name)
        }
        let grids = template.grids.compactMap { g -> GridPlan? in
            guard
                let gridCode = try? GridCode(
                    district: DemoStreet.districtCode, street: number, community: g.communityIndex + 1,
                    sequence: g.code.sequence)
            else { return nil }
            let ring = g.boundary.ring.map { Coordinate(lat: $0.lat + dLat, lon: $0.lon + dLon) }
            return GridPlan(
                code: gridCode, communityIndex: g.communityIndex, name: g.name, boundary: Polygon(ring: ring))
        }
        return StreetPlan(street: street, communities: communities, grids: grids)
    }

    /// A generated street's staff: the demo street's roles (centre, leader, community staff, a worker
    /// per grid, a handler per department, residents), usernames prefixed with the street (`s002-wgy01`).
    public static func accounts(of plan: StreetPlan) -> [AccountPlan] {
        let prefix = "s" + plan.street.code.suffix(3) + "-"
        return DemoStreet.staff(grids: plan.grids, communities: plan.communities, buildings: []).map {
            var a = $0
            a.username = prefix + a.username
            return a
        }
    }

    private static func pad(_ n: Int) -> String { String(format: "%03d", n) }
}
