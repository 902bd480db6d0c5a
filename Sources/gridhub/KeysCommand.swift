import ArgumentParser
import Foundation
import GridHubCore
import GridHubStore

/// `gridhub keys rotate|status`: the data keys that seal ID numbers and phones. The master key that
/// wraps them is `GRIDHUB_MASTER_KEY` or `<data>/master.key`; keep a copy of it apart from backups.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Personal-data keys: show them, or rotate the sealing key.",
        subcommands: [Status.self, Rotate.self])

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The master key's id and the active sealing key.")
        @OptionGroup var dataOptions: DataOptions

        func run() async throws {
            let master = try MasterKey.load(dataDirectory: dataOptions.url)
            let key = try await dataOptions.withDatabase { db in try await PersonalDataVault.open(db, master: master).activeKeyID
            }
            say("master key \(master.id); sealing with \(key)")
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a new sealing key and re-seal every ID number, phone and record version with it.")
        @OptionGroup var dataOptions: DataOptions

        func run() async throws {
            let master = try MasterKey.load(dataDirectory: dataOptions.url)
            let (key, count) = try await dataOptions.withDatabase(audit: .keyRotate, subject: "data_keys") { db in
                try await PersonalDataVault.open(db, master: master).rotate(db)
            }
            say("sealing with \(key); \(count) rows re-sealed")
        }
    }
}
