import Foundation
import GridHubCore
import GridHubServer
import GridHubStore
import GridHubTestSupport
import HTTPTypes
import HummingbirdBcrypt
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

    @Test(
        "five wrong passwords lock the account: the right one then gets the same 401 as a guess, and the owner is told later",
        arguments: Engine.all)
    func lockout(engine: Engine) async throws {
        try await TestApp.run(engine) { client, runtime async throws in
            let started = Date().addingTimeInterval(-1)  // bcrypt under a loaded machine: this can take minutes
            for _ in 0..<5 {
                let r = try await client.post("/api/v1/auth/login", json: ["username": "sq01", "password": "wrong-pass"])
                #expect(r.status == .unauthorized)
            }
            let r = try await client.post("/api/v1/auth/login", json: ["username": "sq01", "password": "gridhub-demo"])
            let unknown = try await client.post("/api/v1/auth/login", json: ["username": "nobody", "password": "gridhub-demo"])
            #expect(r.status == .unauthorized && r.errorCode == "invalid_credentials" && r.text == unknown.text)
            // Other accounts are untouched.
            let other = try await client.post("/api/v1/auth/login", json: ["username": "sq02", "password": "gridhub-demo"])
            #expect(other.status == .ok && other.object["locked_at"] == nil)
            // The lock ends; the owner's next sign-in tells of it, once.
            try await runtime.database.write { sql in
                try await sql.raw("UPDATE accounts SET locked_until = 1 WHERE username = 'sq01'").run()
            }
            let back = try await client.post("/api/v1/auth/login", json: ["username": "sq01", "password": "gridhub-demo"])
            #expect(back.status == .ok && back.object["locked_at"] is String)
            let again = try await client.post("/api/v1/auth/login", json: ["username": "sq01", "password": "gridhub-demo"])
            #expect(again.status == .ok && again.object["locked_at"] == nil)
            let trail = try await AuditTrail(database: runtime.database).entries(since: started, actor: "sq01")
            #expect(
                trail.filter { $0.action == .signIn }.map(\.outcome) == [
                    .failure, .failure, .failure, .failure, .failure, .refused, .success, .success,
                ])
        }
    }

    @Test(
        "a burst of 40 guesses at once gets at most five checked, and a right password among them is refused",
        arguments: Engine.all)
    func burst(engine: Engine) async throws {
        try await TestApp.run(engine) { client, runtime async throws in
            let statuses = try await withThrowingTaskGroup(of: (Bool, Int).self) { group in
                for i in 0..<40 {
                    group.addTask {
                        let right = i == 20
                        let r = try await client.post(
                            "/api/v1/auth/login", json: ["username": "sq03", "password": right ? "gridhub-demo" : "wrong-\(i)"])
                        return (right, Int(r.status.code))
                    }
                }
                return try await group.reduce(into: [(Bool, Int)]()) { $0.append($1) }
            }
            let checked = try await AuditTrail(database: runtime.database).entries(
                since: Date().addingTimeInterval(-60), actor: "sq03"
            )
            .filter { $0.outcome != .refused }
            #expect(checked.count <= 5, "guesses checked: \(checked.count)")
            let rightAnswer = try #require(statuses.first { $0.0 })
            let successes = statuses.filter { $0.1 == 200 }.count
            #expect(successes <= 1)
            if rightAnswer.1 == 200 { #expect(checked.count <= 5) } else { #expect(rightAnswer.1 == 401 || rightAnswer.1 == 429) }
        }
    }

    @Test("more than 20 failed sign-ins from one address are throttled with 429", arguments: [Engine.sqlite])
    func throttle(engine: Engine) async throws {
        try await TestApp.run(engine) { client, _ async throws in
            var codes: [Int] = []
            for i in 0..<22 {
                let r = try await client.post("/api/v1/auth/login", json: ["username": "user\(i)", "password": "wrong-pass"])
                codes.append(Int(r.status.code))
            }
            #expect(codes.prefix(20).allSatisfy { $0 == 401 } && codes.suffix(2).allSatisfy { $0 == 429 })
        }
    }

    @Test("a refresh token works once; using it again revokes the whole family; signing out ends it", arguments: Engine.all)
    func refresh(engine: Engine) async throws {
        try await TestApp.run(engine) { client, _ async throws in
            let login = try await client.post("/api/v1/auth/login", json: ["username": "zhihui", "password": "gridhub-demo"])
            let refresh = try #require(login.object["refresh_token"] as? String)
            let first = try await client.post("/api/v1/auth/refresh", json: ["refresh_token": refresh])
            #expect(first.status == .ok && first.object["access_token"] is String)
            let successor = try #require(first.object["refresh_token"] as? String)
            let again = try await client.post("/api/v1/auth/refresh", json: ["refresh_token": refresh])
            #expect(again.status == .unauthorized && again.errorCode == "invalid_refresh_token")
            let afterReuse = try await client.post("/api/v1/auth/refresh", json: ["refresh_token": successor])
            #expect(afterReuse.status == .unauthorized, "the reuse revoked the family")

            let second = try await client.post("/api/v1/auth/login", json: ["username": "zhihui", "password": "gridhub-demo"])
            let token = try #require(second.object["refresh_token"] as? String)
            #expect(try await client.post("/api/v1/auth/logout", json: ["refresh_token": token]).status == .noContent)
            #expect(try await client.post("/api/v1/auth/refresh", json: ["refresh_token": token]).status == .unauthorized)
        }
    }

    @Test("a new password or a disabled account ends every session and clears the lock", arguments: [Engine.sqlite])
    func passwordEndsSessions(engine: Engine) async throws {
        try await TestApp.run(engine) { client, runtime async throws in
            let login = try await client.post("/api/v1/auth/login", json: ["username": "sq04", "password": "gridhub-demo"])
            let refresh = try #require(login.object["refresh_token"] as? String)
            for _ in 0..<5 {
                _ = try await client.post("/api/v1/auth/login", json: ["username": "sq04", "password": "wrong-pass"])
            }
            let accounts = AccountStore(database: runtime.database)
            try await accounts.setPassword(username: "sq04", passwordHash: AuthTestSupport.hash("new-password-1"))
            #expect(try await client.post("/api/v1/auth/refresh", json: ["refresh_token": refresh]).status == .unauthorized)
            let fresh = try await client.post("/api/v1/auth/login", json: ["username": "sq04", "password": "new-password-1"])
            #expect(fresh.status == .ok, "the lock is cleared")
            try await accounts.setDisabled(username: "sq04", true)
            let token = try #require(fresh.object["refresh_token"] as? String)
            #expect(try await client.post("/api/v1/auth/refresh", json: ["refresh_token": token]).status == .unauthorized)
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

enum AuthTestSupport {
    static func hash(_ password: String) -> String { Bcrypt.hash(password, cost: 4) }
}
