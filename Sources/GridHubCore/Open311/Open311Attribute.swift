import Foundation

/// The datatypes of a service definition's attributes.
public enum Open311Datatype: String, Sendable, CaseIterable {
    case string, number, datetime, text, singlevaluelist, multivaluelist

    public var isList: Bool { self == .singlevaluelist || self == .multivaluelist }
}

/// One question a service definition asks the reporter beyond the standard fields.
public struct Open311Attribute: Sendable, Hashable {
    public var code: String
    public var datatype: Open311Datatype
    public var required: Bool
    /// Shown to the reporter (Chinese first, English after).
    public var description: String
    public var datatypeDescription: String?
    public var order: Int
    /// For list datatypes: key → display name.
    public var values: [Value]

    public struct Value: Sendable, Hashable {
        public var key: String
        public var name: String
    }

    init(
        _ code: String, _ datatype: Open311Datatype, order: Int, required: Bool = false, _ description: String,
        hint: String? = nil, values: [(String, String)] = []
    ) {
        self.code = code
        self.datatype = datatype
        self.required = required
        self.description = description
        self.datatypeDescription = hint
        self.order = order
        self.values = values.map { Value(key: $0.0, name: $0.1) }
    }

    public static let maxString = 200
    public static let maxText = 2_000
}

/// The attributes GridHub asks about every class: what the grid worker needs to find and judge the
/// problem. Components (部件) also ask for the number painted on the component.
public enum Open311Attributes {
    public static let severity = Open311Attribute(
        "severity", .singlevaluelist, order: 1, "严重程度 / How serious is it",
        values: [("normal", "一般 / Normal"), ("serious", "较重 / Serious"), ("urgent", "紧急，危及安全 / Urgent, a danger")])
    public static let impacts = Open311Attribute(
        "impacts", .multivaluelist, order: 2, "造成的影响（可多选） / What it affects (any)",
        values: [
            ("traffic", "阻碍通行 / Blocks the way"), ("safety", "安全隐患 / A safety hazard"),
            ("environment", "影响环境卫生 / Dirt or smell"), ("noise", "噪声扰民 / Noise"),
        ])
    public static let observedAt = Open311Attribute(
        "observed_at", .datetime, order: 3, "发现时间 / When you saw it",
        hint: "ISO 8601，如 2026-11-27T08:30:00+08:00 / ISO 8601 with a timezone")
    public static let count = Open311Attribute(
        "count", .number, order: 4, "涉及数量（个、处） / How many", hint: "非负数 / A number, 0 or more")
    public static let location = Open311Attribute(
        "location_detail", .string, order: 5, "具体位置（楼栋、单元、门前） / Where exactly",
        hint: "最多 200 字 / At most 200 characters")
    public static let details = Open311Attribute(
        "details", .text, order: 6, "补充说明 / Anything else", hint: "最多 2000 字 / At most 2,000 characters")
    public static let componentNumber = Open311Attribute(
        "component_number", .string, order: 7, "部件编号（井盖、灯杆上的编号） / The number on the component",
        hint: "最多 200 字 / At most 200 characters")

    /// Every attribute any class asks about, in their order.
    public static let all = [severity, impacts, observedAt, count, location, details, componentNumber]

    /// The definition of one catalogue class.
    public static func definition(of item: CatalogItem) -> [Open311Attribute] {
        item.kind == .component ? all : all.filter { $0.code != componentNumber.code }
    }

    /// Checks posted `attribute[code]` values against a definition and returns them normalised
    /// (list keys as sent, dates in ISO 8601 with +08:00, numbers as written), or a 400 in words.
    public static func validate(_ posted: [String: [String]], against definition: [Open311Attribute]) throws
        -> [String: [String]]
    {
        let byCode = Dictionary(uniqueKeysWithValues: definition.map { ($0.code, $0) })
        if let unknown = posted.keys.sorted().first(where: { byCode[$0] == nil }) {
            let known = definition.map(\.code).joined(separator: ", ")
            throw GridHubError.invalid("attribute", "There is no attribute '\(unknown)' for this service; it has \(known).")
        }
        var out: [String: [String]] = [:]
        for attribute in definition {
            let values = (posted[attribute.code] ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                .filter { !$0.isEmpty }
            guard !values.isEmpty else {
                if attribute.required {
                    throw GridHubError(
                        .badRequest, "missing_attribute", "The attribute '\(attribute.code)' is required for this service.")
                }
                continue
            }
            out[attribute.code] = try check(values, attribute)
        }
        return out
    }

    static func check(_ values: [String], _ a: Open311Attribute) throws -> [String] {
        if a.datatype != .multivaluelist, values.count > 1 {
            throw GridHubError.invalid("attribute[\(a.code)]", "'\(a.code)' takes one value, got \(values.count).")
        }
        switch a.datatype {
        case .singlevaluelist, .multivaluelist:
            let keys = a.values.map(\.key)
            if let bad = values.first(where: { !keys.contains($0) }) {
                throw GridHubError.invalid(
                    "attribute[\(a.code)]", "'\(bad)' is not a value of '\(a.code)': use \(keys.joined(separator: ", ")).")
            }
            return Array(Set(values)).sorted { keys.firstIndex(of: $0)! < keys.firstIndex(of: $1)! }
        case .number:
            guard let n = Double(values[0]), n.isFinite, n >= 0 else {
                throw GridHubError.invalid("attribute[\(a.code)]", "'\(a.code)' must be a number of 0 or more.")
            }
            return [Open311Document.number(n)]
        case .datetime:
            guard let date = Open311Time.parse(values[0]) else {
                throw GridHubError.invalid(
                    "attribute[\(a.code)]", "'\(a.code)' must be an ISO 8601 date-time, like 2026-11-27T08:30:00+08:00.")
            }
            return [Open311Time.format(date)]
        case .string, .text:
            let limit = a.datatype == .string ? Open311Attribute.maxString : Open311Attribute.maxText
            guard values[0].count <= limit else {
                throw GridHubError.invalid("attribute[\(a.code)]", "'\(a.code)' is at most \(limit) characters.")
            }
            return values
        }
    }

    /// The answers as a line a grid worker reads in the case description.
    public static func summary(_ answers: [String: [String]], definition: [Open311Attribute]) -> String? {
        let parts = definition.compactMap { a -> String? in
            guard let values = answers[a.code] else { return nil }
            let shown = values.map { v in a.values.first { $0.key == v }.map { chinese($0.name) } ?? v }
            return "\(chinese(a.description))：\(shown.joined(separator: "、"))"
        }
        return parts.isEmpty ? nil : "【附加信息】" + parts.joined(separator: "；")
    }

    /// "严重程度 / How serious is it" → "严重程度".
    static func chinese(_ bilingual: String) -> String {
        bilingual.components(separatedBy: " / ").first ?? bilingual
    }
}
