import ArgumentParser
import Foundation
import GridHubStore

/// `gridhub indicators rebuild`: builds the kept indicator totals anew from the cases — after rows
/// were written outside the event log (a generator stopped half-way, an edit by hand in psql). The
/// server keeps them up to date by itself otherwise.
struct IndicatorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicators", abstract: "Maintain the kept indicator totals.", subcommands: [Rebuild.self])

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build the indicator totals anew from every case (stop the server first on SQLite).")

        @OptionGroup var dataOptions: DataOptions

        func run() async throws {
            let started = Date()
            try await dataOptions.withDatabase { database in
                try await database.write { sql in try await sql.resumeIDs(of: "cases") }
                try await IndicatorSubscriber.rebuild(database)
            }
            let line = "indicator totals rebuilt in \(String(format: "%.1f", Date().timeIntervalSince(started))) s\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
    }
}
