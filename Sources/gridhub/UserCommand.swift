import ArgumentParser
import Foundation
import GridHubCore
import GridHubStore
import HummingbirdBcrypt

/// `gridhub user add|passwd|disable|enable|grant|revoke-role`: manage accounts from the shell.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage accounts.",
        subcommands: [Add.self, Passwd.self, Disable.self, Enable.self, Grant.self, RevokeRole.self])

    /// The password from GRIDHUB_PASSWORD, or one line of standard input.
    static func readPassword() throws -> String {
        let password = ProcessInfo.processInfo.environment["GRIDHUB_PASSWORD"] ?? readLine(strippingNewline: true) ?? ""
        try LoginPolicy.validateNewPassword(password)
        return password
    }

    static func setDisabled(_ options: DataOptions, _ username: String, _ disabled: Bool) async throws {
        try await options.withDatabase(audit: disabled ? .accountDisable : .accountEnable, subject: "account:\(username)") { db in
            try await AccountStore(database: db).setDisabled(username: username, disabled)
        }
        FileHandle.standardOutput.write(Data("account \(username) \(disabled ? "disabled" : "enabled")\n".utf8))
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an account; the password is read from GRIDHUB_PASSWORD or standard input.")

        @OptionGroup var dataOptions: DataOptions
        @Option(help: "Sign-in name.") var username: String
        @Option(help: "Role: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: String
        @Option(help: "Display name (中文姓名).") var name: String
        @Option(help: "Street code (9 digits); defaults to the only street.") var street: String?
        @Option(help: "Community code (12 digits).") var community: String?
        @Option(help: "Department code (e.g. PS for 排水).") var department: String?
        @Option(help: "Grid code (15 digits); repeat for several.") var grid: [String] = []
        @Option(help: "Phone number.") var phone: String?

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("Unknown role '\(self.role)'.") }
            let password = try UserCommand.readPassword()
            try await dataOptions.withDatabase(audit: .accountCreate, subject: "account:\(username)") { db in
                try await create(db, role: role, password: password)
            }
        }

        func create(_ db: any Database, role: Role, password: String) async throws {
            let units = try await UnitCodes(db, street: street)
            let communityID = try await community.asyncMap { try await units.community($0) }
            let departmentID = try await department.asyncMap { try await units.department($0) }
            var gridIDs = [Int64]()
            for code in grid { gridIDs.append(try await units.grid(code)) }
            let id = try await AccountStore(database: db).create(
                NewAccount(
                    username: username, displayName: name, passwordHash: Bcrypt.hash(password, cost: 12), role: role,
                    streetID: units.street?.id, communityID: communityID, departmentID: departmentID, gridIDs: gridIDs,
                    phone: phone))
            FileHandle.standardOutput.write(Data("account \(username) created (id \(id), \(role.chineseName))\n".utf8))
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a new password (GRIDHUB_PASSWORD or standard input); also clears a lock.")
        @OptionGroup var dataOptions: DataOptions
        @Option(help: "Sign-in name.") var username: String

        func run() async throws {
            let password = try UserCommand.readPassword()
            try await dataOptions.withDatabase(audit: .passwordChange, subject: "account:\(username)") { db in
                try await AccountStore(database: db).setPassword(
                    username: username, passwordHash: Bcrypt.hash(password, cost: 12))
            }
            FileHandle.standardOutput.write(Data("password of \(username) changed\n".utf8))
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account and revoke its refresh tokens.")
        @OptionGroup var dataOptions: DataOptions
        @Option(help: "Sign-in name.") var username: String

        func run() async throws { try await UserCommand.setDisabled(dataOptions, username, true) }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account.")
        @OptionGroup var dataOptions: DataOptions
        @Option(help: "Sign-in name.") var username: String

        func run() async throws { try await UserCommand.setDisabled(dataOptions, username, false) }
    }
}
