import Foundation

/// Where a topic came from.
public enum TopicSource: String, Sendable, Codable, CaseIterable {
    /// 说事点: a resident raised it at the community's talking point, or on the phone page.
    case resident
    /// A grid worker raised it from the grid.
    case gridWorker = "grid_worker"
    /// A committee raised it.
    case committee
    /// Cases became it: several of one building or class, or one marked for the residents' decision.
    case cases

    public var chineseName: String {
        switch self {
        case .resident: "居民说事"
        case .gridWorker: "网格员提出"
        case .committee: "委员会提出"
        case .cases: "由案件形成"
        }
    }
}

/// A topic as raised: what, where (a building, when it concerns one) and the cases behind it.
public struct TopicInput: Codable, Sendable, Hashable {
    public var title: String
    public var description: String
    public var buildingID: Int64?
    public var caseIDs: [Int64]

    public init(title: String, description: String, buildingID: Int64? = nil, caseIDs: [Int64] = []) {
        self.title = title
        self.description = description
        self.buildingID = buildingID
        self.caseIDs = caseIDs
    }

    /// Trimmed and checked, or a 422 naming the field.
    public func validated() throws -> TopicInput {
        var t = self
        t.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        t.description = description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...40).contains(t.title.count) else {
            throw GridHubError(.unprocessable, "invalid_title", "A topic's title is 2–40 characters.")
        }
        guard (1...1_000).contains(t.description.count) else {
            throw GridHubError(.unprocessable, "invalid_description", "Describe the matter in 1–1000 characters.")
        }
        t.caseIDs = Array(Set(caseIDs)).sorted()
        guard t.caseIDs.count <= 20 else {
            throw GridHubError(.unprocessable, "too_many_cases", "A topic links at most 20 cases.")
        }
        return t
    }

    /// Who raising a topic makes it come from.
    public static func source(of p: Principal, cases: Bool) -> TopicSource {
        if cases { return .cases }
        if p.holds(.gridWorker) { return .gridWorker }
        if p.can(.topicSteer) { return .committee }
        return .resident
    }
}

/// One thing a resolution orders done (措施): it becomes a case in the workflow when the resolution
/// takes effect; `owner` is who answers for it, `dueOn` when it should be finished.
public struct MeasureInput: Codable, Sendable, Hashable {
    public var title: String
    public var owner: String
    public var dueOn: String
    /// The catalogue class the case is filed under, when one fits.
    public var classCode: String?

    public init(title: String, owner: String, dueOn: String, classCode: String? = nil) {
        self.title = title
        self.owner = owner
        self.dueOn = dueOn
        self.classCode = classCode
    }
}

extension MeasureInput {
    /// Whether a measure finished on time: closed on or before the day it was due; late when still open
    /// after that day; nil while open and not yet due (or when the due day cannot be read).
    public static func onTime(dueOn: String, closedAt: Date?, today: CivilDate) -> Bool? {
        guard let due = CivilDate(text: dueOn) else { return nil }
        if let closedAt { return !(due < CivilDate(closedAt)) }
        return due < today ? false : nil
    }
}

/// The resolution the community publishes (公开决议).
public struct ResolutionInput: Codable, Sendable, Hashable {
    public var text: String
    public var measures: [MeasureInput]

    public init(text: String, measures: [MeasureInput]) {
        self.text = text
        self.measures = measures
    }

    /// Checked against today: 422 naming what is wrong. A resolution orders 0–10 measures, each due
    /// within two years and not before today.
    public func validated(today: CivilDate) throws -> (text: String, measures: [(MeasureInput, CivilDate)]) {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...2_000).contains(text.count) else {
            throw GridHubError(.unprocessable, "invalid_text", "A resolution's text is 1–2000 characters.")
        }
        guard measures.count <= 10 else {
            throw GridHubError(.unprocessable, "too_many_measures", "A resolution orders at most 10 measures.")
        }
        let measures = try measures.map { m -> (MeasureInput, CivilDate) in
            var m = m
            m.title = m.title.trimmingCharacters(in: .whitespacesAndNewlines)
            m.owner = m.owner.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (2...60).contains(m.title.count), (1...30).contains(m.owner.count) else {
                throw GridHubError(.unprocessable, "invalid_measure", "A measure has a title (2–60) and an owner (1–30).")
            }
            guard let due = CivilDate(text: m.dueOn), !(due < today), today.years(to: due) < 2 else {
                throw GridHubError(.unprocessable, "invalid_due_on", "A measure is due on a day from today, within two years.")
            }
            return (m, due)
        }
        return (text, measures)
    }
}

/// An objection to a published resolution (异议), and what became of it.
public enum ObjectionState: String, Sendable, Codable, CaseIterable {
    /// Waiting for the committee.
    case open
    /// The committee sent the topic back over it.
    case upheld
    /// The resolution took effect over it, with the committee's answer.
    case answered
}
