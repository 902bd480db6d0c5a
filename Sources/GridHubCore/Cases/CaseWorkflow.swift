/// What someone does to a case that moves it to another state.
public enum CaseAction: String, Sendable, Codable, CaseIterable {
    /// 核实: the grid worker goes to look.
    case verify
    /// 立案: accepted as a problem to fix.
    case accept
    /// 不予立案, with a reason.
    case reject
    /// 派遣 to the party the catalogue names (or another, with a reason).
    case dispatch
    /// 吹哨: summon several departments, who must report in before a deadline.
    case whistle
    /// The handling party starts work.
    case start
    /// 处置反馈: the handling party says it is done, with photos.
    case handle
    /// 退回: "not ours", with a reason; back to the command centre.
    case `return`
    /// 核查: the grid worker checks the result on site.
    case check
    /// 结案
    case close
    /// 返工: the check failed; the case goes back to be dispatched again.
    case rework
    /// 合并: a duplicate of another case.
    case merge
    /// 自行处置: the grid worker fixes a minor problem on the spot.
    case selfHandle = "self_handle"
    /// The reporter says it is not fixed, within 7 days of closing.
    case reopen
}

/// One legal move: from which states, to which state; who may make it is the capability
/// ``CaseAction/capability`` names.
public struct CaseTransition: Sendable, Hashable {
    public var action: CaseAction
    public var from: Set<CaseState>
    public var to: CaseState
    /// A reason (note) is required: rejecting, returning, reworking, overriding.
    public var needsReason: Bool
    /// At least one photo is required: handling and self-handling.
    public var needsPhoto: Bool
}

/// The case state machine (GB/T 30428's seven stages plus the street's side paths): the one
/// place that says which move is legal from which state; ``Role/capabilities`` says who may make it.
public enum CaseWorkflow {
    public static let transitions: [CaseTransition] = [
        .init(
            action: .verify, from: [.reported], to: .verifying, needsReason: false, needsPhoto: false
        ),
        .init(
            action: .accept, from: [.verifying], to: .accepted, needsReason: false, needsPhoto: false
        ),
        .init(
            action: .reject, from: [.reported, .verifying], to: .rejected, needsReason: true,
            needsPhoto: false),
        .init(
            action: .dispatch, from: [.accepted, .returned, .rework], to: .dispatched, needsReason: false,
            needsPhoto: false),
        .init(
            action: .whistle, from: [.accepted, .returned, .rework], to: .dispatched, needsReason: false,
            needsPhoto: false),
        .init(action: .start, from: [.dispatched], to: .inProgress, needsReason: false, needsPhoto: false),
        .init(action: .handle, from: [.inProgress], to: .handled, needsReason: false, needsPhoto: true),
        .init(
            action: .return, from: [.dispatched, .inProgress], to: .returned, needsReason: true,
            needsPhoto: false),
        .init(action: .check, from: [.handled], to: .checking, needsReason: false, needsPhoto: false),
        .init(action: .close, from: [.checking], to: .closed, needsReason: false, needsPhoto: false),
        .init(action: .rework, from: [.checking], to: .rework, needsReason: true, needsPhoto: false),
        .init(
            action: .merge, from: [.reported, .verifying, .accepted], to: .merged, needsReason: false,
            needsPhoto: false),
        .init(
            action: .selfHandle, from: [.reported, .verifying], to: .selfHandled, needsReason: false,
            needsPhoto: true),
        .init(
            action: .reopen, from: [.closed], to: .rework, needsReason: true,
            needsPhoto: false),
    ]

    static let byAction = Dictionary(uniqueKeysWithValues: transitions.map { ($0.action, $0) })

    public static func transition(_ action: CaseAction) -> CaseTransition {
        // Every action has exactly one entry (a test holds this).
        byAction[action] ?? transitions[0]
    }

    /// The roles whose capabilities include the move.
    public static func roles(for action: CaseAction) -> Set<Role> {
        Set(Role.allCases.filter { $0.capabilities.contains(action.capability) })
    }

    /// The moves a person may make from a state on a case at `place`, in the order of the workflow.
    public static func allowed(from state: CaseState, by p: Principal, at place: Place) -> [CaseAction] {
        transitions.filter { $0.from.contains(state) && p.can($0.action.capability, on: place) }.map(\.action)
    }

    /// Moves only the party a case was sent to makes; who that is, ``isHandlingParty(_:lead:streetID:departmentID:gridID:communityID:)``
    /// decides (a whistle case has no such party).
    public static let partyActions: Set<CaseAction> = [.start, .handle, .return]

    /// The state after `action`, or why not: 403 when no role the person holds may ever do it, 409 when
    /// the case's state does not allow it now (naming the state and the moves it does allow), 403 when
    /// the case lies outside the units the person holds the capability in.
    public static func next(after action: CaseAction, from state: CaseState, by p: Principal, at place: Place) throws
        -> CaseTransition
    {
        let t = transition(action)
        guard p.can(action.capability) else {
            throw GridHubError(
                .forbidden, "role_not_allowed", "A \(p.role.chineseName) (\(p.role.rawValue)) may not \(action.rawValue) a case.")
        }
        guard t.from.contains(state) else {
            let moves = allowed(from: state, by: p, at: place).map(\.rawValue)
            throw GridHubError(
                .conflict, "illegal_transition",
                "The case is \(state.chineseName) (\(state.rawValue)); "
                    + (moves.isEmpty ? "you can make no move on it now." : "allowed now: \(moves.joined(separator: ", ")).")
            )
        }
        guard partyActions.contains(action) || p.can(action.capability, on: place) else {
            throw GridHubError(
                .forbidden, "outside_your_units", "This case is outside the units where you may \(action.rawValue) cases.")
        }
        return t
    }
}
