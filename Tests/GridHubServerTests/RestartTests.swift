import Foundation
import GridHubCore
import GridHubServer
import GridHubStore
import GridHubTestSupport
import HTTPTypes
import HummingbirdTesting
import SQLKit
import Testing

@Suite("PostgreSQL restarting under load")
struct RestartTests {
    static var faultServerConfigured: Bool {
        let env = ProcessInfo.processInfo.environment
        return ["GRIDHUB_TEST_FAULT_POSTGRES_URL", "GRIDHUB_TEST_FAULT_POSTGRES_CTL", "GRIDHUB_TEST_FAULT_POSTGRES_DIR"]
            .allSatisfy { env[$0]?.isEmpty == false }
    }

    /// One report's fate: its key, and the answers it got until it was acknowledged.
    struct Outcome: Sendable {
        var key: String
        var statuses: [Int] = []
        var caseID: Int?
        var retryAfter: [String] = []
    }

    @Test(
        "the database restarts while reports arrive: in-flight ones get 503 with Retry-After, the server recovers, nothing acknowledged is lost",
        .enabled(if: faultServerConfigured, Comment(rawValue: PostgresServer.faultNote)))
    func restartUnderLoad() async throws {
        let sqlite = try await TestApp.Template.shared.demo(.sqlite)
        let server = PostgresServer.fault
        let template = try await server.template(copying: DatabaseOpener.sqlitePath(in: sqlite.folder))
        let name = try await server.createDatabase(from: template)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridhub-restart-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: sqlite.folder, to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = AppConfiguration(dataDirectory: folder, databaseURL: try server.url(of: name))
        configuration.sweepEvery = .seconds(3_600)
        let runtime = try await GridHubRuntime.start(configuration, logger: TestApp.logger)

        try await runtime.application().test(.router) { client in
            let token = try await client.token("jumin21")
            let p = try Fixtures.center(runtime, grid: Fixtures.otherGrid)
            let casesBefore = try await InstancesTests.count(runtime, "cases")

            /// Files report `i` until it is acknowledged, as a client honouring Retry-After would.
            @Sendable func file(_ i: Int) async throws -> Outcome {
                var outcome = Outcome(key: "restart-\(i)")
                let body = InstancesTests.json(["lat": p.lat + Double(i) * 0.00001, "lon": p.lon, "text": "井盖松动 \(i)"])
                let deadline = Date().addingTimeInterval(90)
                while Date() < deadline {
                    let r = try await client.post(
                        "/api/v1/reports", raw: body, token: token, headers: [.init("Idempotency-Key")!: outcome.key])
                    outcome.statuses.append(Int(r.status.code))
                    if r.status == .created {
                        outcome.caseID = r.object["case_id"] as? Int
                        return outcome
                    }
                    guard r.status == .serviceUnavailable else { return outcome }  // anything else is a failure below
                    outcome.retryAfter.append(r.headers[.retryAfter] ?? "")
                    try await Task.sleep(for: .milliseconds(300))
                }
                return outcome
            }

            let outcomes = try await withThrowingTaskGroup(of: Outcome.self) { group in
                for i in 0..<40 {
                    group.addTask {
                        try await Task.sleep(for: .milliseconds(100 * i))  // about four seconds of steady arrivals
                        return try await file(i)
                    }
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(1_000))
                    try PostgresServer.controlFaultServer("pause")  // fast shutdown: sessions are cut
                    try await Task.sleep(for: .seconds(7))  // longer than a request waits for a connection (5 s)
                    try PostgresServer.controlFaultServer("resume")
                    return Outcome(key: "control")
                }
                return try await group.reduce(into: []) { $0.append($1) }.filter { $0.key != "control" }
            }

            let failed = outcomes.filter { $0.caseID == nil }
            #expect(failed.isEmpty, "not acknowledged: \(failed.map { "\($0.key) \($0.statuses)" })")
            let statuses = outcomes.flatMap(\.statuses)
            #expect(Set(statuses).isSubset(of: [201, 503]), "answers: \(Set(statuses).sorted())")
            #expect(statuses.contains(503), "the restart was not noticed")
            #expect(outcomes.flatMap(\.retryAfter).allSatisfy { Int($0) ?? 0 > 0 })
            // Every acknowledged report is there once: forty new cases, forty distinct ids.
            #expect(Set(outcomes.compactMap(\.caseID)).count == 40)
            #expect(try await InstancesTests.count(runtime, "cases") == casesBefore + 40)
            let health = try await client.get("/healthz")
            #expect(health.status == .ok)
        }
        try await server.drop(name)
    }
}
