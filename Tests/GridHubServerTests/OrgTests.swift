import Foundation
import GridHubCore
import GridHubServer
import GridHubTestSupport
import HummingbirdTesting
import Testing

@Suite("The organisation API")
struct OrgTests {
    @Test("the public map lists a street's grids as GeoJSON with closed rings and 15-digit codes", arguments: Engine.all)
    func grids(engine: Engine) async throws {
        try await TestApp.runSmall(engine) { client, _, world async throws in
            let r = try await client.get("/api/v1/grids")
            #expect(r.status == .ok && r.object["type"] as? String == "FeatureCollection")
            let features = try #require(r.object["features"] as? [[String: Any]])
            #expect(features.compactMap { $0["id"] as? String }.sorted() == SmallWorld.GridName.allCases.map(\.rawValue))
            for f in features {
                let geometry = try #require(f["geometry"] as? [String: Any])
                let ring = try #require((geometry["coordinates"] as? [[[Double]]])?.first)
                #expect(ring.first == ring.last && ring.count == 5)
            }
            let community = try await client.get("/api/v1/grids?community_id=\(world.grid(.a1).communityID)")
            #expect((community.object["features"] as? [Any])?.count == 2)
        }
    }

    @Test("locate finds the grid of a point, in WGS-84 or GCJ-02", arguments: Engine.all)
    func locate(engine: Engine) async throws {
        try await TestApp.runSmall(engine) { client, _, _ async throws in
            let p = SmallWorld.centre(of: .a2)
            let r = try await client.get("/api/v1/grids/locate?lat=\(p.lat)&lon=\(p.lon)")
            #expect(r.status == .ok && r.object["id"] as? String == SmallWorld.GridName.a2.rawValue)
            let g = GCJ02.fromWGS84(p)
            let r2 = try await client.get("/api/v1/grids/locate?lat=\(g.lat)&lon=\(g.lon)&crs=gcj02")
            #expect(r2.object["id"] as? String == SmallWorld.GridName.a2.rawValue)
        }
    }

    @Test("locate refuses bad coordinates with 400 and a point outside the street with 404", arguments: Engine.all)
    func locateErrors(engine: Engine) async throws {
        try await TestApp.runSmall(engine) { client, _, _ async throws in
            let cases: [(String, Int, String)] = [
                ("lon=125.31", 400, "missing_lat"), ("lat=abc&lon=125.31", 400, "invalid_lat"),
                ("lat=100&lon=125.31", 400, "invalid_lat"), ("lat=43.88&lon=200", 400, "invalid_lon"),
                ("lat=43.88&lon=125.31&crs=bd09", 400, "invalid_crs"), ("lat=39.9&lon=116.4", 404, "outside_service_area"),
            ]
            for (query, status, code) in cases {
                let r = try await client.get("/api/v1/grids/locate?\(query)")
                #expect(r.status.code == status && r.errorCode == code, "\(query)")
            }
        }
    }

    @Test("a grid by code; an unknown code is 404", arguments: Engine.all)
    func gridByCode(engine: Engine) async throws {
        try await TestApp.runSmall(engine) { client, _, _ async throws in
            let r = try await client.get("/api/v1/grids/\(SmallWorld.GridName.b1.rawValue)")
            #expect(r.status == .ok && (r.object["properties"] as? [String: Any])?["community_name"] as? String == "乙社区")
            #expect(try await client.get("/api/v1/grids/220104090009099").status == .notFound)
        }
    }

    @Test("the catalogue is public and filters by responsibility", arguments: Engine.all)
    func catalog(engine: Engine) async throws {
        try await TestApp.runSmall(engine) { client, _, _ async throws in
            let items = StandardCatalog.items
            #expect(try await client.get("/api/v1/catalog").array.count == items.count)
            for r in [Responsibility.whistle, .departmentLed, .streetLed] {
                let listed = try await client.get("/api/v1/catalog?responsibility=\(r.rawValue)").array
                #expect(listed.compactMap { $0["code"] as? String } == items.filter { $0.responsibility == r }.map(\.code))
            }
            #expect(try await client.get("/api/v1/catalog?responsibility=mine").status == .badRequest)
            #expect(try await client.get("/api/v1/streets").array.first?["name"] as? String == "小世界街道")
            #expect(try await client.get("/api/v1/communities").array.count == 2)
        }
    }

    @Test("buildings are shown only inside the caller's scope (OWASP API1)", arguments: Engine.all)
    func buildingsScope(engine: Engine) async throws {
        try await TestApp.runSmall(engine) { client, _, _ async throws in
            let (a1, b1) = (SmallWorld.GridName.a1.rawValue, SmallWorld.GridName.b1.rawValue)
            let worker = try await client.signIn("worker-a1")
            let own = try await client.get("/api/v1/buildings?grid=\(a1)", token: worker)
            #expect(own.status == .ok && own.array.count == 1)
            #expect((own.array.first?["units"] as? [String]) == ["1单元", "2单元"])
            #expect(
                try await client.get("/api/v1/buildings?grid=\(SmallWorld.GridName.a2.rawValue)", token: worker).status
                    == .notFound)
            let staff = try await client.signIn("staff-a")
            #expect(try await client.get("/api/v1/buildings?grid=\(a1)", token: staff).status == .ok)
            #expect(try await client.get("/api/v1/buildings?grid=\(b1)", token: staff).status == .notFound)
            #expect(try await client.get("/api/v1/buildings?grid=\(b1)", token: try await client.signIn("centre")).status == .ok)
            let resident = try await client.signIn("resident")
            #expect(try await client.get("/api/v1/buildings?grid=\(a1)", token: resident).status == .notFound)
            #expect(try await client.get("/api/v1/buildings?grid=\(a1)").status == .unauthorized)
            #expect(try await client.get("/api/v1/departments", token: resident).status == .forbidden)
            #expect(try await client.get("/api/v1/departments", token: staff).array.count == StandardCatalog.departments.count)
        }
    }
}
