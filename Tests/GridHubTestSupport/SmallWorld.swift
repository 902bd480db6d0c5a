import Foundation
import GridHubCore
import GridHubStore
import HummingbirdBcrypt
import SQLKit

/// A minimal street for tests: two communities, three grids (two in the first), the standard departments
/// and catalogue, and one account of each role — so a test states the facts it relies on instead of
/// leaning on the demo street's counts.
public struct SmallWorld: Sendable {
    public static let password = "small-world-pass"
    public static let streetCode = "220104090"

    /// The grids by name: `a1` and `a2` in community A, `b1` in community B.
    public enum GridName: String, CaseIterable, Sendable {
        case a1 = "220104090001001"
        case a2 = "220104090001002"
        case b1 = "220104090002001"

        var index: Int { GridName.allCases.firstIndex(of: self) ?? 0 }
    }

    /// Everyone, by username: the command centre, a leader, each community's staff, each grid's worker, a
    /// drainage (PS) handler, an enforcement (ZF) officer, a resident, a building head and a unit head.
    public static let people: [AccountPlan] = [
        AccountPlan(username: "centre", displayName: "指挥中心", role: .commandCentre),
        AccountPlan(username: "leader", displayName: "领导", role: .leader),
        AccountPlan(username: "staff-a", displayName: "社区A", role: .communityStaff, communityIndex: 0),
        AccountPlan(username: "staff-b", displayName: "社区B", role: .communityStaff, communityIndex: 1),
        AccountPlan(username: "worker-a1", displayName: "网格员A1", role: .gridWorker, communityIndex: 0, gridIndexes: [0]),
        AccountPlan(username: "worker-a2", displayName: "网格员A2", role: .gridWorker, communityIndex: 0, gridIndexes: [1]),
        AccountPlan(username: "worker-b1", displayName: "网格员B1", role: .gridWorker, communityIndex: 1, gridIndexes: [2]),
        AccountPlan(username: "dept-ps", displayName: "排水", role: .departmentHandler, departmentCode: "PS"),
        AccountPlan(username: "dept-zf", displayName: "执法队", role: .enforcementTeam, departmentCode: "ZF"),
        AccountPlan(username: "resident", displayName: "居民", role: .resident),
        AccountPlan(username: "building-head", displayName: "楼栋长", role: .buildingHead),
        AccountPlan(username: "unit-head", displayName: "单元长", role: .unitHead),
    ]

    public let written: StreetWriter.Written

    /// Writes the world into an empty, migrated database.
    public static func write(_ database: any Database, now: Date = Date()) async throws -> SmallWorld {
        let hash = Bcrypt.hash(password, cost: 4)  // tests sign in often; the cost is not what they test
        let written = try await database.write { sql in
            try await StreetWriter.write(
                street: Street(
                    id: 0, code: streetCode, name: "小世界街道", districtName: "朝阳区", cityName: "长春市", trackingPrefix: "SW",
                    jurisdiction: "small.example.cn"),
                communities: [
                    CommunityPlan(code: streetCode + "001", name: "甲社区"), CommunityPlan(code: streetCode + "002", name: "乙社区"),
                ],
                grids: try GridName.allCases.enumerated().map { i, g in
                    GridPlan(code: try GridCode(g.rawValue), communityIndex: i < 2 ? 0 : 1, name: "网格\(g)", boundary: square(i))
                },
                buildings: GridName.allCases.indices.map { i in
                    BuildingPlan(gridIndex: i, name: "\(i + 1)号楼", location: centre(i), floors: 6, units: ["1单元", "2单元"])
                },
                accounts: people, passwordHash: hash, created: now, sql)
        }
        return SmallWorld(written: written)
    }

    /// The grids tile a row of squares about 550 m wide.
    static func square(_ i: Int) -> Polygon {
        let (lat, lon, side) = (43.90, 125.40 + Double(i) * 0.005, 0.005)
        return Polygon(ring: [
            Coordinate(lat: lat, lon: lon), Coordinate(lat: lat, lon: lon + side), Coordinate(lat: lat + side, lon: lon + side),
            Coordinate(lat: lat + side, lon: lon), Coordinate(lat: lat, lon: lon),
        ])
    }

    static func centre(_ i: Int) -> Coordinate { Coordinate(lat: 43.9025, lon: 125.4025 + Double(i) * 0.005) }

    /// A point inside the grid.
    public static func centre(of grid: GridName) -> Coordinate { centre(grid.index) }

    public func grid(_ name: GridName) -> Grid { written.grids[name.index] }
    public func accountID(_ username: String) -> Int64 { written.accounts[username]?.id ?? 0 }
    public var departments: [String: Int64] { written.departmentIDs }

    /// The person signed in as `username`, as the API would see them.
    public func principal(_ username: String) -> Principal? {
        written.principals(Self.people)[username]
            ?? written.accounts[username].map {
                Principal(accountID: $0.id, username: username, role: $0.role, streetID: written.street.id)
            }
    }

    /// A grid's building and its first unit, as the registry names them.
    public func firstUnit(of grid: GridName, in database: any Database) async throws -> (building: Int64, unit: Int64) {
        let gridID = self.grid(grid).id
        return try await database.read { sql in
            let b = try await sql.select().column("id").from("buildings").where("grid_id", .equal, gridID).all()[0]
                .decode(column: "id", as: Int64.self)
            let u = try await sql.select().column("id").from("units").where("building_id", .equal, b).orderBy("id").all()[0]
                .decode(column: "id", as: Int64.self)
            return (b, u)
        }
    }

    /// How many rows a table holds.
    public static func count(_ table: String, in database: any Database) async throws -> Int {
        try await database.read { sql in try await sql.select().column(SQLLiteral.all).from(table).all().count }
    }
}
