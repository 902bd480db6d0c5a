import Foundation
import GridHubCore
import GridHubStore
import SQLKit

/// Who acts in the generated cases, per street, community, grid and department, read once from the
/// accounts table: the scale generator names real accounts in every timeline event.
struct ScaleCast: Sendable {
    struct Person: Sendable {
        var id: Int64
        var role: Role
        var label: String
    }

    var streets: [Int64: Street] = [:]
    var grids: [Grid] = []
    var departmentIDs: [Int64: [String: Int64]] = [:]
    var centre: [Int64: Person] = [:]
    var communityStaff: [Int64: Person] = [:]
    var gridWorker: [Int64: Person] = [:]
    var handlers: [Int64: [String: Person]] = [:]
    var residents: [Int64: [Person]] = [:]

    static func load(_ database: any Database) async throws -> ScaleCast {
        var cast = ScaleCast()
        let org = OrgStore(database: database)
        for s in try await org.streets() { cast.streets[s.id] = s }
        cast.grids = try await org.grids()
        return try await database.read { [cast] sql in try await cast.loadPeople(sql) }
    }

    private func loadPeople(_ sql: any SQLDatabase) async throws -> ScaleCast {
        var cast = self
        for row in try await sql.select().columns("id", "street_id", "code").from("departments").all() {
            let street = try row.decode(column: "street_id", as: Int64.self)
            cast.departmentIDs[street, default: [:]][try row.decode(column: "code", as: String.self)] =
                try row.decode(column: "id", as: Int64.self)
        }
        let codeOfDepartment = Dictionary(
            uniqueKeysWithValues: cast.departmentIDs.values.flatMap { $0.map { ($0.value, $0.key) } })
        var workerOfAccount = [Int64: [Int64]]()
        for row in try await sql.select().columns("account_id", "grid_id").from("account_grids").all() {
            workerOfAccount[try row.decode(column: "account_id", as: Int64.self), default: []].append(
                try row.decode(column: "grid_id", as: Int64.self))
        }
        let rows = try await sql.select().columns("id", "role", "display_name", "street_id", "community_id", "department_id")
            .from("accounts").where("disabled", .equal, false).orderBy("id").all()
        for row in rows {
            guard let role = Role(rawValue: try row.decode(column: "role", as: String.self)),
                let street = try row.decode(column: "street_id", as: Int64?.self)
            else { continue }
            let id = try row.decode(column: "id", as: Int64.self)
            let person = Person(
                id: id, role: role, label: "\(try row.decode(column: "display_name", as: String.self))（\(role.chineseName)）")
            switch role {
            case .commandCentre: cast.centre[street] = cast.centre[street] ?? person
            case .communityStaff:
                if let c = try row.decode(column: "community_id", as: Int64?.self) {
                    cast.communityStaff[c] = cast.communityStaff[c] ?? person
                }
            case .gridWorker: for g in workerOfAccount[id] ?? [] { cast.gridWorker[g] = cast.gridWorker[g] ?? person }
            case .departmentHandler, .enforcementTeam:
                if let d = try row.decode(column: "department_id", as: Int64?.self), let code = codeOfDepartment[d] {
                    cast.handlers[street, default: [:]][code] = cast.handlers[street]?[code] ?? person
                }
            case .resident, .buildingHead, .unitHead: cast.residents[street, default: []].append(person)
            case .leader, .canteenStaff: break
            }
        }
        return cast
    }

    /// The account behind a story's actor in this case's street, community and grid.
    func person(_ actor: CaseStory.Actor, grid: Grid) -> Person? {
        switch actor {
        case .reporter, .system: nil
        case .gridWorker: gridWorker[grid.id]
        case .centre: centre[grid.streetID]
        case .community: communityStaff[grid.communityID]
        case .department(let code): handlers[grid.streetID]?[code]
        }
    }
}
