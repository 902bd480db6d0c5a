import ArgumentParser
import Foundation
import GridHubCore
import GridHubStore

/// `gridhub audit`: the audit trail (审计日志) — sign-ins, sign-outs, administration, reads of people's
/// records — oldest first, one tab-separated line an entry.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Print the audit trail: time, actor, action, outcome, subject, address, detail.")

    @OptionGroup var dataOptions: DataOptions

    @Option(help: "From when: 2026-11-01, an ISO 8601 time, or a span back from now such as 24h or 7d (default 24h).")
    var since: String = "24h"

    @Option(help: "Only this actor: a username, or cli:<login> for the command line.")
    var actor: String?

    func run() async throws {
        let from = try Self.start(since, now: Date())
        let entries = try await dataOptions.withDatabase { db in
            try await AuditTrail(database: db).entries(since: from, actor: actor)
        }
        guard !entries.isEmpty else { return say("no audit entries since \(Open311Time.format(from))") }
        for e in entries {
            say(
                [
                    Open311Time.format(e.at), e.actor, e.action.rawValue, e.outcome.rawValue, e.subject ?? "-", e.address ?? "-",
                    e.detail ?? "",
                ].joined(separator: "\t"))
        }
    }

    /// `24h`, `7d` (back from now, at most ten years), or a date.
    static func start(_ raw: String, now: Date) throws -> Date {
        if let unit = raw.last, "hd".contains(unit), let n = Int(raw.dropLast()), (1...87_600).contains(n) {
            return now.addingTimeInterval(-Double(n) * (unit == "h" ? 3_600 : 86_400))
        }
        do {
            return try RequestDates.parse(raw, "since")
        } catch {
            throw ValidationError("--since takes 24h, 7d, 2026-11-01 or an ISO 8601 time.")
        }
    }
}
