import Foundation
import GridHubCore
import HummingbirdBcrypt
import Logging
import SQLKit

/// Writes the demo street (``DemoStreet``) into an empty database in one transaction.
public struct DemoSeeder: Sendable {
    let database: any Database
    let photos: PhotoStore

    public init(database: any Database, photos: PhotoStore) {
        self.database = database
        self.photos = photos
    }

    /// Counts of what was written, for the start-up message and tests.
    public struct Summary: Sendable, Equatable {
        public var communities = 0
        public var grids = 0
        public var buildings = 0
        public var units = 0
        public var departments = 0
        public var catalogItems = 0
        public var accounts = 0
        public var cases = 0
    }

    /// Seeds only an empty database; returns nil (and writes nothing) when data is already there.
    public func seedIfEmpty(seed: UInt64 = 2_023, today: Date = Date(), logger: Logger) async throws -> Summary? {
        guard try await OrgStore(database: database).isEmpty() else { return nil }
        let plan = DemoStreet(seed: seed, today: today)
        // One hash for every demo account: bcrypt is slow on purpose, 1,600 of them would take minutes.
        let hash = Bcrypt.hash(DemoStreet.demoPassword, cost: 10)
        let photo = try photos.save(DemoPhoto.bytes)
        let work = CaseWork(database: database)
        let summary = try await database.write { sql in
            try await Self.write(plan, passwordHash: hash, photo: photo, work: work, today: today, sql)
        }
        logger.info("demo street seeded", metadata: ["grids": "\(summary.grids)", "cases": "\(summary.cases)"])
        return summary
    }

    static func write(
        _ plan: DemoStreet, passwordHash: String, photo: StoredPhoto, work: CaseWork, today: Date, _ sql: any SQLDatabase
    ) async throws -> Summary {
        var summary = Summary()
        let s = plan.street
        let streetID = try await sql.insertReturningID(
            into: "streets",
            StreetRow(
                code: s.code, name: s.name, districtName: s.districtName, cityName: s.cityName,
                trackingPrefix: s.trackingPrefix, jurisdiction: s.jurisdiction))
        var street = s
        street.id = streetID

        var communityIDs = [Int64]()
        for c in plan.communities {
            communityIDs.append(
                try await sql.insertReturningID(into: "communities", CommunityRow(streetId: streetID, code: c.code, name: c.name))
            )
        }
        summary.communities = communityIDs.count

        var grids = [Grid]()
        for g in plan.grids {
            let communityID = communityIDs[g.communityIndex]
            let id = try await sql.insertReturningID(
                into: "grids",
                GridRow(streetID: streetID, communityID: communityID, code: g.code, name: g.name, boundary: g.boundary))
            grids.append(
                Grid(id: id, streetID: streetID, communityID: communityID, code: g.code, name: g.name, boundary: g.boundary))
        }
        summary.grids = grids.count

        for b in plan.buildings {
            let id = try await sql.insertReturningID(
                into: "buildings",
                BuildingRow(
                    streetId: streetID, gridId: grids[b.gridIndex].id, name: b.name, lat: b.location.lat,
                    lon: b.location.lon, floors: b.floors))
            for unit in b.units {
                try await sql.insertRow(into: "units", UnitRow(buildingId: id, name: unit))
                summary.units += 1
            }
            summary.buildings += 1
        }

        var departmentIDs = [String: Int64]()
        for d in StandardCatalog.departments {
            departmentIDs[d.code] = try await sql.insertReturningID(
                into: "departments", DepartmentRow(streetId: streetID, code: d.code, name: d.name, stationed: d.stationed))
        }
        summary.departments = departmentIDs.count
        try await CatalogStore.insert(sql, streetID: streetID, items: StandardCatalog.items)
        summary.catalogItems = StandardCatalog.items.count

        let created = plan.reports.first?.reportedAt ?? Date()
        var accountIDs = [String: (id: Int64, role: Role, name: String)]()
        var people = [String: Principal]()
        for a in plan.accounts {
            let id = try await AccountStore.create(
                sql,
                NewAccount(
                    username: a.username, displayName: a.displayName, passwordHash: passwordHash, role: a.role,
                    streetID: streetID, communityID: a.communityIndex.map { communityIDs[$0] },
                    departmentID: a.departmentCode.flatMap { departmentIDs[$0] },
                    gridIDs: a.role == .gridWorker ? a.gridIndexes.map { grids[$0].id } : []),
                now: created)
            accountIDs[a.username] = (id, a.role, a.displayName)
            if a.role.isStaff {
                people[a.username] = Principal(
                    accountID: id, username: a.username, role: a.role, streetID: streetID,
                    communityID: a.communityIndex.map { communityIDs[$0] },
                    departmentID: a.departmentCode.flatMap { departmentIDs[$0] },
                    gridIDs: a.role == .gridWorker ? a.gridIndexes.map { grids[$0].id } : [])
            }
        }
        let staffOfCommunity = Dictionary(
            uniqueKeysWithValues: plan.accounts.filter { $0.role == .communityStaff }.compactMap { a in
                a.communityIndex.map { (communityIDs[$0], a.username) }
            })
        var history = DemoHistory(
            work: work, people: people, streetID: streetID, communityStaff: staffOfCommunity, photo: photo,
            rng: SeededRandom(seed: 90))
        summary.accounts = accountIDs.count

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
        summary.cases =
            try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("cases").first()?.decode(column: "n", as: Int.self) ?? 0
        return summary
    }
}
