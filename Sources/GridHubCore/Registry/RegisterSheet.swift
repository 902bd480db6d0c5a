import Foundation

/// A community's household register as its Excel sheet is saved to CSV (UTF-8, with or without a BOM,
/// or GB18030 as Excel on a Chinese Windows writes it): one resident per line under a header naming
/// the columns 楼号, 单元, 房号, 姓名, 性别, 身份证号, 联系电话, 与户主关系, 户籍类型, 标签 (and optionally
/// 出生日期, 迁入日期, 党员户, 关注原因). Every line is checked; a bad one is named with its reason.
public struct RegisterSheet: Sendable {
    /// One good line: where the person lives and who they are.
    public struct Line: Sendable, Hashable {
        public var number: Int
        public var building: String
        public var unit: String
        public var room: String
        public var kind: HouseholdKind
        public var partyMember: Bool
        public var resident: ResidentRecord
    }

    /// A line that cannot be taken, and why.
    public struct Problem: Sendable, Hashable, Codable {
        public var line: Int
        public var code: String
        public var message: String

        public init(line: Int, code: String, message: String) {
            self.line = line
            self.code = code
            self.message = message
        }
    }

    public static let maxBytes = 16 << 20
    public static let maxLines = 50_000

    public var lines: [Line] = []
    public var problems: [Problem] = []

    static let columns: [String: String] = [
        "楼号": "building", "楼栋": "building", "单元": "unit", "单元号": "unit", "房号": "room", "门牌号": "room",
        "姓名": "name", "性别": "gender", "身份证号": "id_number", "身份证号码": "id_number", "联系电话": "phone",
        "电话": "phone", "手机号": "phone", "与户主关系": "relation", "户籍类型": "kind", "人口类型": "kind",
        "标签": "tags", "人群标签": "tags", "出生日期": "birth_date", "迁入日期": "moved_in", "党员户": "party",
        "关注原因": "focus_reason",
    ]
    static let required = ["building", "unit", "room", "name"]

    /// Reads the bytes of a sheet. The header's problems are the sheet's (line 1); each further line is
    /// checked on its own.
    public init(bytes: [UInt8], today: CivilDate) throws {
        guard bytes.count <= Self.maxBytes else {
            throw GridHubError(.payloadTooLarge, "register_too_large", "A register is at most 16 MB; split it.")
        }
        guard let text = Self.decode(bytes) else {
            throw GridHubError(.unprocessable, "register_encoding", "Save the register as CSV in UTF-8 or GB18030.")
        }
        let rows = CSV.rows(text)
        guard let header = rows.first else {
            throw GridHubError(.unprocessable, "register_empty", "The register has no header line.")
        }
        guard rows.count - 1 <= Self.maxLines else {
            throw GridHubError(.unprocessable, "register_too_long", "A register has at most \(Self.maxLines) lines.")
        }
        let names = header.map { Self.columns[$0.trimmingCharacters(in: .whitespaces)] }
        let missing = Self.required.filter { !names.contains($0) }
        guard missing.isEmpty else {
            let chinese = missing.compactMap { m in Self.columns.first { $0.value == m }?.key }
            throw GridHubError(
                .unprocessable, "register_columns", "The header lacks \(chinese.joined(separator: "、")) (line 1).")
        }
        for (index, row) in rows.enumerated().dropFirst()
        where !row.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            var fields: [String: String] = [:]
            for (i, name) in names.enumerated() {
                if let name, i < row.count { fields[name] = row[i].trimmingCharacters(in: .whitespacesAndNewlines) }
            }
            do {
                lines.append(try Self.line(index + 1, fields, today: today))
            } catch let error as GridHubError {
                problems.append(Problem(line: index + 1, code: error.code, message: error.message))
            }
        }
        var seen: [String: Int] = [:]
        for line in lines {
            guard let id = line.resident.idNumber?.value else { continue }
            if let first = seen[id] {
                problems.append(
                    Problem(line: line.number, code: "duplicate_id_number", message: "The same ID number as line \(first)."))
            } else {
                seen[id] = line.number
            }
        }
        problems.sort { $0.line < $1.line }
        let bad = Set(problems.map(\.line))
        lines.removeAll { bad.contains($0.number) }
    }

    static func line(_ number: Int, _ f: [String: String], today: CivilDate) throws -> Line {
        for field in ["building", "unit", "room"] where (f[field] ?? "").isEmpty || (f[field] ?? "").count > 40 {
            throw GridHubError(.unprocessable, "invalid_\(field)", "'\(field)' is 1–40 characters.")
        }
        var kind = HouseholdKind.registered
        if let text = f["kind"], !text.isEmpty {
            guard let k = HouseholdKind(text: text) else {
                throw GridHubError(.unprocessable, "invalid_kind", "户籍类型 is 户籍 or 流动, not '\(text)'.")
            }
            kind = k
        }
        let tags = (f["tags"] ?? "").split(whereSeparator: { "、,，;； /".contains($0) }).map(String.init)
        let resident = try ResidentRecord(
            name: f["name"] ?? "", gender: f["gender"], birthDate: f["birth_date"], idNumber: f["id_number"],
            phone: f["phone"], relation: f["relation"], movedIn: f["moved_in"], movedOut: nil, tags: tags,
            focusReason: f["focus_reason"], today: today)
        return Line(
            number: number, building: f["building"] ?? "", unit: f["unit"] ?? "", room: f["room"] ?? "", kind: kind,
            partyMember: ["是", "党员户", "yes", "true", "1"].contains(f["party"] ?? ""), resident: resident)
    }

    /// UTF-8 (a BOM dropped) when the bytes are valid UTF-8, else GB18030; nil when neither reads.
    static func decode(_ bytes: [UInt8]) -> String? {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) { return text }
        return String(data: Data(bytes), encoding: gb18030)
    }

    /// Foundation's GB18030 (kCFStringEncodingGB_18030_2000 as an NSStringEncoding).
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// Whether a register's 楼号 names a building: its full name, or its number (`3`, `3号楼`, `3栋`).
    public static func names(_ text: String, building name: String) -> Bool {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t == name { return true }
        let digits = t.filter(\.isNumber)
        guard !digits.isEmpty, digits.count == t.count || ["号楼", "栋", "幢", "号"].contains(String(t.drop { $0.isNumber })) else {
            return false
        }
        return name.hasSuffix("小区\(Int(digits) ?? -1)号楼") || name == "\(Int(digits) ?? -1)号楼"
    }

    /// Whether a register's 单元 names a unit: `1单元` or `1`.
    public static func names(_ text: String, unit name: String) -> Bool {
        let t = text.trimmingCharacters(in: .whitespaces)
        return t == name || (t.allSatisfy(\.isNumber) && "\(Int(t) ?? -1)单元" == name)
    }
}

/// RFC 4180 CSV: fields split by commas, quoted fields may hold commas, quotes (doubled) and line breaks.
public enum CSV {
    public static func rows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var iterator = text.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: quoted = true
            case ",": row.append(field); field = ""
            case "\n", "\r\n", "\r": row.append(field); rows.append(row); row = []; field = ""
            default: field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    /// One field written so any reader gets it back: quoted when it holds a comma, quote or line break.
    /// A leading =, +, - or @ (other than in a number) is prefixed with ' so a spreadsheet never runs it as a formula.
    public static func field(_ text: String) -> String {
        var t = text
        if let first = t.first, "=+-@".contains(first), Double(t) == nil { t = "'" + t }
        guard t.contains(where: { ",\"\n\r".contains($0) }) else { return t }
        return "\"" + t.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension CSV {
    /// A table as Excel opens it with its Chinese names: UTF-8 with a byte-order mark, CRLF lines.
    public static func document(header: String, _ rows: [[String]]) -> String {
        let lines = rows.map { $0.map(field).joined(separator: ",") }
        return "\u{FEFF}" + ([header] + lines).joined(separator: "\r\n") + "\r\n"
    }
}
