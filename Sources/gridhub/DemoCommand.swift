import ArgumentParser
import Foundation
import GridHubServer
import GridHubStore
import Logging

/// `gridhub demo`: seed the demo street into an empty data folder without serving.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Seed the demo street and exit.")

    @OptionGroup var dataOptions: DataOptions

    func run() async throws {
        let logger = Logs.bootstrap()
        let runtime = try await GridHubRuntime.start(
            AppConfiguration(dataDirectory: dataOptions.url, demo: true, databaseURL: dataOptions.databaseURL), logger: logger)
        try await runtime.database.close()
        let line =
            runtime.demoSummary.map {
                "seeded: \($0.communities) communities, \($0.grids) grids, \($0.buildings) buildings, \($0.units) units, "
                    + "\($0.accounts) accounts, \($0.catalogItems) catalogue items, \($0.cases) cases\n"
            } ?? "the data folder already holds data; nothing seeded\n"
        FileHandle.standardOutput.write(Data(line.utf8))
    }
}
