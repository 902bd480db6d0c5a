import ArgumentParser
import Foundation
import GridHubCore
import GridHubStore

/// `gridhub apikey add|list|revoke`: keys Open311 clients file requests with. A key is printed once
/// and only its hash is stored; works beside a running server (the database takes care of that).
struct ApiKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apikey", abstract: "Manage Open311 client API keys.", subcommands: [Add.self, List.self, Revoke.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a key for a client app and print it (once).")
        @OptionGroup var dataOptions: DataOptions
        @Argument(help: "The client app's id (lowercase letters, digits, '-' or '_'); its reports carry it as `app`.")
        var name: String

        func run() async throws {
            let (key, secret) = try await dataOptions.withDatabase(audit: .apiKeyCreate, subject: "app:\(name)") { db in
                try await ApiKeyStore(database: db).add(name: name)
            }
            say("api key #\(key.id) for \(key.name) (shown once, keep it safe):\n\(secret)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys: id, app, prefix, made, last used, state.")
        @OptionGroup var dataOptions: DataOptions

        func run() async throws {
            let keys = try await dataOptions.withDatabase { db in try await ApiKeyStore(database: db).list() }
            guard !keys.isEmpty else { return say("no api keys") }
            let day = { (d: Date?) in d.map { Open311Time.format($0) } ?? "-" }
            for k in keys {
                say(
                    [
                        String(k.id), k.name, k.prefix + "…", day(k.createdAt), day(k.lastUsedAt),
                        k.revokedAt == nil ? "active" : "revoked",
                    ]
                    .joined(separator: "\t"))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key by its id or listed prefix.")
        @OptionGroup var dataOptions: DataOptions
        @Argument(help: "The key's id or prefix, as `gridhub apikey list` shows them.") var key: String

        func run() async throws {
            let revoked = try await dataOptions.withDatabase(audit: .apiKeyRevoke, subject: "api_key:\(key)") { db in
                try await ApiKeyStore(database: db).revoke(key)
            }
            guard !revoked.isEmpty else { throw ValidationError("No active key with id or prefix '\(key)'.") }
            for k in revoked { say("api key #\(k.id) of \(k.name) revoked") }
        }
    }
}

/// `gridhub jurisdiction`: the Open311 `jurisdiction_id` a street answers to.
struct JurisdictionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jurisdiction", abstract: "Show or set a street's Open311 jurisdiction_id.")
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var streetOption: StreetOption
    @Argument(help: "The new jurisdiction_id (a domain such as yongchang.changchun.gov.cn); omit to show it.")
    var jurisdiction: String?

    func run() async throws {
        let street = try await dataOptions.withDatabase { db in
            let street = try await streetOption.resolveStreet(db)
            if let jurisdiction {
                guard jurisdiction.count <= 200, !jurisdiction.contains(where: \.isWhitespace) else {
                    throw ValidationError("A jurisdiction_id is up to 200 characters without spaces.")
                }
                _ = try await Open311Store(database: db).setJurisdiction(streetCode: street.code, to: jurisdiction)
            }
            return street
        }
        say("\(street.code) \(street.name): \(jurisdiction ?? street.jurisdiction ?? "(none)")")
    }
}
