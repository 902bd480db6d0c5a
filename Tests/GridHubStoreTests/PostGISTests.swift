import Foundation
import GridHubCore
import GridHubTestSupport
import SQLKit
import Testing

@testable import GridHubDemo
@testable import GridHubStore

@Suite("Grid lookup in PostGIS")
struct PostGISTests {
    /// Random points over the street and a margin, every vertex, every edge's midpoint.
    static func probes(_ grids: [Grid], count: Int) -> [Coordinate] {
        let box = grids.map(\.boundary.boundingBox).reduce(grids[0].boundary.boundingBox) { $0.union($1) }.padded(by: 0.002)
        var random = SeededRandom(seed: 20_261_127)
        var points = (0..<count).map { _ in
            Coordinate(
                lat: box.minLat + random.unit() * (box.maxLat - box.minLat),
                lon: box.minLon + random.unit() * (box.maxLon - box.minLon))
        }
        for grid in grids {
            let ring = grid.boundary.ring
            points += ring
            points += ring.indices.map { i in
                let a = ring[i]
                let b = ring[(i + 1) % ring.count]
                return Coordinate(lat: (a.lat + b.lat) / 2, lon: (a.lon + b.lon) / 2)
            }
        }
        return points
    }

    @Test(
        "PostGIS and the in-process index give the same grid for every point: inside, outside, on edges and vertices",
        .enabled(if: PostgresServer.url != nil, Comment(rawValue: PostgresServer.skipNote)))
    func sideBySide() async throws {
        try await StoreFixture.with(.postgres, demo: true) { f async throws in
            guard let postgis = await PostGISGrids.enable(f.database, logger: StoreFixture.logger) else {
                Issue.record("this PostgreSQL has no PostGIS (scripts/pg-cluster installs it)")
                return
            }
            let directory = try await GridDirectory.load(OrgStore(database: f.database), postgis: postgis)
            let grids = Array(directory.current.grids.values)
            let points = Self.probes(grids, count: 1_500)
            var inside = 0
            for p in points {
                let expected = directory.locateInProcess(p)?.id
                let got = try await postgis.locate(p)
                #expect(got == expected, "\(p.lat), \(p.lon)")
                if got != nil { inside += 1 }
            }
            #expect(inside > 1_000 && inside < points.count)  // both kinds of answer were exercised
        }
    }

    @Test("without PostGIS (SQLite here) the in-process index answers")
    func fallback() async throws {
        try await StoreFixture.with(.sqlite, demo: true) { f async throws in
            #expect(await PostGISGrids.enable(f.database, logger: StoreFixture.logger) == nil)
            let directory = try await GridDirectory.load(OrgStore(database: f.database))
            let grid = try #require(directory.current.gridsByCode["220104001001001"])
            let centre = DemoStreet.interiorPoint(of: grid.boundary, u: 0.5, v: 0.5)
            #expect(try await directory.locate(centre)?.code == grid.code)
        }
    }
}
