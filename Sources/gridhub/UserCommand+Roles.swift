import ArgumentParser
import Foundation
import GridHubCore
import GridHubStore

extension UserCommand {
    /// `gridhub user grant`: a further role for an account (a grid worker who is also community staff).
    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give an account a further role, held in a community or department (grid workers: in the account's grids).")

        @OptionGroup var dataOptions: DataOptions
        @Option(help: "Sign-in name.") var username: String
        @Option(help: "Role: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: String
        @Option(help: "Community code (12 digits), for community staff.") var community: String?
        @Option(help: "Department code (e.g. PS), for department handlers and the enforcement team.") var department: String?

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("Unknown role '\(self.role)'.") }
            try await dataOptions.withDatabase(audit: .roleGrant, subject: "account:\(username) role:\(role.rawValue)") { db in
                let units = try await UnitCodes(db, street: nil)
                try await AccountStore(database: db).grant(
                    role, to: username, communityID: try await community.asyncMap { try await units.community($0) },
                    departmentID: try await department.asyncMap { try await units.department($0) })
            }
            FileHandle.standardOutput.write(Data("account \(username) also holds \(role.rawValue) (\(role.chineseName))\n".utf8))
        }
    }

    /// `gridhub user revoke-role`: takes a further role away.
    struct RevokeRole: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke-role", abstract: "Take a further role away.")

        @OptionGroup var dataOptions: DataOptions
        @Option(help: "Sign-in name.") var username: String
        @Option(help: "The further role to take away.") var role: String

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("Unknown role '\(self.role)'.") }
            try await dataOptions.withDatabase(audit: .roleRevoke, subject: "account:\(username) role:\(role.rawValue)") { db in
                try await AccountStore(database: db).revoke(role, from: username)
            }
            FileHandle.standardOutput.write(Data("account \(username) no longer holds \(role.rawValue)\n".utf8))
        }
    }
}

/// Finds a street's units by the codes people type (street, community, department, grid).
struct UnitCodes {
    let org: OrgStore
    let street: Street?

    /// The street named by `code`, or the only one.
    init(_ db: any Database, street code: String?) async throws {
        org = OrgStore(database: db)
        let streets = try await org.streets()
        street = code.map { c in streets.first { $0.code == c } } ?? (streets.count == 1 ? streets.first : nil)
        if let code, street == nil { throw ValidationError("No street with code \(code).") }
    }

    func community(_ code: String) async throws -> Int64 {
        guard let c = try await org.communities(streetID: street?.id).first(where: { $0.code == code }) else {
            throw ValidationError("No community with code \(code).")
        }
        return c.id
    }

    func department(_ code: String) async throws -> Int64 {
        guard let s = street, let d = try await org.department(streetID: s.id, code: code) else {
            throw ValidationError("No department \(code) in this street.")
        }
        return d.id
    }

    func grid(_ code: String) async throws -> Int64 {
        guard let g = try await org.grid(code: code) else { throw ValidationError("No grid with code \(code).") }
        return g.id
    }
}
