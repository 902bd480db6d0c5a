/// What indicators are counted for (考核对象).
public enum IndicatorLevel: String, Sendable, Codable, CaseIterable {
    case street, community, grid, department, worker

    /// Who may read whose indicators: the command centre and leaders any unit of their own street
    /// (`unitStreet`, nil when the unit does not exist); others their own unit; a grid worker their own work.
    public func check(_ p: Principal, id: Int64, unitStreet: Int64?) throws {
        guard let street = unitStreet else { throw GridHubError.forbidden }
        let place: Place =
            switch self {
            case .street: Place(streetID: street)
            case .community: Place(streetID: street, communityID: id)
            case .grid: Place(streetID: street, gridID: id)
            case .department: Place(streetID: street, departmentID: id)
            case .worker: Place(streetID: street)
            }
        let ownWork = self == .worker && p.accountID == id && p.holds(.gridWorker)
        guard ownWork || p.can(.indicatorsRead, on: place) else { throw GridHubError.forbidden }
    }
}
