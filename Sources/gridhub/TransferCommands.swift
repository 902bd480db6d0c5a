import ArgumentParser
import Foundation
import GridHubCore
import GridHubServer
import GridHubStore

/// `gridhub export`: every row and photo of the data folder into an archive folder.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export the whole database and its photos.")
    @OptionGroup var dataOptions: DataOptions
    @Option(help: "Archive folder to create.") var out: String

    func run() async throws {
        let photos = PhotoStore(root: AppConfiguration(dataDirectory: dataOptions.url).photoDirectory)
        let manifest = try await dataOptions.withDatabase(audit: .export, subject: out) { db in
            try await DataTransfer.export(db, photos: photos, to: URL(fileURLWithPath: out, isDirectory: true))
        }
        FileHandle.standardOutput.write(Data(TransferSummary.text(manifest, verb: "exported").utf8))
    }
}

/// `gridhub import`: an archive into an empty data folder, checked table by table.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Import an archive into an empty database.")
    @OptionGroup var dataOptions: DataOptions
    @Option(help: "Archive folder made by `gridhub export`.") var from: String

    func run() async throws {
        let photos = PhotoStore(root: AppConfiguration(dataDirectory: dataOptions.url).photoDirectory)
        let manifest = try await dataOptions.withDatabase(audit: .import, subject: from) { db in
            try await DataTransfer.import(db, photos: photos, from: URL(fileURLWithPath: from, isDirectory: true))
        }
        FileHandle.standardOutput.write(Data(TransferSummary.text(manifest, verb: "imported").utf8))
    }
}

enum TransferSummary {
    static func text(_ m: ArchiveManifest, verb: String) -> String {
        let rows = m.tables.map(\.rows).reduce(0, +)
        let cases = m.tables.first { $0.name == "cases" }?.rows ?? 0
        return
            "\(verb) \(rows) rows in \(m.tables.count) tables (\(cases) cases) and \(m.photos) photos; schema \(m.schemaVersion)\n"
    }
}
