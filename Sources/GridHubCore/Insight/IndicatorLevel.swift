/// What indicators are counted for (考核对象).
public enum IndicatorLevel: String, Sendable, Codable, CaseIterable {
    case street, community, grid, department, worker

    /// Who may read whose indicators: the command centre and leaders any unit of their own street
    /// (`unitStreet`, nil when the unit does not exist); others their own unit.
    public func check(_ p: Principal, id: Int64, unitStreet: Int64?) throws {
        let allowed: Bool
        switch (p.role, self) {
        case (.commandCentre, _), (.leader, _): allowed = unitStreet != nil && unitStreet == p.streetID
        case (.communityStaff, .community): allowed = p.communityID == id
        case (.gridWorker, .grid): allowed = p.gridIDs.contains(id)
        case (.gridWorker, .worker): allowed = p.accountID == id
        case (.departmentHandler, .department), (.enforcementTeam, .department): allowed = p.departmentID == id
        default: allowed = false
        }
        guard allowed else { throw GridHubError.forbidden }
    }
}
