import Foundation
import GridHubCore

/// A move on a case as a person asked for it.
public struct CaseCommand: Sendable {
    public var action: CaseAction
    public var note: String?
    public var photos: [StoredPhoto]
    /// Dispatch: the department code to send to, or "community"; nil takes the catalogue's suggestion.
    public var target: String?
    /// Whistle: the departments to summon; empty takes the catalogue's.
    public var departments: [String]
    /// Whistle: minutes the departments have to report in (default 30).
    public var reportInMinutes: Int?
    /// Merge: the case this one duplicates.
    public var mergeInto: Int64?

    public init(
        action: CaseAction, note: String? = nil, photos: [StoredPhoto] = [], target: String? = nil,
        departments: [String] = [], reportInMinutes: Int? = nil, mergeInto: Int64? = nil
    ) {
        self.action = action
        self.note = note.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        self.photos = photos
        self.target = target
        self.departments = departments
        self.reportInMinutes = reportInMinutes
        self.mergeInto = mergeInto
    }
}

extension CaseCommand {
    /// The move as the rules see it (``CaseMove``).
    var request: MoveRequest {
        MoveRequest(
            action: action, note: note, photoCount: photos.count, target: target, departments: departments,
            reportInMinutes: reportInMinutes, mergeInto: mergeInto)
    }
}
