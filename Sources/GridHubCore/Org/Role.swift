/// What a person does in GridHub; decides what they may see and do.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// 街道指挥中心: triage, dispatch and supervision for the whole street.
    case commandCentre = "command_centre"
    /// 社区工作人员: the staff of one community.
    case communityStaff = "community_staff"
    /// 网格员: patrols and verifies in their own grids.
    case gridWorker = "grid_worker"
    /// 楼栋长: a volunteer head of a building.
    case buildingHead = "building_head"
    /// 单元长: a volunteer head of a stairwell unit.
    case unitHead = "unit_head"
    /// 部门处置人员: handles what is sent to their department.
    case departmentHandler = "department_handler"
    /// 综合行政执法队: the law-enforcement team stationed in the street.
    case enforcementTeam = "enforcement_team"
    /// 领导: reads everything in the street, changes nothing.
    case leader
    /// 居民 / 骑手: reports problems and follows their own reports.
    case resident
    /// 长者食堂: the community canteen's staff, who take orders and deliver meals.
    case canteenStaff = "canteen_staff"

    /// Staff see organisation data (buildings, departments, cases beyond their own reports).
    public var isStaff: Bool { capabilities.contains(.orgRead) }

    /// Whether the role is held in units of the organisation (a street, community, grid or department)
    /// and bounded by them, rather than held by a person as such (a resident, a building head).
    public var isHeldInUnits: Bool {
        switch self {
        case .commandCentre, .communityStaff, .gridWorker, .departmentHandler, .enforcementTeam, .leader, .canteenStaff: true
        case .buildingHead, .unitHead, .resident: false
        }
    }

    /// Roles that act for a department rather than for the street or a community.
    public var actsForDepartment: Bool { self == .departmentHandler || self == .enforcementTeam }

    /// 中文名 for screens and CLI output.
    public var chineseName: String {
        switch self {
        case .commandCentre: "街道指挥中心"
        case .communityStaff: "社区工作人员"
        case .gridWorker: "网格员"
        case .buildingHead: "楼栋长"
        case .unitHead: "单元长"
        case .departmentHandler: "部门处置人员"
        case .enforcementTeam: "综合行政执法队"
        case .leader: "领导"
        case .resident: "居民"
        case .canteenStaff: "长者食堂"
        }
    }
}
