import Foundation
import Testing

@testable import GridHubCore
@testable import GridHubDemo

@Suite("The demo street")
struct DemoStreetTests {
    static let today = Date(timeIntervalSince1970: 1_795_000_000)
    static let street = DemoStreet(today: today)

    @Test("48 grids in 6 communities, 长山花园 with 10 and 牡丹园 among them")
    func shape() {
        let s = Self.street
        #expect(s.grids.count == 48)
        #expect(s.communities.count == 6)
        #expect(s.communities.map(\.name).contains("牡丹园社区"))
        #expect(s.grids.filter { $0.communityIndex == 0 }.count == 10)
        #expect(Set(s.grids.map(\.code)).count == 48)
        #expect(s.grids.allSatisfy { $0.code.streetCode == "220104001" })
    }

    @Test("the grids tile about 1.97 km² without gaps or overlaps")
    func tiling() {
        let grids = Self.street.grids
        let total = grids.map(\.boundary.areaSquareMetres).reduce(0, +)
        #expect(abs(total - 1_970_000) < 20_000)
        let index = GridIndex(grids.enumerated().map { (key: $0.offset, polygon: $0.element.boundary) })
        let box = grids.dropFirst().reduce(grids[0].boundary.boundingBox) { $0.union($1.boundary.boundingBox) }
        var rng = SeededRandom(seed: 3)
        for _ in 0..<3_000 {
            let p = Coordinate(
                lat: box.minLat + rng.unit() * (box.maxLat - box.minLat),
                lon: box.minLon + rng.unit() * (box.maxLon - box.minLon))
            let inside = grids.filter { $0.boundary.locate(p) == .inside }.count
            #expect(inside <= 1)  // no overlap
            #expect(index.locate(p) != nil)  // no gap inside the street's rectangle
        }
    }

    @Test("493 buildings with 924 units, each inside its grid")
    func buildings() {
        let s = Self.street
        #expect(s.buildings.count == 493)
        #expect(s.buildings.map(\.units.count).reduce(0, +) == 924)
        for b in s.buildings { #expect(s.grids[b.gridIndex].boundary.locate(b.location) == .inside) }
    }

    @Test("the three heads and the staff: 48 grid workers, 493 building heads, 924 unit heads")
    func people() {
        let roles = Dictionary(grouping: Self.street.accounts, by: \.role).mapValues(\.count)
        #expect(roles[.gridWorker] == 48)
        #expect(roles[.buildingHead] == 493)
        #expect(roles[.unitHead] == 924)
        #expect(roles[.commandCentre] == 1 && roles[.leader] == 1 && roles[.communityStaff] == 6)
        #expect((roles[.departmentHandler] ?? 0) + (roles[.enforcementTeam] ?? 0) == StandardCatalog.departments.count)
        let names = Self.street.accounts.map(\.username)
        #expect(Set(names).count == names.count)
    }

    @Test("a few hundred reports over the last 90 days, each inside its grid")
    func history() {
        let reports = Self.street.reports
        #expect((200...500).contains(reports.count))
        for r in reports {
            #expect(r.reportedAt <= Self.today && r.reportedAt > Self.today.addingTimeInterval(-91 * 86_400))
            #expect(Self.street.grids[r.gridIndex].boundary.locate(r.location) == .inside)
        }
    }

    @Test("the same seed gives the same street; another seed another")
    func deterministic() {
        let again = DemoStreet(today: Self.today)
        #expect(again.grids.map(\.boundary) == Self.street.grids.map(\.boundary))
        #expect(again.reports.map(\.location) == Self.street.reports.map(\.location))
        let other = DemoStreet(seed: 99, today: Self.today)
        #expect(other.grids.map(\.boundary) != Self.street.grids.map(\.boundary))
    }
}

@Suite("The demo's register")
struct DemoRegisterTests {
    static let today = CivilDate(year: 2026, month: 11, day: 30)!

    @Test("about 34,000 residents in believable shares, every line one the import takes")
    func shares() throws {
        let register = DemoRegister(DemoStreet(seed: 2_023, today: Self.today.start), today: Self.today)
        #expect((30_000...38_000).contains(register.residents))
        var lines: [RegisterSheet.Line] = []
        for (_, csv) in register.sheets {
            let sheet = try RegisterSheet(bytes: Array(csv.utf8), today: Self.today)
            #expect(sheet.problems.isEmpty)
            lines += sheet.lines
        }
        #expect(lines.count == register.residents)
        let elderly = lines.filter { ($0.resident.birthDate?.years(to: Self.today) ?? 0) >= 60 }.count
        #expect((0.15...0.25).contains(Double(elderly) / Double(lines.count)))
        let count = { (tag: ResidentTag) in lines.filter { $0.resident.tags.contains(tag) }.count }
        #expect((300...1_000).contains(count(.livingAlone) + count(.emptyNest)))  // "a few hundred"
        #expect((80...200).contains(count(.disabled)) && (35...100).contains(count(.lowIncome)))
        let changshan = Set(lines.filter { $0.partyMember && $0.building.hasPrefix("长山花园") }.map { "\($0.building)/\($0.unit)/\($0.room)" })
        #expect(changshan.count == 161)
    }
}
