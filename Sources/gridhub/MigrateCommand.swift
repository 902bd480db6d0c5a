import ArgumentParser
import Foundation
import GridHubStore

/// `gridhub migrate`: apply pending schema migrations and exit.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply pending migrations.")

    @OptionGroup var dataOptions: DataOptions

    func run() async throws {
        let logger = Logs.bootstrap()
        let database = try await DatabaseOpener.open(
            url: dataOptions.databaseURL, dataDirectory: dataOptions.url, logger: logger, migrate: false)
        let applied = try await Migrator.migrate(database, logger: logger)
        let all = try await Migrator.appliedVersions(database)
        try await database.close()
        let line =
            "migrations applied now: \(applied.isEmpty ? "none" : applied.map(String.init).joined(separator: ", "));"
            + " schema version \(all.max() ?? 0)\n"
        FileHandle.standardOutput.write(Data(line.utf8))
    }
}
