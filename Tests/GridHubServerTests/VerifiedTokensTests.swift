import Foundation
import GridHubCore
import GridHubStore
import GridHubTestSupport
import Testing

@testable import GridHubServer

@Suite("Verified access tokens remembered until they expire")
struct VerifiedTokensTests {
    @Test("a remembered token answers until its expiry, then is forgotten; a full cache starts again")
    func expiry() {
        let cache = VerifiedTokens()
        let principal = Principal(accountID: 7, username: "wgy01", role: .gridWorker, streetID: 1)
        let now = Date()
        #expect(cache.principal(of: "t", now: now) == nil)
        cache.remember("t", as: principal, until: now.addingTimeInterval(60))
        #expect(cache.principal(of: "t", now: now.addingTimeInterval(59))?.accountID == 7)
        #expect(cache.principal(of: "t", now: now.addingTimeInterval(60)) == nil)
        #expect(cache.principal(of: "t", now: now) == nil, "forgotten, not only hidden")
        for n in 0..<VerifiedTokens.limit { cache.remember("k\(n)", as: principal, until: now.addingTimeInterval(60)) }
        cache.remember("last", as: principal, until: now.addingTimeInterval(60))
        #expect(cache.principal(of: "k0", now: now) == nil && cache.principal(of: "last", now: now) != nil)
    }

    @Test("a token expired on the clock is refused even after it was remembered", arguments: Engine.all)
    func expiredAfterUse(engine: Engine) async throws {
        try await TestApp.run(engine) { client, runtime async throws in
            let principal = try #require(
                try await AccountStore(database: runtime.database).credentials(username: "zhihui")
            ).account.principal
            // Issued 14 min 59 s ago: valid now, and remembered by this request.
            let token = try await runtime.tokens.issue(for: principal, now: Date().addingTimeInterval(-899))
            #expect(try await client.get("/api/v1/me", token: token).status == .ok)
            try await Task.sleep(for: .seconds(2))
            let later = try await client.get("/api/v1/me", token: token)
            #expect(later.status == .unauthorized && later.errorCode == "token_expired")
        }
    }
}
