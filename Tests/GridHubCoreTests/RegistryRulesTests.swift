import Foundation
import GridHubCore
import Testing

@Suite("Registry rules")
struct RegistryRulesTests {
    static let today = CivilDate(year: 2026, month: 11, day: 30)!

    enum People {
        static func idNumber(born birth: String, sequence: Int = 1, male: Bool = true) -> String {
            IDNumber.completing("220104" + birth + String(format: "%03d", (sequence * 2 + (male ? 1 : 0)) % 1000)) ?? ""
        }
    }

    @Test("an ID number is checked by its check digit and birth date, normalised, and masked 6+4")
    func idNumbers() throws {
        // The standard's own example: 11010519491231002X.
        let id = try IDNumber(" 110105 1949 1231 002x ", today: Self.today)
        #expect(id.value == "11010519491231002X" && id.gender == .female)
        #expect(id.birthDate == CivilDate(year: 1949, month: 12, day: 31))
        #expect(id.masked == "110105********002X")
        #expect(try IDNumber("１１０１０５１９４９１２３１００２Ｘ", today: Self.today).value == "11010519491231002X")
        let bad: [String] = [
            "11010519491231002", "110105194912310021", "1101051949123100AX", "110105194902300023",
            People.idNumber(born: "20270101"),
        ]
        for raw in bad {
            #expect(throws: GridHubError.self) { try IDNumber(raw, today: Self.today) }
        }
        let made = People.idNumber(born: "19450307", sequence: 12, male: true)
        #expect(try IDNumber(made, today: Self.today).gender == .male)
    }

    @Test("a phone is a mainland mobile, normalised from +86 and separators, masked 3+4")
    func phones() throws {
        #expect(try PhoneNumber("+86 138-1234-5678").value == "13812345678")
        #expect(try PhoneNumber("13812345678").masked == "138****5678")
        for raw in ["12812345678", "1381234567", "0431-8888888", "138123456789", "abc"] {
            #expect(throws: GridHubError.self) { try PhoneNumber(raw) }
        }
    }

    @Test("a record agrees with its ID number; 高龄 follows from age; 重点关注 needs a reason")
    func records() throws {
        let id = People.idNumber(born: "19400101", male: false)
        let r = try ResidentRecord(
            name: "王秀英", gender: "女", birthDate: nil, idNumber: id, phone: nil, relation: "户主", movedIn: nil, movedOut: nil,
            tags: ["独居老人", "aged_80"], focusReason: nil, today: Self.today)
        #expect(r.birthDate == CivilDate(year: 1940, month: 1, day: 1) && r.tags == [.livingAlone])
        #expect(ResidentTag.effective(r.tags, birthDate: r.birthDate, today: Self.today) == [.livingAlone, .aged80])
        #expect(throws: GridHubError.self) {
            try ResidentRecord(
                name: "王秀英", gender: "男", birthDate: nil, idNumber: id, phone: nil, relation: nil, movedIn: nil,
                movedOut: nil, tags: [], focusReason: nil, today: Self.today)
        }
        #expect(throws: GridHubError.self) {
            try ResidentRecord(
                name: "王秀英", gender: nil, birthDate: "1941-01-01", idNumber: id, phone: nil, relation: nil, movedIn: nil,
                movedOut: nil, tags: [], focusReason: nil, today: Self.today)
        }
        #expect(throws: GridHubError.self) {
            try ResidentRecord(
                name: "李四", gender: nil, birthDate: nil, idNumber: nil, phone: nil, relation: nil, movedIn: nil, movedOut: nil,
                tags: ["重点关注"], focusReason: " ", today: Self.today)
        }
        #expect(throws: GridHubError.self) {
            try ResidentRecord(
                name: "", gender: nil, birthDate: nil, idNumber: nil, phone: nil, relation: nil, movedIn: nil, movedOut: nil,
                tags: [], focusReason: nil, today: Self.today)
        }
        #expect(ResidentRecord.maskedName("王秀英") == "王**")
    }

    @Test("a register sheet names every bad line and why; GB18030 and quoted fields read")
    func sheet() throws {
        let good = People.idNumber(born: "19500101")
        var bad = Array(People.idNumber(born: "19600101"))
        bad[17] = bad[17] == "1" ? "2" : "1"
        let text = """
            楼号,单元,房号,姓名,性别,身份证号,联系电话,与户主关系,户籍类型,标签
            1号楼,1单元,101,张三,男,\(good),13812345678,户主,户籍,"独居老人、残疾人"
            1号楼,1单元,102,李四,,\(String(bad)),,户主,流动,
            1号楼,1单元,103,王五,,,1381234,户主,户籍,
            """
        let sheet = try RegisterSheet(bytes: Array(text.utf8), today: Self.today)
        #expect(sheet.lines.count == 1 && sheet.lines[0].resident.tags == [.livingAlone, .disabled])
        #expect(sheet.problems.map(\.line) == [3, 4])
        #expect(sheet.problems.map(\.code) == ["invalid_id_number", "invalid_phone"])

        let gb: [UInt8] = Array("楼号,单元,房号,姓名\n".utf8)
        let asGB = try #require("楼号,单元,房号,姓名\n1,1,101,张三\n".data(using: String.Encoding(rawValue: 0x8000_0632)))
        #expect(Array(asGB) != gb + Array("1,1,101,张三\n".utf8))
        let read = try RegisterSheet(bytes: Array(asGB), today: Self.today)
        #expect(read.lines.first?.resident.name == "张三" && read.problems.isEmpty)
        #expect(throws: GridHubError.self) { try RegisterSheet(bytes: Array("姓名,电话\n张三,1\n".utf8), today: Self.today) }
        #expect(CSV.rows("a,\"b,\"\"c\"\"\"\r\nd,") == [["a", "b,\"c\""], ["d", ""]])
        #expect(CSV.field("=1+1") == "'=1+1" && CSV.field("-3.5") == "-3.5")
    }

    @Test("a register names buildings by number and units by number")
    func names() {
        #expect(RegisterSheet.names("3", building: "长山花园小区3号楼"))
        #expect(RegisterSheet.names("3号楼", building: "3号楼"))
        #expect(!RegisterSheet.names("13", building: "长山花园小区3号楼"))
        #expect(RegisterSheet.names("2", unit: "2单元") && !RegisterSheet.names("3", unit: "2单元"))
    }

    @Test("the visit plan takes the most frequent group; heads' scope is their building or unit")
    func planAndScope() throws {
        let plan = VisitPlan.standard
        let t0 = Date(timeIntervalSince1970: 1_795_000_000)
        #expect(plan.due(tags: [.livingAlone, .aged80], lastVisit: nil, since: t0) == t0.addingTimeInterval(7 * 86_400))
        #expect(plan.due(tags: [.lowIncome], lastVisit: nil, since: t0) == nil)
        #expect(throws: GridHubError.self) { try VisitPlan(everyDays: ["living_alone": 0]).validated() }
        #expect(throws: GridHubError.self) { try VisitPlan(everyDays: ["nobody": 7]).validated() }

        let head = Principal(accountID: 9, username: "dyz", role: .unitHead, streetID: 1)
        let scope = RegistryScope(head, .residentWrite, posts: [HeadPost(role: .unitHead, buildingID: 5, unitID: 11)])
        let home = HouseholdPlace(streetID: 1, communityID: 2, gridID: 3, buildingID: 5, unitID: 11)
        var next = home
        next.unitID = 12
        #expect(scope.covers(home) && !scope.covers(next))
        #expect(!RegistryScope(head, .residentReveal, posts: [HeadPost(role: .unitHead, buildingID: 5, unitID: 11)]).covers(home))
        let resident = Principal(accountID: 10, username: "r", role: .resident, streetID: 1)
        #expect(RegistryScope(resident, .residentRead, posts: [HeadPost(role: .unitHead, buildingID: 5, unitID: 11)]).isEmpty)
    }
}

@Suite("Canteen rules")
struct CanteenRulesTests {
    @Test("the walking order visits buildings without crossing back, floors in order")
    func route() {
        let start = Coordinate(lat: 43.90, lon: 125.40)
        func stop(_ key: Int64, _ building: Int64, _ dlat: Double, _ dlon: Double, _ room: String) -> DeliveryRoute.Stop {
            DeliveryRoute.Stop(
                key: key, buildingID: building, location: Coordinate(lat: 43.90 + dlat, lon: 125.40 + dlon), unit: "1单元",
                room: room)
        }
        // Four buildings on a square's corners; a nearest-first walk would zig-zag, the tour goes round.
        let stops = [
            stop(1, 10, 0.001, 0, "1101"), stop(2, 10, 0.001, 0, "201"), stop(3, 20, 0.001, 0.002, "101"),
            stop(4, 30, 0.0, 0.002, "101"), stop(5, 40, 0.0005, 0.001, "101"),
        ]
        let (ordered, metres) = DeliveryRoute.order(from: start, stops)
        #expect(ordered.map(\.key) == [2, 1, 5, 3, 4] || ordered.map(\.key) == [2, 1, 5, 4, 3])
        #expect(metres > 0 && metres < 600)
        #expect(DeliveryRoute.order(from: start, []).stops.isEmpty)
    }

    @Test("the price is the lowest a resident's groups allow; under 60 in no group is not served; orders close at the cut-off")
    func prices() throws {
        let today = CivilDate(year: 2026, month: 11, day: 30)!
        let s = CanteenSettings.standard
        #expect(
            CanteenRules.price(tags: [], birthDate: CivilDate(year: 1940, month: 1, day: 1), today: today, settings: s) == 600)
        #expect(
            CanteenRules.price(tags: [.lowIncome], birthDate: CivilDate(year: 1940, month: 1, day: 1), today: today, settings: s)
                == 300)
        #expect(
            CanteenRules.price(tags: [], birthDate: CivilDate(year: 1960, month: 1, day: 1), today: today, settings: s) == 1000)
        #expect(
            CanteenRules.price(tags: [], birthDate: CivilDate(year: 1990, month: 1, day: 1), today: today, settings: s) == nil)
        #expect(
            CanteenRules.price(tags: [.disabled], birthDate: CivilDate(year: 1990, month: 1, day: 1), today: today, settings: s)
                == 1000)
        let nine = today.start.addingTimeInterval(9 * 3600)
        try CanteenRules.checkOpen(day: today, meal: .lunch, now: nine, settings: s)
        #expect(throws: GridHubError.self) {
            try CanteenRules.checkOpen(day: today, meal: .lunch, now: nine.addingTimeInterval(1800), settings: s)
        }
        #expect(throws: GridHubError.self) { try CanteenRules.checkOpen(day: today, meal: .dinner, now: nine, settings: s) }
        var bad = s
        bad.aged80Fen = 2000
        #expect(throws: GridHubError.self) { try bad.validated() }
    }
}
