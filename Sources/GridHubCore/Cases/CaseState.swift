/// Where a case stands in GB/T 30428's seven stages, plus the street's side paths.
public enum CaseState: String, Sendable, Codable, CaseIterable {
    /// 上报: received, not yet looked at.
    case reported
    /// 核实: a grid worker is verifying it on site.
    case verifying
    /// 立案: accepted as a problem to fix.
    case accepted
    /// 不予立案: rejected, with a reason.
    case rejected
    /// 派遣: sent to the party the catalogue names.
    case dispatched
    /// 处置中
    case inProgress = "in_progress"
    /// 处置反馈: the handler says it is done, with photos.
    case handled
    /// 核查: the grid worker checks the result.
    case checking
    /// 结案
    case closed
    /// 返工: the check failed; it goes back to the handler.
    case rework
    /// 退回: a department says it is not theirs.
    case returned
    /// 合并: a duplicate of another case.
    case merged
    /// 自行处置: fixed on the spot by the grid worker.
    case selfHandled = "self_handled"

    /// Open cases still need someone to act; near-duplicates join only open cases.
    public var isOpen: Bool {
        switch self {
        case .rejected, .closed, .merged, .selfHandled: false
        default: true
        }
    }

    public static let openStates: [CaseState] = allCases.filter(\.isOpen)

    public var chineseName: String {
        switch self {
        case .reported: "已上报"
        case .verifying: "核实中"
        case .accepted: "已立案"
        case .rejected: "不予立案"
        case .dispatched: "已派遣"
        case .inProgress: "处置中"
        case .handled: "已处置"
        case .checking: "核查中"
        case .closed: "已结案"
        case .rework: "返工"
        case .returned: "已退回"
        case .merged: "已合并"
        case .selfHandled: "自行处置"
        }
    }
}
