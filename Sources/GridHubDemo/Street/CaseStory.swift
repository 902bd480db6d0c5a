import Foundation
import GridHubCore

/// One generated case's life, told without a database: the moves it went through — each checked by
/// ``CaseWorkflow`` — and the columns they leave on the case. The scale generator writes thousands of
/// these a second; the demo street's 90 days go through the real write path instead (``DemoStreet``).
public struct CaseStory: Sendable {
    /// Who made a move; the store turns it into an account and a label.
    public enum Actor: Sendable, Hashable {
        case reporter
        case gridWorker
        case centre
        case community
        case department(code: String)
        /// The clock (督办 sweep).
        case system

        public var role: Role? {
            switch self {
            case .reporter, .system: nil
            case .gridWorker: .gridWorker
            case .centre: .commandCentre
            case .community: .communityStaff
            case .department: .departmentHandler
            }
        }
    }

    public struct Step: Sendable {
        public var kind: TimelineEventKind
        public var actor: Actor
        public var at: Date
        public var from: CaseState?
        public var to: CaseState?
        public var note: String?
        public var detail: String?
    }

    public private(set) var steps: [Step] = []
    public private(set) var state = CaseState.reported
    public private(set) var acceptedAt: Date?
    public private(set) var rejectedAt: Date?
    public private(set) var dispatchedAt: Date?
    public private(set) var respondedAt: Date?
    public private(set) var handledAt: Date?
    public private(set) var closedAt: Date?
    public private(set) var dueAt: Date?
    public private(set) var lead: LeadKind?
    /// The department sent to (catalogue code), when one leads.
    public private(set) var department: String?
    /// Departments summoned by the whistle, with when each reported in.
    public private(set) var summons: [(code: String, reportedInAt: Date?, doneAt: Date?, late: Bool)] = []
    public private(set) var overdue = false
    public private(set) var escalated = false
    public private(set) var reworked = false
    public private(set) var rating: Satisfaction?
    public private(set) var ratedAt: Date?
    /// The last moment anything happened.
    public var updatedAt: Date { steps.last?.at ?? reportedAt }

    public let reportedAt: Date
    private let now: Date
    private let reporterRates: Bool
    private var clock: Date

    /// Tells the story of a case of `item` reported at `reportedAt`, as far as it got by `now`: recent
    /// cases are at every stage, older ones mostly closed and rated, a few stuck and overdue.
    /// Only a reporter with an account can rate (满意度评价); a rider's phone cannot.
    public static func tell(
        item: CatalogItem, reportedAt: Date, now: Date, calendar: WorkingCalendar, reporterRates: Bool,
        rng: inout SeededRandom
    ) -> CaseStory {
        var story = CaseStory(reportedAt: reportedAt, now: now, reporterRates: reporterRates)
        story.play(item: item, calendar: calendar, rng: &rng)
        story.supervise()
        return story
    }

    private init(reportedAt: Date, now: Date, reporterRates: Bool) {
        self.reporterRates = reporterRates
        self.reportedAt = reportedAt
        self.now = now
        self.clock = reportedAt
        steps.append(Step(kind: .reported, actor: .reporter, at: reportedAt, from: nil, to: .reported))
    }

    private mutating func play(item: CatalogItem, calendar: WorkingCalendar, rng: inout SeededRandom) {
        let ageDays = now.timeIntervalSince(reportedAt) / 86_400
        // How far the case got: the last days' cases stop early; 3% of older ones are stuck in handling.
        let stages =
            ageDays < 1 ? Int(rng.next() % 3) : ageDays < 4 ? 2 + Int(rng.next() % 4) : rng.unit() < 0.03 ? 4 : 9
        guard stages >= 1, move(.verify, .gridWorker, after: 40, &rng) else { return }
        guard stages >= 2 else { return }
        if rng.unit() < 0.08 {
            rejectedAt = clock
            _ = move(.reject, .gridWorker, after: 60, &rng, note: "现场核实，问题已不存在。")
            return
        }
        if item.selfHandleAllowed, rng.unit() < 0.3 {
            guard move(.selfHandle, .gridWorker, after: 60, &rng, note: "网格员现场处置完毕。") else { return }
            handledAt = clock
            closedAt = clock
            rate(&rng)
            return
        }
        guard move(.accept, .centre, after: 60, &rng) else { return }
        acceptedAt = clock
        guard stages >= 3 else { return }
        let handler: Actor
        if item.responsibility == .whistle {
            guard move(.whistle, .centre, after: 30, &rng, detail: "departments=\(item.assisting.joined(separator: ","))")
            else { return }
            lead = .street
            handler = .centre
            summons = item.assisting.map { ($0, nil, nil, false) }
        } else {
            let target: Actor
            if case .department(let code) = item.lead {
                (lead, department, target) = (.department, code, .department(code: code))
            } else {
                (lead, target) = (.community, .community)
            }
            guard move(.dispatch, .centre, after: 30, &rng, detail: "target=\(department ?? "community")") else { return }
            handler = target
        }
        dispatchedAt = clock
        dueAt = calendar.due(from: clock, limit: item.timeLimit)
        guard stages >= 4 else { return }
        if handler == .centre {
            reportIn(&rng)
        } else if move(.start, handler, after: 45, &rng) {
            respondedAt = clock
        }
        guard state == .inProgress else { return }
        guard stages >= 5 else { return }
        // Most finish within the limit; some take far longer.
        if rng.unit() < 0.15 { clock = clock.addingTimeInterval(3 * 86_400) }
        if handler == .centre {
            finishParts(&rng)
            guard state == .handled else { return }
        } else {
            guard move(.handle, handler, after: 240, &rng, note: "已处置。") else { return }
        }
        handledAt = clock
        guard move(.check, .gridWorker, after: 90, &rng) else { return }
        if rng.unit() < 0.05 {
            reworked = true
            _ = move(.rework, .gridWorker, after: 30, &rng, note: "核查未通过，问题仍在。")
            return
        }
        guard move(.close, .gridWorker, after: 30, &rng) else { return }
        closedAt = clock
        rate(&rng)
    }

    /// Makes the move if the workflow allows it from the current state; false (and nothing) if not.
    private mutating func move(
        _ action: CaseAction, _ actor: Actor, after minutes: Double, _ rng: inout SeededRandom, note: String? = nil,
        detail: String? = nil
    ) -> Bool {
        let t = CaseWorkflow.transition(action)
        guard let role = actor.role, role.capabilities.contains(action.capability), t.from.contains(state) else { return false }
        guard let at = advance(minutes, &rng) else { return false }
        steps.append(
            Step(kind: TimelineEventKind(action), actor: actor, at: at, from: state, to: t.to, note: note, detail: detail))
        state = t.to
        return true
    }

    /// Moves the clock on by about `minutes`; nil when that would pass `now` (the story stops there).
    private mutating func advance(_ minutes: Double, _ rng: inout SeededRandom) -> Date? {
        let next = clock.addingTimeInterval(minutes * 60 * (0.5 + rng.unit()))
        guard next <= now else { return nil }
        clock = next
        return next
    }

    /// Summoned departments report in (报到); the first moves the case into handling, as live.
    private mutating func reportIn(_ rng: inout SeededRandom) {
        for i in summons.indices {
            guard let at = advance(i == 0 ? 30 : 10, &rng) else { return }
            summons[i].reportedInAt = at
            let starts = state == .dispatched
            steps.append(
                Step(
                    kind: .reportedIn, actor: .department(code: summons[i].code), at: at, from: starts ? state : nil,
                    to: starts ? .inProgress : nil, note: "按时报到", detail: "department=\(summons[i].code); late=false"))
            if starts { (state, respondedAt) = (.inProgress, at) }
        }
    }

    /// Each reported-in department finishes its part; the last one done hands the case back (handled).
    private mutating func finishParts(_ rng: inout SeededRandom) {
        guard state == .inProgress else { return }
        for i in summons.indices where summons[i].reportedInAt != nil {
            guard let at = advance(120, &rng) else { return }
            summons[i].doneAt = at
            let last = summons.allSatisfy { $0.doneAt != nil }
            steps.append(
                Step(
                    kind: .partDone, actor: .department(code: summons[i].code), at: at, from: last ? state : nil,
                    to: last ? .handled : nil, note: "本部门处置完毕。", detail: "department=\(summons[i].code)"))
            if last { state = .handled }
        }
    }

    /// What the periodic sweep (督办) did while the case was open: flagged it overdue past its due
    /// time, escalated it past the second limit (``Supervision``), marked summoned departments that
    /// missed the report-in deadline late.
    private mutating func supervise() {
        for i in summons.indices where summons[i].reportedInAt == nil {
            summons[i].late =
                dispatchedAt.map { $0.addingTimeInterval(Double(WhistleRules.defaultReportInMinutes) * 60) < now }
                ?? false
        }
        guard let due = dueAt, due < now else { return }
        let openUntil = state.isOpen ? now : closedAt ?? updatedAt
        if openUntil > due {
            overdue = true
            steps.append(Step(kind: .overdue, actor: .system, at: due, note: "已超期，督办"))
        }
        let escalation = Supervision.escalationTime(due: due, dispatched: dispatchedAt)
        if openUntil > escalation, escalation < now {
            escalated = true
            steps.append(Step(kind: .escalated, actor: .system, at: escalation, note: "超期未办，提级督办"))
        }
        steps.sort { $0.at < $1.at }
    }

    private mutating func rate(_ rng: inout SeededRandom) {
        guard reporterRates, rng.unit() < 0.75, let at = advance(120, &rng) else { return }
        let rating = Satisfaction.demoRating(&rng)
        self.rating = rating
        ratedAt = at
        steps.append(Step(kind: .rated, actor: .reporter, at: at, detail: "rating=\(rating.rawValue)"))
    }
}

extension CaseStory.Step {
    init(kind: TimelineEventKind, actor: CaseStory.Actor, at: Date, note: String? = nil, detail: String? = nil) {
        self.init(kind: kind, actor: actor, at: at, from: nil, to: nil, note: note, detail: detail)
    }
}

extension Satisfaction {
    /// How the demo's reporters rate a closed case: 72 % satisfied, 20 % basically, 8 % not.
    public static func demoRating(_ rng: inout SeededRandom) -> Satisfaction {
        let roll = rng.unit()
        return roll < 0.72 ? .satisfied : roll < 0.92 ? .basicallySatisfied : .dissatisfied
    }
}
