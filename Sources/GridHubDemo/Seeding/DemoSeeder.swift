import Foundation
import GridHubCore
import GridHubStore
import HummingbirdBcrypt
import Logging
import SQLKit

/// Writes the demo street (``DemoStreet``) into an empty database in one transaction.
public struct DemoSeeder: Sendable {
    let database: any Database
    let photos: PhotoStore
    /// Seals the register's personal data; without one, the demo has no register (the test templates).
    let vault: PersonalDataVault?

    public init(database: any Database, photos: PhotoStore, vault: PersonalDataVault? = nil) {
        self.database = database
        self.photos = photos
        self.vault = vault
    }

    /// Counts of what was written, for the start-up message and tests.
    public struct Summary: Sendable, Equatable, CustomStringConvertible {
        public var communities = 0
        public var grids = 0
        public var buildings = 0
        public var units = 0
        public var departments = 0
        public var catalogItems = 0
        public var accounts = 0
        public var cases = 0
        public var patrols = 0
        public var residents = 0
        public var meals = 0

        public var description: String {
            "\(communities) communities, \(grids) grids, \(buildings) buildings, \(units) units, \(accounts) accounts, "
                + "\(catalogItems) catalogue items, \(cases) cases, \(patrols) patrols, \(residents) residents, \(meals) meals"
        }
    }

    /// Seeds only an empty database; returns nil (and writes nothing) when data is already there.
    /// `patrols: false` leaves out the month of patrol history (about 90,000 fixes), for the test
    /// suites that copy the demo many times and build their patrol tests on worlds of their own.
    public func seedIfEmpty(seed: UInt64 = 2_023, today: Date = Date(), patrols: Bool = true, logger: Logger) async throws
        -> Summary?
    {
        guard try await OrgStore(database: database).isEmpty() else { return nil }
        let plan = DemoStreet(seed: seed, today: today)
        // One hash for every demo account: bcrypt is slow on purpose, 1,600 of them would take minutes.
        let hash = Bcrypt.hash(DemoStreet.demoPassword, cost: 10)
        let photo = try photos.save(DemoPhoto.bytes)
        let work = CaseWork(database: database)
        let summary = try await database.write { sql in
            try await Self.write(plan, passwordHash: hash, photo: photo, work: work, today: today, patrols: patrols, sql)
        }
        var result = summary
        if let vault {
            let care = try await DemoCare(database: database, vault: vault, street: plan, today: today).seed(logger: logger)
            (result.residents, result.meals) = (care.residents, care.meals)
            try await DemoPoints(database: database, today: today).seed(logger: logger)
            try await DemoDeliberation(database: database, photos: photos, today: today).seed(logger: logger)
            try await DemoInsight(database: database, photos: photos, today: today).seed(logger: logger)
        }
        logger.info("demo street seeded", metadata: ["grids": "\(result.grids)", "cases": "\(result.cases)"])
        return result
    }

    static func write(
        _ plan: DemoStreet, passwordHash: String, photo: StoredPhoto, work: CaseWork, today: Date, patrols withPatrols: Bool,
        _ sql: any SQLDatabase
    ) async throws -> Summary {
        let created = plan.reports.first?.reportedAt ?? Date()
        let w = try await StreetWriter.write(
            street: plan.street, communities: plan.communities, grids: plan.grids, buildings: plan.buildings,
            accounts: plan.accounts, passwordHash: passwordHash, created: created, sql)
        let (street, grids, streetID, accountIDs) = (w.street, w.grids, w.street.id, w.accounts)
        var summary = Summary(
            communities: w.communityIDs.count, grids: grids.count, buildings: plan.buildings.count, units: w.units,
            departments: w.departmentIDs.count, catalogItems: StandardCatalog.items.count, accounts: accountIDs.count)
        let people = w.principals(plan.accounts)
        let staffOfCommunity = Dictionary(
            uniqueKeysWithValues: plan.accounts.filter { $0.role == .communityStaff }.compactMap { a in
                a.communityIndex.map { (w.communityIDs[$0], a.username) }
            })
        var history = DemoHistory(
            work: work, people: people, streetID: streetID, communityStaff: staffOfCommunity, photo: photo,
            rng: SeededRandom(seed: 90))

        let items = Dictionary(uniqueKeysWithValues: StandardCatalog.items.map { ($0.code, $0) })
        for r in plan.reports {
            let reporter: Reporter
            let label: String
            if let username = r.reporterUsername, let account = accountIDs[username] {
                reporter = .account(id: account.id, role: account.role)
                label = "\(account.name)（\(account.role.chineseName)）"
            } else {
                reporter = .device(id: r.deviceID ?? "rider", phone: nil)
                label = "外卖骑手 · \(r.deviceID ?? "")"
            }
            let submission = ReportSubmission(
                location: r.location, classCode: r.classCode, text: nil, description: r.description, address: nil,
                channel: r.channel, reporter: reporter)
            let placement = Placement(street: street, grid: grids[r.gridIndex], item: items[r.classCode])
            let receipt = try await ReportIntake.record(
                sql, submission, at: placement, photos: [], actorLabel: label, now: r.reportedAt)
            guard !receipt.merged else { continue }
            let reporterPrincipal: Principal? =
                if case .account(let id, let role) = reporter, !role.isStaff {
                    Principal(accountID: id, username: r.reporterUsername ?? "", role: role, streetID: streetID)
                } else { nil }
            try await history.play(
                sql, caseID: receipt.caseID, item: items[r.classCode], gridID: grids[r.gridIndex].id,
                communityID: grids[r.gridIndex].communityID, reportedAt: r.reportedAt, reporter: reporterPrincipal, today: today)
        }
        var patrols = DemoPatrols(
            workers: people.values.filter { $0.role == .gridWorker }.sorted { $0.username < $1.username },
            grids: Dictionary(uniqueKeysWithValues: grids.map { ($0.id, $0) }),
            buildings: Dictionary(grouping: plan.buildings, by: { grids[$0.gridIndex].id }).mapValues { $0.map(\.location) },
            staffOfCommunity: staffOfCommunity.compactMapValues { people[$0] })
        if withPatrols { summary.patrols = try await patrols.write(sql, streetID: streetID, today: today) }
        summary.cases =
            try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("cases").first()?.decode(column: "n", as: Int.self) ?? 0
        return summary
    }
}
