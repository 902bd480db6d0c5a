import Foundation
import Testing

@testable import GridHubCore

@Suite("GCJ-02 conversion")
struct GCJ02Tests {
    // Published reference pairs (WGS-84 → GCJ-02) used by the eviltransform and coordtransform projects.
    static let references: [(wgs: Coordinate, gcj: Coordinate)] = [
        (Coordinate(lat: 31.1774276, lon: 121.5272106), Coordinate(lat: 31.17530398364597, lon: 121.531541859215)),
        (Coordinate(lat: 22.543847, lon: 113.912316), Coordinate(lat: 22.540796131694766, lon: 113.9171764808363)),
        (Coordinate(lat: 39.911954, lon: 116.377817), Coordinate(lat: 39.91334545536069, lon: 116.38404722455657)),
        (Coordinate(lat: 39.915, lon: 116.404), Coordinate(lat: 39.91640428150164, lon: 116.41024449916938)),
    ]

    @Test("WGS-84 → GCJ-02 matches the published reference points to 1e-9°", arguments: references)
    func forward(_ pair: (wgs: Coordinate, gcj: Coordinate)) {
        let g = GCJ02.fromWGS84(pair.wgs)
        #expect(abs(g.lat - pair.gcj.lat) < 1e-9)
        #expect(abs(g.lon - pair.gcj.lon) < 1e-9)
    }

    @Test("GCJ-02 → WGS-84 inverts the forward transform to under a centimetre", arguments: references)
    func inverse(_ pair: (wgs: Coordinate, gcj: Coordinate)) {
        let w = GCJ02.toWGS84(pair.gcj)
        #expect(w.distance(to: pair.wgs) < 0.01)
    }

    @Test("points outside China are not offset")
    func outsideChina() {
        let london = Coordinate(lat: 51.5, lon: -0.12)
        #expect(GCJ02.fromWGS84(london) == london)
        #expect(GCJ02.toWGS84(london) == london)
    }

    @Test("the offset in Changchun is a few hundred metres, as Chinese maps show")
    func changchunOffset() {
        let wgs = Coordinate(lat: 43.88, lon: 125.31)
        let d = GCJ02.fromWGS84(wgs).distance(to: wgs)
        #expect(d > 100 && d < 900)
    }

    @Test("the crs parameter accepts wgs84 and gcj02 and rejects anything else")
    func crsParameter() throws {
        #expect(try CoordinateSystem(parameter: nil) == .wgs84)
        #expect(try CoordinateSystem(parameter: "") == .wgs84)
        #expect(try CoordinateSystem(parameter: "GCJ02") == .gcj02)
        #expect(throws: GridHubError.self) { try CoordinateSystem(parameter: "bd09") }
    }
}

@Suite("Polygons and the grid index")
struct GridIndexTests {
    /// Unit squares on a lattice: key = row * n + column.
    static func lattice(_ n: Int, size: Double = 0.001) -> [(key: Int, polygon: Polygon)] {
        var out = [(key: Int, polygon: Polygon)]()
        for r in 0..<n {
            for c in 0..<n {
                let lat = 43.0 + Double(r) * size
                let lon = 125.0 + Double(c) * size
                out.append(
                    (
                        r * n + c,
                        Polygon(ring: [
                            Coordinate(lat: lat, lon: lon), Coordinate(lat: lat, lon: lon + size),
                            Coordinate(lat: lat + size, lon: lon + size), Coordinate(lat: lat + size, lon: lon),
                        ])
                    ))
            }
        }
        return out
    }

    @Test("a point inside a square is inside; one outside is outside")
    func inside() {
        let p = Self.lattice(1)[0].polygon
        #expect(p.locate(Coordinate(lat: 43.0005, lon: 125.0005)) == .inside)
        #expect(p.locate(Coordinate(lat: 43.002, lon: 125.0005)) == .outside)
    }

    @Test("points on an edge or a vertex are on the boundary")
    func boundary() {
        let p = Self.lattice(1)[0].polygon
        #expect(p.locate(Coordinate(lat: 43.0, lon: 125.0005)) == .boundary)
        #expect(p.locate(Coordinate(lat: 43.001, lon: 125.001)) == .boundary)
    }

    @Test("a point on an edge shared by two grids belongs to the one with the smaller key")
    func sharedEdge() {
        let index = GridIndex(Self.lattice(3))
        // The vertical edge between (0,0) key 0 and (0,1) key 1.
        #expect(index.locate(Coordinate(lat: 43.0005, lon: 125.001)) == 0)
        // The vertex shared by keys 0, 1, 3 and 4.
        #expect(index.locate(Coordinate(lat: 43.001, lon: 125.001)) == 0)
        // The vertex shared by 4, 5, 7, 8.
        #expect(index.locate(Coordinate(lat: 43.002, lon: 125.002)) == 4)
    }

    @Test("outside every grid answers nil")
    func outside() {
        let index = GridIndex(Self.lattice(3))
        #expect(index.locate(Coordinate(lat: 42.9, lon: 125.0)) == nil)
        #expect(index.locate(Coordinate(lat: 43.0015, lon: 125.0031)) == nil)
    }

    @Test("with 10,000 grids the index gives the same answer as testing every polygon")
    func agreesWithScan() {
        let grids = Self.lattice(100)
        let index = GridIndex(grids)
        var rng = SeededRandom(seed: 7)
        for _ in 0..<2_000 {
            let p = Coordinate(lat: 42.99 + rng.unit() * 0.12, lon: 124.99 + rng.unit() * 0.12)
            let scan = grids.filter { $0.polygon.contains(p) }.map(\.key).min()
            #expect(index.locate(p) == scan)
        }
    }

    @Test("area of a 0.001° square near 43°N is about 111 m × 81 m")
    func area() {
        let a = Self.lattice(1)[0].polygon.areaSquareMetres
        #expect(abs(a - 111.32 * 81.4) < 200)
    }
}

@Suite("Grid codes")
struct GridCodeTests {
    @Test("a grid code has 15 digits made of district, street, community and sequence")
    func parts() throws {
        let code = try GridCode(district: "220104", street: 1, community: 2, sequence: 7)
        #expect(code.value == "220104001002007")
        #expect(code.districtCode == "220104")
        #expect(code.streetCode == "220104001")
        #expect(code.communityCode == "220104001002")
        #expect(code.sequence == 7)
    }

    @Test("codes of the wrong length or with letters are rejected", arguments: ["22010400100200", "22010400100200X", ""])
    func invalid(_ raw: String) {
        #expect(throws: GridHubError.self) { try GridCode(raw) }
    }
}
