import Foundation
import GridHubCore
import GridHubServer
import GridHubTestSupport
import HummingbirdTesting
import Testing

@Suite("The organisation API")
struct OrgTests {
    @Test("the public map lists 48 grids as GeoJSON with closed rings and 15-digit codes", arguments: Engine.all)
    func grids(engine: Engine) async throws {
        try await TestApp.run(engine) { client, _ async throws in
            let r = try await client.get("/api/v1/grids")
            #expect(r.status == .ok && r.object["type"] as? String == "FeatureCollection")
            let features = try #require(r.object["features"] as? [[String: Any]])
            #expect(features.count == 48)
            for f in features {
                let geometry = try #require(f["geometry"] as? [String: Any])
                let ring = try #require((geometry["coordinates"] as? [[[Double]]])?.first)
                #expect(ring.first == ring.last && ring.count == 5)
                #expect((f["id"] as? String)?.count == 15)
            }
            let community = try await client.get("/api/v1/grids?community_id=1")
            #expect((community.object["features"] as? [Any])?.count == 10)
        }
    }

    @Test("locate finds the grid of a point, in WGS-84 or GCJ-02", arguments: Engine.all)
    func locate(engine: Engine) async throws {
        try await TestApp.run(engine) { client, runtime async throws in
            let p = try Fixtures.center(runtime, grid: Fixtures.grid1)
            let r = try await client.get("/api/v1/grids/locate?lat=\(p.lat)&lon=\(p.lon)")
            #expect(r.status == .ok && r.object["id"] as? String == Fixtures.grid1)
            let g = GCJ02.fromWGS84(p)
            let r2 = try await client.get("/api/v1/grids/locate?lat=\(g.lat)&lon=\(g.lon)&crs=gcj02")
            #expect(r2.object["id"] as? String == Fixtures.grid1)
        }
    }

    @Test("locate refuses bad coordinates with 400 and a point outside the street with 404", arguments: Engine.all)
    func locateErrors(engine: Engine) async throws {
        try await TestApp.run(engine) { client, _ async throws in
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
        try await TestApp.run(engine) { client, _ async throws in
            let r = try await client.get("/api/v1/grids/\(Fixtures.grid1)")
            #expect(r.status == .ok && (r.object["properties"] as? [String: Any])?["community_name"] as? String == "长山花园社区")
            #expect(try await client.get("/api/v1/grids/220104001009099").status == .notFound)
        }
    }

    @Test("the catalogue is public and filters by responsibility", arguments: Engine.all)
    func catalog(engine: Engine) async throws {
        try await TestApp.run(engine) { client, _ async throws in
            #expect(try await client.get("/api/v1/catalog").array.count == 131)
            #expect(try await client.get("/api/v1/catalog?responsibility=whistle").array.count == 28)
            #expect(try await client.get("/api/v1/catalog?responsibility=department_led").array.count == 67)
            #expect(try await client.get("/api/v1/catalog?responsibility=street_led").array.count == 36)
            #expect(try await client.get("/api/v1/catalog?responsibility=mine").status == .badRequest)
            #expect(try await client.get("/api/v1/streets").array.first?["name"] as? String == "永昌街道")
            #expect(try await client.get("/api/v1/communities").array.count == 6)
        }
    }

    @Test("buildings are shown only inside the caller's scope (OWASP API1)", arguments: Engine.all)
    func buildingsScope(engine: Engine) async throws {
        try await TestApp.run(engine) { client, _ async throws in
            let worker = try await client.token("wgy01")
            let own = try await client.get("/api/v1/buildings?grid=\(Fixtures.grid1)", token: worker)
            #expect(own.status == .ok && own.array.count >= 10)
            #expect((own.array.first?["units"] as? [String])?.isEmpty == false)
            #expect(try await client.get("/api/v1/buildings?grid=\(Fixtures.otherGrid)", token: worker).status == .notFound)
            let staff = try await client.token("sq01")
            #expect(try await client.get("/api/v1/buildings?grid=\(Fixtures.grid1)", token: staff).status == .ok)
            #expect(try await client.get("/api/v1/buildings?grid=\(Fixtures.otherGrid)", token: staff).status == .notFound)
            let resident = try await client.token("jumin01")
            #expect(try await client.get("/api/v1/buildings?grid=\(Fixtures.grid1)", token: resident).status == .notFound)
            #expect(try await client.get("/api/v1/buildings?grid=\(Fixtures.grid1)").status == .unauthorized)
            #expect(try await client.get("/api/v1/departments", token: resident).status == .forbidden)
            #expect(try await client.get("/api/v1/departments", token: staff).array.count == StandardCatalog.departments.count)
        }
    }
}
