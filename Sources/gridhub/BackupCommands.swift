import ArgumentParser
import Foundation
import GridHubCore
import GridHubServer
import GridHubStore

/// `gridhub backup`: a consistent copy of the embedded database and its photos, taken while the server runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Back up the SQLite database and its photos into a new folder, while serving.")
    @OptionGroup var dataOptions: DataOptions
    @Option(help: "The backup folder to create.") var out: String

    func run() async throws {
        guard dataOptions.databaseURL == nil else {
            throw ValidationError("On PostgreSQL, back up with pg_dump (and copy the photos folder); this command is for SQLite.")
        }
        let photos = PhotoStore(root: AppConfiguration(dataDirectory: dataOptions.url).photoDirectory)
        let manifest = try await dataOptions.withDatabase(audit: .backup, subject: out) { db in
            guard let sqlite = db as? SQLiteDatabase else { throw ValidationError("Not an SQLite database.") }
            return try await Backup.make(sqlite, photos: photos, to: URL(fileURLWithPath: out, isDirectory: true))
        }
        say("backup in \(out): database sha256 \(manifest.databaseSHA256), \(manifest.photos) photos")
    }
}

/// `gridhub restore`: a backup into an empty data folder, checked before anything is written.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Restore a backup folder into an empty data folder (--data).")
    @OptionGroup var dataOptions: DataOptions
    @Option(help: "The backup folder made by `gridhub backup`.") var from: String

    func run() async throws {
        let manifest = try await Backup.restore(from: URL(fileURLWithPath: from, isDirectory: true), into: dataOptions.url)
        try await dataOptions.withDatabase(audit: .restore, subject: from) { _ in }
        say("restored \(from) (made \(Open311Time.format(manifest.madeAt)), \(manifest.photos) photos) into \(dataOptions.data)")
    }
}

/// `gridhub street`: a street's settings.
struct StreetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "street", abstract: "Change a street's settings.", subcommands: [Settings.self])

    struct Settings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Set whether the one who handled a case may also check it (核查; off by default).")
        @OptionGroup var dataOptions: DataOptions
        @OptionGroup var streetOption: StreetOption
        @Option(help: "true or false.") var handlerMayCheck: Bool

        func run() async throws {
            let street = try await dataOptions.withDatabase(audit: .streetSettings, subject: "handler_may_check=\(handlerMayCheck)") { db in
                let street = try await streetOption.resolveStreet(db)
                try await OrgStore(database: db).setHandlerMayCheck(streetID: street.id, handlerMayCheck)
                return street
            }
            say("\(street.name): handler may check own work = \(handlerMayCheck)")
        }
    }
}
