import ArgumentParser
import Foundation
import GridHubCore
import GridHubStore

/// `gridhub device add|list|remove`: the trackers (a worker's patrol phone running Traccar Client or any
/// OsmAnd app) whose fixes `/osmand` accepts, each registered to one account.
struct DeviceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "device", abstract: "Manage patrol trackers (OsmAnd device ids).",
        subcommands: [Add.self, List.self, Remove.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a device id to an account.")
        @OptionGroup var dataOptions: DataOptions
        @Option(help: "The worker's username.") var account: String
        @Option(help: "The device id the tracker sends (Traccar Client: 'Device identifier').") var id: String
        @Option(help: "A label, such as the phone's model.") var label: String?

        func run() async throws {
            let tracker = try await dataOptions.withDatabase(audit: .trackerAdd, subject: "device:\(id)") { db in
                try await Trackers(database: db).add(id, username: account, label: label)
            }
            say("device \(tracker.deviceID) registered to \(tracker.username)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List devices: id, account, label, added, last seen.")
        @OptionGroup var dataOptions: DataOptions
        @Option(help: "Only this account's devices.") var account: String?

        func run() async throws {
            let all = try await dataOptions.withDatabase { db in try await Trackers(database: db).list(username: account) }
            guard !all.isEmpty else { return say("no devices") }
            let day = { (d: Date?) in d.map { Open311Time.format($0) } ?? "-" }
            for t in all {
                say([t.deviceID, t.username, t.label ?? "-", day(t.addedAt), day(t.lastSeenAt)].joined(separator: "\t"))
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a device id.")
        @OptionGroup var dataOptions: DataOptions
        @Argument(help: "The device id.") var id: String

        func run() async throws {
            let removed = try await dataOptions.withDatabase(audit: .trackerRemove, subject: "device:\(id)") { db in
                try await Trackers(database: db).remove(id)
            }
            guard removed else { throw ValidationError("No device '\(id)'.") }
            say("device \(id) removed")
        }
    }
}
