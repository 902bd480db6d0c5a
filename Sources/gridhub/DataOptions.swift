import ArgumentParser
import Foundation
import GridHubServer
import Logging

/// Where the data lives; every command that touches data takes these.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: "Data folder (database, photos, keys). Env: GRIDHUB_DATA.")
    var data: String = ProcessInfo.processInfo.environment["GRIDHUB_DATA"] ?? "./gridhub-data"

    var url: URL { URL(fileURLWithPath: data, isDirectory: true) }
}

enum Logs {
    /// Logs go to standard error as one key=value line each, at GRIDHUB_LOG_LEVEL (default info).
    static func bootstrap() -> Logger {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        var logger = Logger(label: "gridhub")
        logger.logLevel = ProcessInfo.processInfo.environment["GRIDHUB_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
        return logger
    }
}
