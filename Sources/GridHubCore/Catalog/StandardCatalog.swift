/// The responsibility catalogue (权责清单) GridHub ships for a street: 131 items, as in Yongchang —
/// 67 led by departments, 36 led by the street, 28 where the street blows the whistle (吹哨报到).
///
/// Classes follow GB/T 30428.2 components (部件) and events (事件). One line an item:
/// `code|name|D,S or W|lead|assisting|limit|flags`, where the limit is `Nh` (hours round the clock),
/// `Nwh` (working hours) or `Nwd` (working days) and flags are `self` (自行处置 allowed), `rN` (duplicate
/// radius in metres) and `dN` (duplicate window in days).
public enum StandardCatalog {
    /// Departments the catalogue names, by code.
    public static let departments: [(code: String, name: String, stationed: Bool)] = [
        ("CJ", "城建", true), ("SF", "司法", true), ("ZF", "综合行政执法", true), ("SJ", "市场监管", true),
        ("HW", "环卫", false), ("YL", "园林", false), ("JJ", "交警", true), ("GS", "供水", false),
        ("PS", "排水", false), ("RQ", "燃气", false), ("GR", "供热", false), ("FG", "房管", true),
        ("PCS", "派出所", true), ("MZ", "民政", true), ("WJ", "卫健", false), ("YJ", "应急管理", true),
        ("DL", "电力", false), ("TX", "通信", false),
    ]

    static let majorNames: [String: String] = [
        "C01": "公用设施", "C02": "道路交通", "C03": "市容环境", "C04": "园林绿化", "C05": "房屋土地", "C06": "其他设施",
        "E01": "市容环境", "E02": "宣传广告", "E03": "施工管理", "E04": "突发事件", "E05": "街面秩序", "E06": "扩展事件",
    ]

    /// Every item, parsed from ``lines``.
    public static let items: [CatalogItem] = lines.compactMap(parse)

    static func parse(_ line: String) -> CatalogItem? {
        let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard f.count == 7, let major = majorNames[String(f[0].prefix(3))], let limit = parseLimit(f[5]) else {
            return nil
        }
        let responsibility: Responsibility = f[2] == "D" ? .departmentLed : f[2] == "S" ? .streetLed : .whistle
        let lead: LeadParty = f[3] == "street" ? .street : f[3] == "community" ? .community : .department(code: f[3])
        let flags = f[6].split(separator: ",").map(String.init)
        var rule = DuplicateRule.standard
        for flag in flags {
            if flag.hasPrefix("r"), let r = Double(flag.dropFirst()) { rule.radiusMetres = r }
            if flag.hasPrefix("d"), let d = Int(flag.dropFirst()) { rule.windowDays = d }
        }
        return CatalogItem(
            code: f[0], kind: f[0].hasPrefix("C") ? .component : .event, majorCode: String(f[0].dropFirst().prefix(2)),
            majorName: major, minorCode: String(f[0].suffix(2)), name: f[1], responsibility: responsibility, lead: lead,
            assisting: f[4].split(separator: ",").map(String.init), timeLimit: limit,
            selfHandleAllowed: flags.contains("self"), duplicateRule: rule)
    }

    static func parseLimit(_ s: String) -> TimeLimit? {
        if s.hasSuffix("wd"), let n = Int(s.dropLast(2)) { return TimeLimit(n, .workingDays) }
        if s.hasSuffix("wh"), let n = Int(s.dropLast(2)) { return TimeLimit(n, .workingHours) }
        if s.hasSuffix("h"), let n = Int(s.dropLast()) { return TimeLimit(n, .hours) }
        return nil
    }

    static let lines: [String] = [
        // 部件 · 公用设施
        "C0101|上水井盖|D|GS||2h|", "C0102|污水井盖|D|PS||2h|", "C0103|雨水井盖|D|PS||2h|",
        "C0104|雨水箅子|D|PS||1wd|", "C0105|电力井盖|D|DL||2h|", "C0106|通信井盖|D|TX||2h|",
        "C0107|燃气井盖|D|RQ||2h|", "C0108|热力井盖|D|GR||2h|", "C0109|消防栓|D|YJ|GS|1wd|",
        "C0110|燃气调压箱|D|RQ||8wh|", "C0111|供热管线|D|GR||1wd|", "C0112|上水阀门|D|GS||1wd|",
        "C0113|路灯|D|CJ||2wd|", "C0114|公共厕所|D|HW||1wd|", "C0115|垃圾箱|D|HW||1wd|self",
        "C0116|化粪池|D|PS|HW|1wd|", "C0117|变电箱|D|DL||8wh|", "C0118|通信交接箱|D|TX||2wd|",
        "C0119|电线杆|D|DL||2wd|", "C0120|架空线缆|D|TX|DL|3wd|",
        // 部件 · 道路交通
        "C0201|人行道|D|CJ||3wd|", "C0202|车行道|D|CJ||3wd|", "C0203|交通信号灯|D|JJ||4wh|",
        "C0204|交通标志牌|D|JJ||2wd|", "C0205|道路护栏|D|JJ|CJ|2wd|", "C0206|停车泊位|D|JJ||3wd|",
        "C0207|公交站亭|D|CJ||3wd|", "C0208|隔离墩|D|JJ||2wd|", "C0209|无障碍设施|D|CJ|MZ|5wd|",
        "C0210|减速带|D|JJ||3wd|",
        // 部件 · 市容环境
        "C0301|公共座椅|S|community||3wd|self", "C0302|广告牌匾|D|ZF||3wd|", "C0303|宣传栏|S|community||3wd|self",
        "C0304|健身设施|S|street|YL|3wd|", "C0305|垃圾房|S|community|HW|2wd|", "C0306|信息亭|D|SJ||5wd|",
        // 部件 · 园林绿化
        "C0401|行道树|D|YL||3wd|", "C0402|绿地|D|YL||3wd|", "C0403|花坛|D|YL||3wd|", "C0404|护树设施|D|YL||3wd|",
        "C0405|小区绿地|S|community|YL|3wd|",
        // 部件 · 房屋土地
        "C0501|危房|W|street|FG,YJ,CJ|8wh|", "C0502|公房外墙|D|FG||5wd|", "C0503|楼道照明|S|community||2wd|self",
        "C0504|单元门禁|S|community||3wd|", "C0505|老旧小区屋面|S|street|FG|10wd|",
        // 部件 · 其他设施
        "C0601|治安监控探头|D|PCS||3wd|", "C0602|电动车充电桩|S|street|YJ|3wd|", "C0603|楼道消防器材|S|community|YJ|2wd|",
        "C0604|便民服务亭|S|street||5wd|",
        // 事件 · 市容环境
        "E0101|暴露垃圾|S|community|HW|4wh|self", "E0102|积存垃圾渣土|D|HW||1wd|", "E0103|道路不洁|D|HW||8wh|",
        "E0104|绿地脏乱|D|YL||1wd|", "E0105|焚烧垃圾树叶|D|ZF||2h|", "E0106|露天烧烤|D|ZF||4wh|r100,d1",
        "E0107|餐饮油烟|D|SJ|ZF|3wd|", "E0108|动物尸体|D|HW||2h|", "E0109|楼道堆物|S|community|YJ|1wd|self",
        "E0110|乱堆物堆料|S|community||1wd|self", "E0111|垃圾满溢|D|HW||4wh|", "E0112|犬只扰民|D|PCS||1wd|",
        "E0113|积雪未清|S|street|HW|1wd|", "E0114|违规饲养家禽|S|community||2wd|",
        // 事件 · 宣传广告
        "E0201|非法小广告|S|community||1wd|self", "E0202|违规户外广告|D|ZF||3wd|", "E0203|乱涂乱画|S|community||1wd|self",
        "E0204|条幅标语破损|S|street||2wd|", "E0205|违规占道广告|D|ZF||1wd|",
        // 事件 · 施工管理
        "E0301|施工废弃料|D|CJ||4wh|", "E0302|施工扰民|D|ZF||8wh|", "E0303|施工占道|D|CJ|JJ|1wd|",
        "E0304|道路遗撒|D|CJ|HW|4wh|", "E0305|违章建筑|W|street|ZF,FG,CJ|3wd|", "E0306|无证掘路|D|CJ||8wh|",
        "E0307|工地扬尘|D|CJ|ZF|8wh|", "E0308|私搭乱建|W|street|ZF,FG|5wd|",
        // 事件 · 突发事件
        "E0401|路面塌陷|W|street|CJ,JJ,PS|2h|", "E0402|供水管道破裂|D|GS||2h|", "E0403|燃气泄漏|W|street|RQ,YJ,PCS|1h|",
        "E0404|污水外溢|D|PS||4h|", "E0405|供热故障|D|GR||4h|", "E0406|道路积水|D|PS|CJ|4h|",
        "E0407|火灾隐患|W|street|YJ,ZF,PCS|4h|", "E0408|电梯困人|W|street|SJ,YJ|1h|", "E0409|高空坠物隐患|W|street|FG,YJ|4h|",
        "E0410|树木倒伏|D|YL||4h|", "E0411|电力线路故障|D|DL||2h|", "E0412|独居老人失联|W|street|MZ,PCS,WJ|1h|",
        // 事件 · 街面秩序
        "E0501|无照经营游商|D|SJ|ZF|4wh|r50,d1", "E0502|占道经营|W|street|ZF,SJ,JJ|4wh|r30,d1", "E0503|店外经营|D|ZF||8wh|",
        "E0504|机动车乱停放|D|JJ||4wh|r30,d1", "E0505|非机动车乱停放|S|community||1wd|self", "E0506|僵尸车|W|street|JJ,ZF,PCS|3wd|r20,d30",
        "E0507|占道废品收购|D|ZF||8wh|", "E0508|黑车拉客|W|street|JJ,PCS|8wh|", "E0509|流浪乞讨|S|street|MZ|1wd|",
        "E0510|夜市噪声|W|street|ZF,SJ,PCS|1wd|", "E0511|共享单车堆积|S|street|JJ|1wd|", "E0512|占用消防通道|W|street|YJ,JJ|4wh|",
        // 事件 · 扩展事件 (民生服务、矛盾纠纷)
        "E0601|邻里纠纷|S|community|SF|3wd|", "E0602|物业纠纷|W|street|FG,SF|5wd|", "E0603|房屋漏雨|S|community|FG|5wd|",
        "E0604|下水道堵塞|S|community|PS|1wd|", "E0605|独居老人求助|S|community|MZ|4wh|", "E0606|群租房隐患|W|street|FG,PCS,YJ|5wd|",
        "E0607|噪声扰民|D|PCS||8wh|", "E0608|食品安全|D|SJ|WJ|3wd|", "E0609|欠薪讨薪|W|street|SF,SJ|5wd|",
        "E0610|家庭矛盾|S|community|SF|3wd|", "E0611|小区停车纠纷|S|community|JJ|3wd|", "E0612|供暖不热|W|street|GR,FG|3wd|",
        "E0613|物业弃管小区|S|street|FG,HW|10wd|", "E0614|楼道小广告|S|community||1wd|self",
        "E0615|违规养犬伤人|W|street|PCS,WJ|4wh|", "E0616|地下室住人|W|street|FG,PCS,YJ|5wd|",
        "E0617|私拉电线充电|W|street|YJ,DL,ZF|8wh|", "E0618|燃气违规使用|W|street|RQ,YJ,SJ|8wh|",
        "E0619|残疾人帮扶|S|community|MZ|5wd|", "E0620|低保救助申请|S|street|MZ|10wd|",
        "E0621|社区环境卫生整治|S|community|HW|3wd|", "E0622|老人助餐送餐|S|community|MZ|1wd|",
        "E0623|违规装修|W|street|FG,ZF,CJ|3wd|", "E0624|宠物粪便|S|community||1wd|self",
        "E0625|公共设施损坏|S|community||3wd|", "E0626|水质异常|W|street|GS,WJ,SJ|8wh|",
        "E0627|污染排放|W|street|ZF,SJ,YJ|8wh|", "E0628|违法出租|W|street|FG,PCS|5wd|",
        "E0629|商铺消防隐患|W|street|YJ,SJ,ZF|1wd|", "E0630|违法排污进雨水管|W|street|PS,ZF|8wh|",
    ]
}
