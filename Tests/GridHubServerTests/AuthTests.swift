import Foundation
import GridHubCore
import GridHubServer
import GridHubTestSupport
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("Sign-in and tokens")
struct AuthTests {
    @Test("a demo account signs in and gets a short-lived access token, a refresh token and its scope", arguments: Engine.all)
    func login(engine: Engine) async throws {
        try await TestApp.run(engine) { client, _ async throws in
            let r = try await client.post("/api/v1/auth/login", json: ["username": "wgy01", "password": "gridhub-demo"])
            #expect(r.status == .ok)
            #expect(r.object["token_type"] as? String == "Bearer")
            #expect(r.object["expires_in"] as? Int == 900)
            let account = try #require(r.object["account"] as? [String: Any])
            #expect(account["role"] as? String == "grid_worker" && account["role_name"] as? String == "网格员")
            #expect((account["grid_ids"] as? [Int])?.count == 1)
            let me = try await client.get("/api/v1/me", token: try #require(r.object["access_token"] as? String))
            #expect(me.status == .ok && me.object["username"] as? String == "wgy01")
        }
    }

    @Test("a wrong password or an unknown user is a 401 that does not say which", arguments: Engine.all)
    func wrong(engine: Engine) async throws {
        try await TestApp.run(engine) { client, _ async throws in
            let a = try await client.post("/api/v1/auth/login", json: ["username": "wgy01", "password": "nope-nope"])
            let b = try await client.post("/api/v1/auth/login", json: ["username": "nobody", "password": "nope-nope"])
            #expect(a.status == .unauthorized && b.status == .unauthorized)
            #expect(a.errorCode == "invalid_credentials" && b.errorCode == "invalid_credentials")
        }
    }

    @Test("five wrong passwords lock the account: even the right password is refused with 423", arguments: Engine.all)
    func lockout(engine: Engine) async throws {
        try await TestApp.run(engine) { client, _ async throws in
            for _ in 0..<5 {
                let r = try await client.post("/api/v1/auth/login", json: ["username": "sq01", "password": "wrong-pass"])
                #expect(r.status == .unauthorized)
            }
            let r = try await client.post("/api/v1/auth/login", json: ["username": "sq01", "password": "gridhub-demo"])
            #expect(r.status.code == 423 && r.errorCode == "account_locked")
            // Other accounts are untouched.
            #expect(
                try await client.post("/api/v1/auth/login", json: ["username": "sq02", "password": "gridhub-demo"]).status == .ok)
        }
    }

    @Test("a refresh token works once and gives a new pair", arguments: Engine.all)
    func refresh(engine: Engine) async throws {
        try await TestApp.run(engine) { client, _ async throws in
            let login = try await client.post("/api/v1/auth/login", json: ["username": "zhihui", "password": "gridhub-demo"])
            let refresh = try #require(login.object["refresh_token"] as? String)
            let first = try await client.post("/api/v1/auth/refresh", json: ["refresh_token": refresh])
            #expect(first.status == .ok && first.object["access_token"] is String)
            let again = try await client.post("/api/v1/auth/refresh", json: ["refresh_token": refresh])
            #expect(again.status == .unauthorized && again.errorCode == "invalid_refresh_token")
        }
    }

    @Test("expired, forged and malformed tokens are refused with 401", arguments: Engine.all)
    func badTokens(engine: Engine) async throws {
        try await TestApp.run(engine) { client, runtime async throws in
            let principal = Principal(accountID: 1, username: "zhihui", role: .commandCentre, streetID: 1)
            let expired = try await runtime.tokens.issue(for: principal, now: Date().addingTimeInterval(-3_600))
            let r1 = try await client.get("/api/v1/me", token: expired)
            #expect(r1.status == .unauthorized && r1.errorCode == "token_expired")
            let other = await TokenService(secret: Array(repeating: 7, count: 32))
            let forged = try await other.issue(for: principal)
            let r2 = try await client.get("/api/v1/me", token: forged)
            #expect(r2.status == .unauthorized && r2.errorCode == "invalid_token")
            let r3 = try await client.get("/api/v1/me", token: "not.a.jwt")
            #expect(r3.status == .unauthorized && r3.errorCode == "invalid_token")
            let r4 = try await client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: "Basic abc"])
            #expect(r4.status == .unauthorized)
            #expect(try await client.get("/api/v1/me").status == .unauthorized)
        }
    }

    @Test("malformed sign-in bodies are 400s with an error code, never 5xx", arguments: Engine.all)
    func malformed(engine: Engine) async throws {
        try await TestApp.run(engine) { client, _ async throws in
            for raw in ["{", "[]", "{\"username\": 5, \"password\": \"x\"}", "{\"username\": \"a\"}", ""] {
                let r = try await client.post("/api/v1/auth/login", raw: raw)
                #expect(r.status == .badRequest, "\(raw)")
                #expect(r.errorCode == "bad_request" && (r.object["message"] as? String)?.isEmpty == false)
            }
        }
    }
}
