import ArgumentParser
import Foundation
import GridHubCore
import GridHubDemo
import GridHubServer
import GridHubStore
import Logging

/// `gridhub demo`: seed the demo street into an empty data folder without serving; with `--scale N`,
/// add a city of generated streets and N cases over a year (for load and scale tests).
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Seed the demo street (and, with --scale, a city's year of cases) and exit.")

    @OptionGroup var dataOptions: DataOptions

    @Option(help: "Also generate this many cases over the last year, across generated streets (up to 10,000 grids).")
    var scale: Int?

    @Option(
        help:
            "How many streets to generate besides the demo street (default: one per 5,000 cases, at most \(ScaleCity.maxStreets))."
    )
    var streets: Int?

    func validate() throws {
        if let scale, scale < 0 { throw ValidationError("--scale must be 0 or more.") }
        if let streets, !(1...ScaleCity.maxStreets).contains(streets) {
            throw ValidationError("--streets must be 1 to \(ScaleCity.maxStreets) (\(ScaleCity.maxGrids) grids in all).")
        }
    }

    func run() async throws {
        let logger = Logs.bootstrap()
        var configuration = AppConfiguration(
            dataDirectory: dataOptions.url, seed: .demoStreet(), databaseURL: dataOptions.databaseURL)
        // A generated city is written in long transactions (a year's indicator totals in one).
        configuration.databaseOperationLimit = nil
        let runtime = try await GridHubRuntime.start(configuration, logger: logger)
        say(runtime.seeded.map { "seeded: \($0)" } ?? "the data folder already holds data; nothing seeded")
        if let scale, scale > 0 {
            let s = try await ScaleSeeder(database: runtime.database).seed(cases: scale, streets: streets, logger: logger)
            say(
                "generated: \(s.cases) cases with \(s.events) timeline events in \(String(format: "%.1f", s.seconds)) s "
                    + "(\(Int(s.casesPerSecond)) cases/s); \(s.streets) streets, \(s.grids) grids "
                    + "(their organisation and staff written in \(String(format: "%.1f", s.streetSeconds)) s); "
                    + "the indicator totals built in \(String(format: "%.1f", s.indicatorSeconds)) s")
        }
        try await runtime.database.close()
    }
}
