import Foundation
import GridHubCore
import GridHubStore
import GridHubTestSupport
import SQLKit
import Testing

@Suite("Open311 API keys")
struct ApiKeyTests {
    @Test("a key is shown once and stored only as its hash; it verifies until revoked", arguments: Engine.all)
    func lifecycle(engine: Engine) async throws {
        try await StoreFixture.with(engine) { f async throws in
            let keys = ApiKeyStore(database: f.database)
            let (made, secret) = try await keys.add(name: "rider-app")
            #expect(secret.hasPrefix("gh311_") && secret.count > 40 && secret.hasPrefix(made.prefix))
            let stored = try await f.database.read { sql in
                try await sql.select().columns("*").from("api_keys").all().map {
                    try $0.decode(column: "key_hash", as: String.self) + (try $0.decode(column: "prefix", as: String.self))
                }
            }
            #expect(stored.count == 1 && !stored[0].contains(secret) && !stored[0].contains(secret.dropFirst(12)))

            #expect(try await keys.verify(secret)?.name == "rider-app")
            #expect(try await keys.list().first?.lastUsedAt != nil)
            #expect(try await keys.verify(secret + "x") == nil)
            #expect(try await keys.verify("not-a-key") == nil)
            let second = try await keys.add(name: "city-app")
            #expect(try await keys.revoke(made.prefix).map(\.id) == [made.id])
            #expect(try await keys.revoke(made.prefix).isEmpty)  // already revoked
            #expect(try await keys.verify(secret) == nil)
            #expect(try await keys.verify(second.secret)?.id == second.key.id)
            #expect(try await keys.revoke(String(second.key.id)).count == 1)
            #expect(try await keys.list().allSatisfy { $0.revokedAt != nil })
            await #expect(throws: GridHubError.self) { try await keys.add(name: "Not An App") }
            #expect(try await keys.list().count == 2)
        }
    }
}
