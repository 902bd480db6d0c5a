import Testing

@testable import GridHubCore

@Suite("The standard responsibility catalogue")
struct CatalogTests {
    @Test("it has 67 department-led, 36 street-led and 28 whistle items, as in Yongchang")
    func counts() {
        let items = StandardCatalog.items
        #expect(items.count == StandardCatalog.lines.count)
        #expect(items.filter { $0.responsibility == .departmentLed }.count == 67)
        #expect(items.filter { $0.responsibility == .streetLed }.count == 36)
        #expect(items.filter { $0.responsibility == .whistle }.count == 28)
    }

    @Test("codes are unique and shaped like C0101 / E0301")
    func codes() {
        let codes = StandardCatalog.items.map(\.code)
        #expect(Set(codes).count == codes.count)
        for code in codes {
            #expect(code.count == 5 && (code.hasPrefix("C") || code.hasPrefix("E")))
        }
    }

    @Test("every department a catalogue item names exists")
    func departmentsExist() {
        let known = Set(StandardCatalog.departments.map(\.code))
        for item in StandardCatalog.items {
            if case .department(let code) = item.lead { #expect(known.contains(code), "\(item.code)") }
            for helper in item.assisting { #expect(known.contains(helper), "\(item.code) \(helper)") }
        }
    }

    @Test("a whistle item summons at least two departments and is led by the street")
    func whistleItems() {
        for item in StandardCatalog.items where item.responsibility == .whistle {
            #expect(item.lead == .street)
            #expect(item.assisting.count >= 2, "\(item.code)")
        }
    }

    @Test("manhole covers are urgent, round the clock; the known classes carry their names")
    func examples() throws {
        let byCode = Dictionary(uniqueKeysWithValues: StandardCatalog.items.map { ($0.code, $0) })
        let cover = try #require(byCode["C0101"])
        #expect(cover.name == "上水井盖" && cover.kind == .component && cover.majorName == "公用设施")
        #expect(cover.timeLimit == TimeLimit(2, .hours) && cover.timeLimit.isUrgent)
        #expect(byCode["C0102"]?.name == "污水井盖")
        #expect(byCode["E0101"]?.majorName == "市容环境" && byCode["E0101"]?.name == "暴露垃圾")
        #expect(byCode["E0502"]?.name == "占道经营" && byCode["E0502"]?.duplicateRule.radiusMetres == 30)
        #expect(byCode["E0301"]?.majorName == "施工管理" && byCode["E0301"]?.name == "施工废弃料")
    }

    @Test("a malformed line is skipped, not half-read")
    func malformed() {
        #expect(StandardCatalog.parse("C0101|上水井盖|D|GS||2x|") == nil)
        #expect(StandardCatalog.parse("X0101|未知|D|GS||2h|") == nil)
    }
}
