import Foundation

/// Where a topic (议题) stands in the four steps (四步议事): the party organisation proposes, the two
/// committees discuss, party members and residents' representatives review by vote, the community
/// publishes the resolution; then its measures are carried out.
public enum TopicState: String, Sendable, Codable, CaseIterable {
    /// 提出: raised by a resident, a grid worker, a committee or from cases.
    case raised
    /// 党组织提议: the party organisation takes it up and names the committee.
    case proposed
    /// 两委会商议: the two committees discussed it (minutes, options).
    case discussed
    /// 党员和居民代表审议: the review meeting's vote passed.
    case reviewed
    /// 公开决议: the resolution is posted; residents may object during the notice period.
    case published
    /// 实施: the notice period is over; the measures are being carried out.
    case inEffect = "in_effect"
    /// 办结: every measure is closed.
    case done
    /// 撤回
    case withdrawn

    public var chineseName: String {
        switch self {
        case .raised: "已提出"
        case .proposed: "党组织提议"
        case .discussed: "两委商议"
        case .reviewed: "代表审议通过"
        case .published: "决议公示"
        case .inEffect: "实施中"
        case .done: "已办结"
        case .withdrawn: "已撤回"
        }
    }

    /// Whether nothing more happens to it.
    public var isFinal: Bool { self == .done || self == .withdrawn }
}

/// A move on a topic.
public enum TopicAction: String, Sendable, Codable, CaseIterable {
    /// 提议: the party organisation takes the topic up and names the committee.
    case propose
    /// 商议: the two committees record their minutes and the options.
    case discuss
    /// 审议通过: made by closing a review meeting's vote that passed.
    case review
    /// 公开: the resolution, its measures and the notice period.
    case publish
    /// 实施: after the notice period; the measures become cases.
    case enact
    /// 办结: made when the last measure's case closes.
    case complete
    /// 退回: back one step, with a reason (after an objection, a failed vote …).
    case `return`
    /// 撤回, with a reason.
    case withdraw

    public var chineseName: String {
        switch self {
        case .propose: "提议"
        case .discuss: "商议"
        case .review: "审议通过"
        case .publish: "公开决议"
        case .enact: "实施"
        case .complete: "办结"
        case .return: "退回"
        case .withdraw: "撤回"
        }
    }
}

/// One legal move: from which states to which (``TopicAction/return`` goes back the step it came).
public struct TopicTransition: Sendable, Hashable {
    public var action: TopicAction
    public var moves: [TopicState: TopicState]
    /// A reason (or the minutes) is required.
    public var needsReason: Bool
}

/// The four-step state machine: the one place that says which move is legal from which state and who
/// may make it. Steering a topic (``Capability/topicSteer``) belongs to the community's staff — the
/// party organisation and the residents' committee — and the command centre; whoever raised a topic
/// may withdraw it while it is only raised.
public enum TopicWorkflow {
    public static let transitions: [TopicTransition] = [
        .init(action: .propose, moves: [.raised: .proposed], needsReason: false),
        .init(action: .discuss, moves: [.proposed: .discussed], needsReason: true),
        .init(action: .review, moves: [.discussed: .reviewed], needsReason: false),
        .init(action: .publish, moves: [.reviewed: .published], needsReason: false),
        .init(action: .enact, moves: [.published: .inEffect], needsReason: false),
        .init(action: .complete, moves: [.inEffect: .done], needsReason: false),
        .init(
            action: .return, moves: [.proposed: .raised, .discussed: .proposed, .reviewed: .discussed, .published: .reviewed],
            needsReason: true),
        .init(
            action: .withdraw,
            moves: [.raised: .withdrawn, .proposed: .withdrawn, .discussed: .withdrawn, .reviewed: .withdrawn],
            needsReason: true),
    ]

    static let byAction = Dictionary(uniqueKeysWithValues: transitions.map { ($0.action, $0) })

    public static func transition(_ action: TopicAction) -> TopicTransition {
        byAction[action] ?? transitions[0]
    }

    /// Moves only the system makes, as the consequence of something else: a passed vote, the last measure closing.
    public static let consequences: Set<TopicAction> = [.review, .complete]

    /// Whether the person may make the move on a topic of `place` that `raiser` raised.
    public static func may(_ action: TopicAction, from state: TopicState, _ p: Principal, at place: Place, raiser: Int64?)
        -> Bool
    {
        if p.can(.topicSteer, on: place) { return true }
        return action == .withdraw && state == .raised && raiser == p.accountID
    }

    /// The moves a person may make by hand now, in the workflow's order.
    public static func allowed(from state: TopicState, by p: Principal, at place: Place, raiser: Int64?) -> [TopicAction] {
        transitions.filter {
            $0.moves[state] != nil && !consequences.contains($0.action)
                && may($0.action, from: state, p, at: place, raiser: raiser)
        }.map(\.action)
    }

    /// Whether a published resolution's notice period is over (it may be enacted from then on).
    public static func noticeOver(endsAt: Date?, now: Date) -> Bool {
        guard let endsAt else { return false }
        return now >= endsAt
    }

    /// The state after the move, or why not: 403 when the person may not make it on this topic, 409 when
    /// the state does not allow it now (naming the moves that it does), 422 when a reason is missing.
    public static func next(
        after action: TopicAction, from state: TopicState, by p: Principal, at place: Place, raiser: Int64?, reason: String?
    ) throws -> TopicState {
        let t = transition(action)
        guard may(action, from: state, p, at: place, raiser: raiser) else {
            throw GridHubError(.forbidden, "not_allowed", "You may not \(action.rawValue) this topic.")
        }
        guard let to = t.moves[state] else {
            let moves = allowed(from: state, by: p, at: place, raiser: raiser).map(\.rawValue)
            throw GridHubError(
                .conflict, "illegal_transition",
                "The topic is \(state.chineseName) (\(state.rawValue)); "
                    + (moves.isEmpty ? "you can make no move on it now." : "allowed now: \(moves.joined(separator: ", ")).")
            )
        }
        if t.needsReason, (reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "").isEmpty {
            throw GridHubError(
                .unprocessable, "reason_required",
                action == .discuss ? "Record the committees' minutes (reason)." : "Give a reason to \(action.rawValue).")
        }
        return to
    }
}
