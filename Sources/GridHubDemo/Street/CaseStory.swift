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

        public var role: Role? { person?.role }

        /// Someone of the actor's role in post where the story's case is (``CaseStory/place(department:)``).
        var person: Principal? {
            switch self {
            case .reporter, .system: nil
            case .gridWorker: Principal(accountID: 2, username: "grid", role: .gridWorker, streetID: 1, gridIDs: [1])
            case .centre: Principal(accountID: 3, username: "centre", role: .commandCentre, streetID: 1)
            case .community: Principal(accountID: 4, username: "community", role: .communityStaff, streetID: 1, communityID: 1)
            case .department:
                Principal(accountID: 5, username: "department", role: .departmentHandler, streetID: 1, departmentID: 1)
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
        let move = {
            (story: inout CaseStory, action: CaseAction, actor: Actor, minutes: Double, rng: inout SeededRandom, note: String?) in
            story.move(action, actor, after: minutes, item: item, calendar: calendar, &rng, note: note)
        }
        guard stages >= 1, move(&self, .verify, .gridWorker, 40, &rng, nil) else { return }
        guard stages >= 2 else { return }
        if rng.unit() < 0.08 {
            _ = move(&self, .reject, .gridWorker, 60, &rng, "现场核实，问题已不存在。")
            return
        }
        if item.selfHandleAllowed, rng.unit() < 0.3 {
            guard move(&self, .selfHandle, .gridWorker, 60, &rng, "网格员现场处置完毕。") else { return }
            rate(&rng)
            return
        }
        guard move(&self, .accept, .centre, 60, &rng, nil) else { return }
        guard stages >= 3 else { return }
        let whistle = item.responsibility == .whistle
        guard move(&self, whistle ? .whistle : .dispatch, .centre, 30, &rng, nil) else { return }
        let handler: Actor = whistle ? .centre : department.map { .department(code: $0) } ?? .community
        guard stages >= 4 else { return }
        if whistle {
            reportIn(&rng)
        } else {
            _ = move(&self, .start, handler, 45, &rng, nil)
        }
        guard state == .inProgress else { return }
        guard stages >= 5 else { return }
        // Most finish within the limit; some take far longer.
        if rng.unit() < 0.15 { clock = clock.addingTimeInterval(3 * 86_400) }
        if whistle {
            finishParts(&rng)
            guard state == .handled else { return }
        } else {
            guard move(&self, .handle, handler, 240, &rng, "已处置。") else { return }
        }
        guard move(&self, .check, .gridWorker, 90, &rng, nil) else { return }
        if rng.unit() < 0.05 {
            _ = move(&self, .rework, .gridWorker, 30, &rng, "核查未通过，问题仍在。")
            return
        }
        guard move(&self, .close, .gridWorker, 30, &rng, nil) else { return }
        rate(&rng)
    }

    /// Makes the move as the live workflow would (``CaseMove``), by someone of the actor's role in post
    /// where the case is; false (and nothing) when the rules refuse it or the story has reached `now`.
    private mutating func move(
        _ action: CaseAction, _ actor: Actor, after minutes: Double, item: CatalogItem, calendar: WorkingCalendar,
        _ rng: inout SeededRandom, note: String? = nil
    ) -> Bool {
        guard let person = actor.person else { return false }
        let at = clock.addingTimeInterval(minutes * 60 * (0.5 + rng.unit()))
        guard at <= now else { return false }
        let here = CaseAtHand(
            id: 1, state: state, place: Self.place(department: department), lead: lead, whistle: lead == .street,
            respondedAt: respondedAt, closedAt: closedAt, item: item)
        guard
            let plan = try? CaseMove.plan(
                MoveRequest(action: action, note: note, photoCount: 1), on: here, by: person, now: at, calendar: calendar)
        else { return false }
        clock = at
        steps.append(
            Step(
                kind: TimelineEventKind(action), actor: actor, at: at, from: state, to: plan.transition.to, note: note,
                detail: plan.detail))
        state = plan.transition.to
        apply(plan.fields)
        if !plan.summons.isEmpty { summons = plan.summons.map { ($0, nil, nil, false) } }
        return true
    }

    /// Where the story's case is: one street, community and grid, and the department leading it, if any.
    static func place(department: String?) -> Place {
        Place(streetID: 1, communityID: 1, gridID: 1, departmentID: department == nil ? nil : 1)
    }

    private mutating func apply(_ fields: [CaseField]) {
        for field in fields {
            switch field {
            case .acceptedAt(let d): acceptedAt = d
            case .rejectedAt(let d): rejectedAt = d
            case .dispatchedAt(let d): dispatchedAt = d
            case .respondedAt(let d): respondedAt = d
            case .handledAt(let d): handledAt = d
            case .closedAt(let d): closedAt = d
            case .dueAt(let d): dueAt = d
            case .lead(let kind, let code): (lead, department) = (kind, code)
            case .clockReset: (overdue, escalated) = (false, false)
            case .reworked: reworked = true
            case .rating(let r): rating = r
            case .whistle, .mergedInto: break
            }
        }
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
            guard let at = advance(i == 0 ? 30 : 10, &rng), let due = dispatchedAt.map(Self.reportInDue),
                let plan = try? WhistleRules.reportIn(state: state, reportedInAt: summons[i].reportedInAt, due: due, now: at)
            else { return }
            summons[i].reportedInAt = at
            summons[i].late = plan.late
            steps.append(
                Step(
                    kind: .reportedIn, actor: .department(code: summons[i].code), at: at, from: plan.to == nil ? nil : state,
                    to: plan.to, note: plan.late ? "迟到报到" : "按时报到",
                    detail: "department=\(summons[i].code); late=\(plan.late)"))
            if let to = plan.to { state = to }
            apply(plan.fields)
        }
    }

    /// Each reported-in department finishes its part; the last one done hands the case back (handled).
    private mutating func finishParts(_ rng: inout SeededRandom) {
        for i in summons.indices where summons[i].reportedInAt != nil {
            let others = summons.indices.filter { $0 != i && summons[$0].doneAt == nil }.count
            guard let at = advance(120, &rng),
                let plan = try? WhistleRules.partDone(
                    state: state, reportedIn: true, done: summons[i].doneAt != nil, othersPending: others, now: at)
            else { return }
            summons[i].doneAt = at
            steps.append(
                Step(
                    kind: .partDone, actor: .department(code: summons[i].code), at: at, from: plan.to == nil ? nil : state,
                    to: plan.to, note: "本部门处置完毕。", detail: "department=\(summons[i].code)"))
            if let to = plan.to { state = to }
            apply(plan.fields)
        }
    }

    /// When summoned departments must report in by, for a whistle blown at `dispatched`.
    static func reportInDue(_ dispatched: Date) -> Date {
        dispatched.addingTimeInterval(Double(WhistleRules.defaultReportInMinutes) * 60)
    }

    /// What the periodic sweep (督办) did while the case was open: flagged it overdue past its due
    /// time, escalated it past the second limit (``Supervision``), marked summoned departments that
    /// missed the report-in deadline late.
    private mutating func supervise() {
        for i in summons.indices where summons[i].reportedInAt == nil {
            summons[i].late = dispatchedAt.map { Self.reportInDue($0) < now } ?? false
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
