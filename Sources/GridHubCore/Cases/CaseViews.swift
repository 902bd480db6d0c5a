import Foundation

/// A case as the API shows it.
public struct CaseSummary: Sendable, Hashable, Codable, SnakeCaseKeyed {
    public var id: Int64
    public var trackingNumber: String
    public var state: CaseState
    public var stateName: String
    public var classCode: String?
    public var text: String?
    public var description: String
    public var address: String?
    public var location: Coordinate
    public var gridID: Int64
    public var communityID: Int64
    public var streetID: Int64
    public var channel: ReportChannel
    public var reporterCount: Int
    public var departmentID: Int64?
    public var photos: [String]
    public var reportedAt: Date
    public var updatedAt: Date
    /// department, community or street, once dispatched.
    public var leadKind: String?
    public var whistle = false
    /// The due time (处置时限), set at dispatch; nil before.
    public var dueAt: Date?
    public var overdue = false
    public var escalated = false
    /// An extension has been asked for and not yet decided: the clock stands still.
    public var clockPaused = false
    public var closedAt: Date?
    public var rating: Satisfaction?
    public var mergedInto: Int64?
    /// The class came from the classifier and no person has confirmed it yet (建议分类).
    public var classSuggested = false
    /// The classifier model that suggested it (``TextClassifier/version``).
    public var classifierVersion: Int64?
    /// The moves the signed-in person may make now.
    public var allowedActions: [CaseAction] = []
    /// Whether the signed-in person may set the class now (``Classification``).
    public var mayClassify = false

    /// The API's snake_case names, spelled out so a list of cases is encoded without a key strategy
    /// (``SnakeCaseKeyed``); APIJSONTests checks they are what the strategy would give.
    enum CodingKeys: String, CodingKey {
        case id, trackingNumber = "tracking_number", state, stateName = "state_name", classCode = "class_code", text
        case description, address, location, gridID = "grid_id", communityID = "community_id"
        case streetID = "street_id", channel, reporterCount = "reporter_count", departmentID = "department_id"
        case photos, reportedAt = "reported_at", updatedAt = "updated_at", leadKind = "lead_kind", whistle
        case dueAt = "due_at", overdue, escalated, clockPaused = "clock_paused", closedAt = "closed_at", rating
        case mergedInto = "merged_into", classSuggested = "class_suggested"
        case classifierVersion = "classifier_version", allowedActions = "allowed_actions"
        case mayClassify = "may_classify"
    }

    public init(
        id: Int64, trackingNumber: String, state: CaseState, classCode: String?, text: String?, description: String,
        address: String?, location: Coordinate, gridID: Int64, communityID: Int64, streetID: Int64,
        channel: ReportChannel, reporterCount: Int, departmentID: Int64?, photos: [String], reportedAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.trackingNumber = trackingNumber
        self.state = state
        self.stateName = state.chineseName
        self.classCode = classCode
        self.text = text
        self.description = description
        self.address = address
        self.location = location
        self.gridID = gridID
        self.communityID = communityID
        self.streetID = streetID
        self.channel = channel
        self.reporterCount = reporterCount
        self.departmentID = departmentID
        self.photos = photos
        self.reportedAt = reportedAt
        self.updatedAt = updatedAt
    }
}

extension CaseSummary {
    /// Where the case is, for ``Principal/can(_:on:)``.
    public var place: Place { Place(streetID: streetID, communityID: communityID, gridID: gridID, departmentID: departmentID) }

    /// Fills ``allowedActions`` with the moves `p` may make on it now.
    public mutating func offerMoves(to p: Principal) {
        allowedActions = CaseWorkflow.allowed(from: state, by: p, at: place)
        mayClassify = (try? Classification.check(state: state, by: p, at: place)) != nil
    }
}

/// What happened to a case, appended to its timeline and never edited.
public enum TimelineEventKind: String, Sendable, Codable, CaseIterable {
    /// The first report that opened the case.
    case reported
    /// Another reporter reported the same problem; they are kept on the case.
    case reporterJoined = "reporter_joined"
    case verify, accept, reject, dispatch, whistle, start, handle, `return`, check, close, rework, merge, reopen
    case selfHandle = "self_handle"
    /// A summoned department reported in (报到), on time or late.
    case reportedIn = "reported_in"
    /// A summoned department finished its part.
    case partDone = "part_done"
    /// The handling party asked for more time (延期申请); the clock pauses.
    case extensionRequested = "extension_requested"
    /// The command centre granted more time; the due time moves.
    case extensionApproved = "extension_approved"
    /// Past the due time: flagged overdue and a supervision notice (督办) sent.
    case overdue
    /// Past a second limit: escalated to the leaders.
    case escalated
    /// The reporter rated the result.
    case rated
    /// The street rated a summoned department's part.
    case partRated = "part_rated"
    /// Someone gave the case its class, confirmed the suggested one or corrected it (分类).
    case classified

    /// The entry as a timeline shows it.
    public var chineseName: String {
        switch self {
        case .reported: "上报"
        case .classified: "分类"
        case .reporterJoined: "又有人上报"
        case .verify: "核实"
        case .accept: "立案"
        case .reject: "不予立案"
        case .dispatch: "派遣"
        case .whistle: "吹哨"
        case .start: "开始处置"
        case .handle: "处置完毕"
        case .return: "退回"
        case .check: "核查"
        case .close: "结案"
        case .rework: "返工"
        case .merge: "合并"
        case .reopen: "重新打开"
        case .selfHandle: "自行处置"
        case .reportedIn: "部门报到"
        case .partDone: "部门完成"
        case .extensionRequested: "申请延期"
        case .extensionApproved: "批准延期"
        case .overdue: "超时督办"
        case .escalated: "升级"
        case .rated: "评价"
        case .partRated: "评价部门"
        }
    }

    /// The timeline entry a state-changing action writes.
    public init(_ action: CaseAction) {
        self = TimelineEventKind(rawValue: action.rawValue) ?? .reported
    }
}

/// One entry of a case's append-only timeline.
public struct TimelineEvent: Sendable, Hashable, Codable, SnakeCaseKeyed {
    public var id: Int64
    public var caseID: Int64
    public var at: Date
    public var kind: TimelineEventKind
    public var actorRole: Role?
    /// Who acted, as shown: a display name, or "匿名 · 设备 rider-…" for an anonymous reporter.
    public var actor: String
    public var fromState: CaseState?
    public var toState: CaseState?
    public var note: String?
    public var photos: [String]
    public var detail: String?

    /// The API's snake_case names, spelled out so a list of cases is encoded without a key strategy
    /// (``SnakeCaseKeyed``); APIJSONTests checks they are what the strategy would give.
    enum CodingKeys: String, CodingKey {
        case id, caseID = "case_id", at, kind, actorRole = "actor_role", actor, fromState = "from_state"
        case toState = "to_state", note, photos, detail
    }

    public init(
        id: Int64, caseID: Int64, at: Date, kind: TimelineEventKind, actorRole: Role?, actor: String,
        fromState: CaseState?, toState: CaseState?, note: String?, photos: [String], detail: String? = nil
    ) {
        self.detail = detail
        self.id = id
        self.caseID = caseID
        self.at = at
        self.kind = kind
        self.actorRole = actorRole
        self.actor = actor
        self.fromState = fromState
        self.toState = toState
        self.note = note
        self.photos = photos
    }
}

/// The answer to a report: the tracking number, and whether it joined an existing case.
public struct ReportReceipt: Sendable, Hashable, Codable {
    public var caseID: Int64
    public var trackingNumber: String
    public var state: CaseState
    /// True when the report was a near-duplicate and joined an open case as another reporter.
    public var merged: Bool
    public var gridCode: String
    public var gridName: String
    public var classCode: String?
    /// The class is the classifier's suggestion from the report's words, until a person confirms it.
    public var classSuggested = false
    public var photos: [String]
    public var reportedAt: Date
    public var notice: String
    public var noticeEn: String
    /// The Open311 token of this report, when it came with one.
    public var token: String?

    public init(
        caseID: Int64, trackingNumber: String, state: CaseState, merged: Bool, gridCode: String, gridName: String,
        classCode: String?, photos: [String], reportedAt: Date
    ) {
        self.caseID = caseID
        self.trackingNumber = trackingNumber
        self.state = state
        self.merged = merged
        self.gridCode = gridCode
        self.gridName = gridName
        self.classCode = classCode
        self.photos = photos
        self.reportedAt = reportedAt
        if merged {
            notice = "附近已有人上报了同一问题，您的上报已合并到工单 \(trackingNumber)，处理进展会同样通知您。"
            noticeEn = "Someone nearby already reported this problem; your report joined case \(trackingNumber)."
        } else {
            notice = "上报成功，工单号 \(trackingNumber)，已送达\(gridName)网格员。"
            noticeEn = "Reported: case \(trackingNumber) has reached the grid worker of \(gridName)."
        }
    }
}
