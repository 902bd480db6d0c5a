import ArgumentParser

/// `gridhub`: the digital hub of a street and its communities, in one binary.
@main
struct GridHubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gridhub",
        abstract: "GridHub — grassroots governance for a street (街道) and its communities.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, DemoCommand.self, UserCommand.self, WebhookCommand.self, ExportCommand.self,
            ImportCommand.self, ApiKeyCommand.self, JurisdictionCommand.self, AuditCommand.self, BackupCommand.self,
            RestoreCommand.self, StreetCommand.self, DeviceCommand.self, KeysCommand.self, IndicatorsCommand.self,
        ],
        defaultSubcommand: ServeCommand.self)
}
