import Foundation
import GridHubCore
import GridHubServer
import GridHubStore
import GridHubTestSupport
import HTTPTypes
import HummingbirdTesting
import SQLKit
import Testing

@Suite("Several instances on one PostgreSQL")
struct InstancesTests {
    static func count(_ runtime: GridHubRuntime, _ table: String) async throws -> Int {
        try await runtime.database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self) ?? -1
        }
    }

    static func json(_ object: [String: Any]) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self)
    }

    /// Sends `requests` to both instances at once, half each (or each to both), and collects the answers.
    static func concurrently(_ requests: [@Sendable () async throws -> TestResponse]) async throws -> [TestResponse] {
        try await withThrowingTaskGroup(of: TestResponse.self) { group in
            for request in requests { group.addTask { try await request() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test(
        "reports, retries, duplicates, moves and the sweep sent to two instances at once: nothing lost, doubled or run twice",
        .enabled(if: PostgresServer.url != nil, Comment(rawValue: PostgresServer.skipNote)))
    func twoInstances() async throws {
        try await TestApp.runTwo { a, b async throws in
            let (clientA, runtimeA) = a
            let (clientB, runtimeB) = b
            let resident = try await clientA.token("jumin07")  // a token from one instance works on the other
            let casesBefore = try await Self.count(runtimeA, "cases")
            let centre = try Fixtures.center(runtimeA, grid: Fixtures.grid1)

            // 1. Thirty reports, each sent to both instances under one Idempotency-Key (a client retrying
            //    through the load balancer): thirty cases, each answer pair names the same case.
            var requests = [@Sendable () async throws -> TestResponse]()
            for i in 0..<30 {
                let body = Self.json([
                    "lat": centre.lat + Double(i) * 0.00002, "lon": centre.lon, "text": "楼道堆物 \(i)", "description": "第\(i)处",
                ])
                let key: HTTPFields = [.init("Idempotency-Key")!: "two-instances-\(i)"]
                for client in [clientA, clientB] {
                    requests.append { try await client.post("/api/v1/reports", raw: body, token: resident, headers: key) }
                }
            }
            let answers = try await Self.concurrently(requests)
            #expect(answers.allSatisfy { $0.status == .created })

            let caseIDs = Set(answers.compactMap { $0.object["case_id"] as? Int })
            #expect(caseIDs.count == 30)
            #expect(Set(answers.compactMap { $0.object["tracking_number"] as? String }).count == 30)
            #expect(answers.filter { $0.headers[.init("Idempotent-Replayed")!] == "true" }.count == 30)

            // 2. Eight people report the same broken manhole cover at once, through either instance: one case.
            let cover = Self.json(["lat": centre.lat - 0.0003, "lon": centre.lon - 0.0003, "class_code": "E0301"])
            var same = [@Sendable () async throws -> TestResponse]()
            for i in 0..<8 {
                let client = i.isMultiple(of: 2) ? clientA : clientB
                let who = try await clientA.token(String(format: "jumin%02d", 12 + i))
                same.append { try await client.post("/api/v1/reports", raw: cover, token: who) }
            }
            let merged = try await Self.concurrently(same)
            #expect(Set(merged.compactMap { $0.object["case_id"] as? Int }).count == 1)
            #expect(merged.filter { $0.status == .created }.count <= 1)
            #expect(merged.allSatisfy { $0.status == .created || $0.status == .ok })
            let coverID = try #require(merged.first?.object["case_id"] as? Int)

            // 3. The grid worker's verify arrives four times at each instance: one 200, seven 409, one event.
            let worker = try await clientB.token("wgy01")
            var moves = [@Sendable () async throws -> TestResponse]()
            for i in 0..<8 {
                let client = i.isMultiple(of: 2) ? clientA : clientB
                moves.append { try await WorkflowHTTPTests.act(client, coverID, "verify", token: worker) }
            }
            let verified = try await Self.concurrently(moves)
            #expect(verified.filter { $0.status == .ok }.count == 1)
            #expect(verified.filter { $0.status == .conflict }.count == 7)
            let timeline = try await clientA.get("/api/v1/cases/\(coverID)/timeline", token: worker)
            #expect(timeline.array.filter { $0["kind"] as? String == "verify" }.count == 1)

            // 4. Both instances' sweeps ask for the same turn at once: one runs it.
            let now = Date()
            let queues = [
                JobQueue(database: runtimeA.database, instance: "a"), JobQueue(database: runtimeB.database, instance: "b"),
            ]
            let ran = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<3 {
                    for queue in queues {
                        group.addTask {
                            try await queue.runIfDue("test-sweep", every: .seconds(60), now: now) { sql, at in
                                try await CaseWork.sweep(sql, now: at)
                            } != nil
                        }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(ran == 1)
            #expect(try await JobQueue(database: runtimeB.database).runs(of: "test-sweep").count == 1)

            // Nothing lost or doubled: exactly the new cases, each with one reporter event per report.
            #expect(try await Self.count(runtimeB, "cases") == casesBefore + 31)
            let reporters = try await runtimeA.database.read { sql in
                try await sql.select().column("reporter_count").from("cases").where("id", .equal, coverID).first()?
                    .decode(column: "reporter_count", as: Int.self)
            }
            #expect(reporters == 8 || merged.allSatisfy { $0.status == .ok })
        }
    }
}
