import Foundation
import GridHubCore

/// The demo street's household register, as each community's CSV sheet (the columns an import reads):
/// about 34,000 residents in the 493 buildings, ~20 % over 60, a few hundred living alone or in empty
/// nests, ~120 disabled, ~60 低保 households, 161 party-member households in 长山花园, the heads living
/// in the buildings they head. ID numbers are made up (Changchun Chaoyang 220104) with correct check
/// digits; phones are made up too.
public struct DemoRegister: Sendable {
    /// Each community's sheet, by the community's index in the plan.
    public var sheets: [Int: String] = [:]
    public var residents = 0
    public var households = 0

    static let header = "楼号,单元,房号,姓名,性别,身份证号,联系电话,与户主关系,户籍类型,标签,党员户,关注原因"

    public init(_ street: DemoStreet, today: CivilDate, seed: UInt64 = 16) {
        var rng = SeededRandom(seed: seed)
        var ids = Set<String>()
        var lines: [Int: [String]] = [:]
        let heads = Dictionary(grouping: street.accounts.filter { $0.role == .buildingHead || $0.role == .unitHead }, by: \.role)
        var buildingHeads = (heads[.buildingHead] ?? []).map(\.displayName).makeIterator()
        var unitHeads = (heads[.unitHead] ?? []).map(\.displayName).makeIterator()
        var partyLeft = 161
        var n = 50_000
        func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
        func idNumber(age: Int, male: Bool) -> String {
            while true {
                let days = Double(age) * 365.25 + Double(rng.next() % 360)
                let born = CivilDate(today.start.addingTimeInterval(-days * 86_400 + 43_200))
                let birth = String(format: "%04d%02d%02d", born.year, born.month, born.day)
                let seq = Int(rng.next() % 500) * 2 + (male ? 1 : 0)
                guard let id = IDNumber.completing("220104" + birth + String(format: "%03d", seq)), ids.insert(id).inserted else {
                    continue
                }
                return id
            }
        }
        for building in street.buildings {
            let community = street.grids[building.gridIndex].communityIndex
            let changshan = community == 0
            var buildingHead = buildingHeads.next()
            for unit in building.units {
                var unitHead = unitHeads.next()
                for floor in 1...building.floors {
                    for door in 1...2 where rng.unit() < 0.86 {
                        let room = "\(floor)0\(door)"
                        let roll = rng.unit()
                        let size = roll < 0.22 ? 1 : roll < 0.55 ? 2 : roll < 0.80 ? 3 : roll < 0.94 ? 4 : 5
                        let floating = rng.unit() < 0.12
                        let party = changshan ? (partyLeft > 0 && rng.unit() < 0.06) : rng.unit() < 0.03
                        if party && changshan { partyLeft -= 1 }
                        let lowIncome = rng.unit() < 0.0045
                        var members: [(name: String, age: Int, male: Bool, relation: String, tags: [String], focus: String)] = []
                        let elderlySingle = size == 1 && rng.unit() < 0.16
                        let elderlyCouple = size == 2 && rng.unit() < 0.16
                        let headAge =
                            elderlySingle || elderlyCouple
                            ? 65 + Int(rng.next() % 28) : size == 1 ? 22 + Int(rng.next() % 40) : 28 + Int(rng.next() % 42)
                        let headMale = rng.unit() < 0.55
                        n += 1
                        var headName = DemoStreet.personName(n)
                        if let name = unitHead {
                            headName = name
                            unitHead = nil
                        } else if let name = buildingHead {
                            headName = name
                            buildingHead = nil
                        }
                        var headTags: [String] = []
                        if elderlySingle { headTags.append("独居老人") }
                        if elderlyCouple && rng.unit() < 0.25 { headTags.append("空巢老人") }
                        if lowIncome { headTags.append("低保户") }
                        members.append((headName, headAge, headMale, "户主", headTags, ""))
                        for k in 1..<size {
                            n += 1
                            let name = DemoStreet.personName(n)
                            if k == 1 {
                                let age = max(20, headAge + Int(rng.next() % 7) - 3)
                                members.append(
                                    (name, age, !headMale, "配偶", elderlyCouple ? headTags.filter { $0 == "空巢老人" } : [], ""))
                            } else if k == 4 || (k == 3 && rng.unit() < 0.3) {
                                members.append(
                                    (
                                        name, min(95, headAge + 25 + Int(rng.next() % 8)), rng.unit() < 0.4,
                                        rng.unit() < 0.5 ? "父" : "母", [], ""
                                    ))
                            } else {
                                let age = max(0, headAge - 22 - Int(rng.next() % 12))
                                let male = rng.unit() < 0.5
                                let leftBehind = age < 14 && rng.unit() < 0.02
                                members.append((name, age, male, male ? "子" : "女", leftBehind ? ["留守儿童"] : [], ""))
                            }
                        }
                        for i in members.indices {
                            if rng.unit() < 0.0036 { members[i].tags.append("残疾人") }
                            if members[i].age >= 60 && rng.unit() < 0.012 { members[i].tags.append("优抚对象") }
                            if rng.unit() < 0.0008 {
                                members[i].tags.append("重点关注")
                                members[i].focus = pick(["长期卧床需定期探视", "精神障碍患者，需关注服药", "独自抚养残疾子女", "家庭矛盾，需调解回访"])
                            }
                        }
                        for m in members {
                            let phone =
                                m.age >= 16 && rng.unit() < 0.9
                                ? "1" + pick(["38", "39", "35", "37", "86", "59"])
                                    + String(format: "%08d", Int(rng.next() % 100_000_000)) : ""
                            let fields = [
                                building.name, unit, room, m.name, m.male ? "男" : "女", idNumber(age: m.age, male: m.male), phone,
                                m.relation,
                                floating ? "流动" : "户籍", m.tags.joined(separator: "、"), party ? "是" : "", m.focus,
                            ]
                            lines[community, default: []].append(fields.map(CSV.field).joined(separator: ","))
                            residents += 1
                        }
                        households += 1
                    }
                }
            }
        }
        sheets = lines.mapValues { ([Self.header] + $0).joined(separator: "\n") + "\n" }
    }
}
