import Foundation

/// A move someone asks for, as the rules see it (the store's command carries the photos themselves).
public struct MoveRequest: Sendable, Hashable {
    public var action: CaseAction
    public var note: String?
    public var photoCount: Int
    /// Dispatch: a department code or "community"; nil takes the catalogue's suggestion.
    public var target: String?
    /// Whistle: the departments to summon; empty takes the catalogue's.
    public var departments: [String]
    public var reportInMinutes: Int?
    public var mergeInto: Int64?

    public init(
        action: CaseAction, note: String? = nil, photoCount: Int = 0, target: String? = nil, departments: [String] = [],
        reportInMinutes: Int? = nil, mergeInto: Int64? = nil
    ) {
        self.action = action
        self.note = note
        self.photoCount = photoCount
        self.target = target
        self.departments = departments
        self.reportInMinutes = reportInMinutes
        self.mergeInto = mergeInto
    }
}

/// The case as a move finds it, with what the store looked up for the rules: its catalogue item, who
/// handled it and whether the street lets them check it (for 核查), the case named to merge into.
public struct CaseAtHand: Sendable {
    public var id: Int64
    public var state: CaseState
    public var place: Place
    public var lead: LeadKind?
    public var whistle: Bool
    public var respondedAt: Date?
    public var closedAt: Date?
    public var item: CatalogItem?
    public var handlers: Set<Int64> = []
    public var handlerMayCheck = false
    /// The case named by `merge_into`: nil when there is none in this street, else whether it is open.
    public var mergeTargetIsOpen: Bool?

    public init(
        id: Int64, state: CaseState, place: Place, lead: LeadKind?, whistle: Bool, respondedAt: Date?, closedAt: Date?,
        item: CatalogItem?
    ) {
        self.id = id
        self.state = state
        self.place = place
        self.lead = lead
        self.whistle = whistle
        self.respondedAt = respondedAt
        self.closedAt = closedAt
        self.item = item
    }
}

/// A field of a case a move sets.
public enum CaseField: Sendable, Hashable {
    case acceptedAt(Date)
    case rejectedAt(Date)
    case dispatchedAt(Date)
    case respondedAt(Date)
    case handledAt(Date)
    case closedAt(Date?)
    case dueAt(Date)
    /// Who leads: a department by code, the community, or the street (a whistle).
    case lead(LeadKind, department: String?)
    case whistle(Bool)
    /// The clock starts afresh: not overdue, not escalated, not paused.
    case clockReset
    case reworked
    case mergedInto(Int64)
    case rating(Satisfaction?)
}

/// What a move does: the transition, the fields it sets, the departments a whistle summons, and the
/// particulars its timeline entry records.
public struct CasePlan: Sendable, Hashable {
    public var transition: CaseTransition
    public var fields: [CaseField] = []
    /// Whistle: the departments summoned (codes) and when they must report in by.
    public var summons: [String] = []
    public var reportInDue: Date?
    public var detail: String?
    public var mergeInto: Int64?
}

/// The rules of every move on a case, in one place: who may make it, from which state, what it
/// requires (a reason, a photo, a target …) and what it sets. The store loads and locks the case,
/// asks for the plan and writes it; the demo's history is told through the same plans.
public enum CaseMove {
    /// The time limit when the catalogue gives none (3 working days).
    public static let defaultTimeLimit = TimeLimit(3, .workingDays)

    public static func plan(
        _ r: MoveRequest, on c: CaseAtHand, by p: Principal, now: Date, calendar: WorkingCalendar
    ) throws -> CasePlan {
        let t = try CaseWorkflow.next(after: r.action, from: c.state, by: p, at: c.place)
        if t.needsReason && r.note == nil {
            throw GridHubError(.unprocessable, "missing_note", "Say why (note): \(r.action.rawValue) needs a reason.")
        }
        if t.needsPhoto && r.photoCount == 0 {
            throw GridHubError(.unprocessable, "missing_photo", "Add at least one photo of the result.")
        }
        var plan = CasePlan(transition: t)
        switch r.action {
        case .verify:
            break
        case .check:
            try CaseDuties.checkMayCheck(checker: p.accountID, handledBy: c.handlers, streetAllows: c.handlerMayCheck)
        case .accept:
            plan.fields = [.acceptedAt(now)]
        case .reject:
            plan.fields = [.rejectedAt(now)]
        case .dispatch:
            try dispatch(r, c, now: now, calendar: calendar, into: &plan)
        case .whistle:
            try whistle(r, c, now: now, calendar: calendar, into: &plan)
        case .start, .handle, .return:
            guard !c.whistle else {
                throw GridHubError(
                    .conflict, "whistle_case", "A whistle case moves on as the summoned departments report in and finish.")
            }
            guard
                CaseWorkflow.isHandlingParty(
                    p, lead: c.lead, streetID: c.place.streetID, departmentID: c.place.departmentID,
                    gridID: c.place.gridID ?? 0, communityID: c.place.communityID ?? 0)
            else { throw GridHubError(.forbidden, "not_handling_party", "This case was not sent to you.") }
            if r.action == .start, c.respondedAt == nil { plan.fields = [.respondedAt(now)] }
            if r.action == .handle { plan.fields = [.handledAt(now)] }
        case .close:
            plan.fields = [.closedAt(now)]
        case .rework:
            plan.fields = [.reworked]
        case .merge:
            guard let target = r.mergeInto, target != c.id else {
                throw GridHubError(.unprocessable, "invalid_merge_into", "Name the case this one duplicates (merge_into).")
            }
            guard c.mergeTargetIsOpen == true else {
                throw GridHubError(.unprocessable, "invalid_merge_target", "Case \(target) is not an open case of this street.")
            }
            plan.fields = [.mergedInto(target)]
            plan.mergeInto = target
            plan.detail = "merged_into=\(target)"
        case .selfHandle:
            guard c.item?.selfHandleAllowed == true else {
                throw GridHubError(.unprocessable, "self_handle_not_allowed", "This class cannot be fixed on the spot (自行处置).")
            }
            plan.fields = [.handledAt(now), .closedAt(now)]
        case .reopen:
            try ReopenRules.check(closedAt: c.closedAt, now: now)
            plan.fields = [.reworked, .closedAt(nil), .rating(nil)]
        }
        return plan
    }

    /// 派遣: to the department the catalogue names, or to the community for street-led items; another
    /// target needs a reason. The due time starts now.
    static func dispatch(_ r: MoveRequest, _ c: CaseAtHand, now: Date, calendar: WorkingCalendar, into plan: inout CasePlan)
        throws
    {
        let suggested = c.item.map { DispatchSuggestion(item: $0, now: now, calendar: calendar).leadDepartment ?? "community" }
        guard let target = r.target ?? suggested else {
            throw GridHubError(
                .unprocessable, "missing_target",
                "This case has no class: say where it goes (target: a department code or community).")
        }
        if suggested != nil, CaseWorkflow.overrideNeedsReason(suggested: suggested, chosen: target), r.note == nil {
            throw GridHubError(
                .unprocessable, "missing_note",
                "Sending it elsewhere than the catalogue says (\(suggested ?? "")) needs a reason.")
        }
        let lead: CaseField = target == "community" ? .lead(.community, department: nil) : .lead(.department, department: target)
        plan.fields = [
            lead, .whistle(false), .dispatchedAt(now),
            .dueAt(calendar.due(from: now, limit: c.item?.timeLimit ?? defaultTimeLimit)),
            .clockReset,
        ]
        plan.detail = "target=\(target)"
    }

    /// 吹哨: summon several departments, each to report in within the deadline.
    static func whistle(_ r: MoveRequest, _ c: CaseAtHand, now: Date, calendar: WorkingCalendar, into plan: inout CasePlan)
        throws
    {
        let catalogued = c.item?.responsibility == .whistle ? c.item?.assisting ?? [] : []
        let codes = r.departments.isEmpty ? catalogued : r.departments
        try WhistleRules.validateSummons(codes)
        let minutes = r.reportInMinutes ?? WhistleRules.defaultReportInMinutes
        try WhistleRules.validateReportInMinutes(minutes)
        plan.fields = [
            .lead(.street, department: nil), .whistle(true), .dispatchedAt(now),
            .dueAt(calendar.due(from: now, limit: c.item?.timeLimit ?? defaultTimeLimit)), .clockReset,
        ]
        plan.summons = codes
        plan.reportInDue = now.addingTimeInterval(TimeInterval(minutes) * 60)
        plan.detail = "departments=\(codes.joined(separator: ",")); report_in_minutes=\(minutes)"
    }
}
