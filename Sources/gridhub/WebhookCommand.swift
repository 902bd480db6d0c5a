import ArgumentParser
import Foundation
import GridHubCore
import GridHubStore

/// `gridhub webhook add|list|revoke`: where a client app (e.g. the riders' mini-program) receives its
/// reporters' notifications, signed with a secret that is printed once.
struct WebhookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhook", abstract: "Manage client apps' notification webhooks.",
        subcommands: [Add.self, List.self, Revoke.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register (or replace) an app's webhook and print its secret.")
        @OptionGroup var dataOptions: DataOptions
        @OptionGroup var streetOption: StreetOption
        @Option(help: "The app id reports carry in their `app` field.") var app: String
        @Option(help: "The http(s) URL to POST to.") var url: String

        func run() async throws {
            let secret = try await dataOptions.withDatabase(audit: .webhookCreate, subject: "app:\(app)") { db in
                try await WebhookStore(database: db).register(streetID: try await streetOption.resolve(db), app: app, url: url)
            }
            FileHandle.standardOutput.write(Data("webhook of \(app) → \(url)\nsecret (shown once): \(secret)\n".utf8))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the webhooks of a street.")
        @OptionGroup var dataOptions: DataOptions
        @OptionGroup var streetOption: StreetOption

        func run() async throws {
            let hooks = try await dataOptions.withDatabase { db in
                try await WebhookStore(database: db).list(streetID: try await streetOption.resolve(db))
            }
            let lines = hooks.map { "\($0.app)\t\($0.url)\t\($0.revoked ? "revoked" : "active")" }.joined(separator: "\n")
            FileHandle.standardOutput.write(Data((lines.isEmpty ? "no webhooks" : lines).utf8 + Data("\n".utf8)))
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop posting to an app's webhook.")
        @OptionGroup var dataOptions: DataOptions
        @OptionGroup var streetOption: StreetOption
        @Option(help: "The app id.") var app: String

        func run() async throws {
            try await dataOptions.withDatabase(audit: .webhookRevoke, subject: "app:\(app)") { db in
                try await WebhookStore(database: db).revoke(streetID: try await streetOption.resolve(db), app: app)
            }
            FileHandle.standardOutput.write(Data("webhook of \(app) revoked\n".utf8))
        }
    }
}
