import Foundation
import GridHubCore
import SQLKit

/// Periodic work (the overdue sweep, later hotspot detection) shared by every instance on one
/// database. A job's turn is claimed with `FOR UPDATE SKIP LOCKED` in the same transaction as the
/// work itself: whichever instance gets there first runs it, the others skip, and if the work
/// fails the claim rolls back with it and the next tick tries again. Each turn (`slot`) is
/// recorded once in `job_runs`.
public struct JobQueue: Sendable {
    let database: any Database
    /// Who ran a turn, for the record (host and process).
    public let instance: String
    /// How long turns are kept in `job_runs`.
    static let keepRuns: Int64 = 7 * 86_400_000

    public init(database: any Database, instance: String = JobQueue.defaultInstance) {
        self.database = database
        self.instance = instance
    }

    public static var defaultInstance: String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// Runs `work` if the job `name` is due and no other instance holds it; nil when it was not this
    /// instance's turn. The summary `work` returns is stored with the run.
    public func runIfDue<T: Sendable & CustomStringConvertible>(
        _ name: String, every: Duration, now: Date = Date(),
        _ work: @escaping @Sendable (any SQLDatabase, Date) async throws -> T
    ) async throws -> T? {
        let nowMillis = StoredTime.millis(now)
        let everyMillis = Int64(every.components.seconds * 1000 + every.components.attoseconds / 1_000_000_000_000_000)
        let instance = instance
        return try await database.write { sql in
            try await sql.insert(into: "jobs").columns("name", "every_ms", "next_run_at", "runs")
                .values(SQLBind(name), SQLBind(everyMillis), SQLBind(nowMillis), SQLBind(0))
                .ignoringConflicts(with: ["name"]).run()
            guard
                let slot = try await sql.claiming(
                    sql.select().column("next_run_at").from("jobs").where("name", .equal, name)
                        .where("next_run_at", .lessThanOrEqual, nowMillis)
                ).first()?.decode(column: "next_run_at", as: Int64.self)
            else { return nil }
            let next = max(slot + everyMillis, nowMillis + everyMillis / 2)  // missed turns are not made up
            try await sql.update("jobs").set("next_run_at", to: next).set("every_ms", to: everyMillis)
                .set("last_run_at", to: nowMillis).set("last_instance", to: instance)
                .set("runs", to: SQLBinaryExpression(SQLColumn("runs"), .add, SQLBind(1))).where("name", .equal, name).run()
            let result = try await work(sql, now)
            try await sql.insert(into: "job_runs").columns("job", "slot", "instance", "started_at", "summary")
                .values(SQLBind(name), SQLBind(slot), SQLBind(instance), SQLBind(nowMillis), SQLBind(result.description))
                .run()
            try await sql.delete(from: "job_runs").where("job", .equal, name)
                .where("started_at", .lessThan, nowMillis - Self.keepRuns).run()
            return result
        }
    }

    /// A job's recorded turns, oldest first.
    public func runs(of name: String) async throws -> [JobRun] {
        try await database.read { sql in
            try await sql.select().columns("slot", "instance", "started_at", "summary").from("job_runs")
                .where("job", .equal, name).orderBy("slot").all().map {
                    JobRun(
                        slot: StoredTime.date(try $0.decode(column: "slot", as: Int64.self)),
                        instance: try $0.decode(column: "instance", as: String.self),
                        startedAt: StoredTime.date(try $0.decode(column: "started_at", as: Int64.self)),
                        summary: try $0.decode(column: "summary", as: String?.self))
                }
        }
    }
}

/// One turn of a periodic job.
public struct JobRun: Sendable, Equatable {
    public var slot: Date
    public var instance: String
    public var startedAt: Date
    public var summary: String?
}
