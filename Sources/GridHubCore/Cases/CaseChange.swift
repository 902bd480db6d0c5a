import Foundation

/// What every case event carries: the entry's kind and the case as it stands after the change, so a
/// subscriber needs nothing else to decide what follows from it.
public struct CaseChange: Codable, Sendable, Hashable {
    public var entry: TimelineEventKind
    public var trackingNumber: String
    public var from: CaseState?
    public var to: CaseState?
    public var state: CaseState
    public var gridID: Int64
    public var communityID: Int64
    public var lead: LeadKind?
    public var departmentID: Int64?
    public var dueAt: Date?
    /// The departments summoned by a whistle, with the time they must report in by.
    public var summoned: [Int64]
    public var reportInDue: Date?
    /// For a merge: the surviving case's tracking number.
    public var mergedInto: String?

    public init(
        entry: TimelineEventKind, trackingNumber: String, from: CaseState?, to: CaseState?, state: CaseState, gridID: Int64,
        communityID: Int64, lead: LeadKind?, departmentID: Int64?, dueAt: Date?, summoned: [Int64] = [],
        reportInDue: Date? = nil, mergedInto: String? = nil
    ) {
        self.entry = entry
        self.trackingNumber = trackingNumber
        self.from = from
        self.to = to
        self.state = state
        self.gridID = gridID
        self.communityID = communityID
        self.lead = lead
        self.departmentID = departmentID
        self.dueAt = dueAt
        self.summoned = summoned
        self.reportInDue = reportInDue
        self.mergedInto = mergedInto
    }

    /// Who answers for the case now: its department, its community, or the street's command centre.
    public func party(streetID: Int64) -> [Recipient] {
        switch lead {
        case .department: departmentID.map(Recipient.staff(ofDepartment:)) ?? [.role(.commandCentre, in: .street(streetID))]
        case .community: [.role(.communityStaff, in: .community(communityID))]
        case .street, nil: [.role(.commandCentre, in: .street(streetID))]
        }
    }
}

extension EventKind {
    /// Every timeline entry of a case is an event of its own kind: `case.reported`, `case.dispatch` …
    public static func `case`(_ entry: TimelineEventKind) -> EventKind { EventKind("case.\(entry.rawValue)") }
}

extension Subject {
    public static func `case`(_ id: Int64) -> Subject { Subject("case", id) }
}
