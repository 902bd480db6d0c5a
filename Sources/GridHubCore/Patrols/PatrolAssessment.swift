import Foundation

/// One patrol as the assessment reads it.
public struct PatrolRecord: Sendable, Hashable {
    public var slot: PatrolSlot?
    public var durationS: Double
    public var distanceM: Double
    public var coverage: Double?
    public var checkIns: Int
    public var reports: Int

    public init(slot: PatrolSlot?, durationS: Double, distanceM: Double, coverage: Double?, checkIns: Int, reports: Int) {
        self.slot = slot
        self.durationS = durationS
        self.distanceM = distanceM
        self.coverage = coverage
        self.checkIns = checkIns
        self.reports = reports
    }
}

/// A grid worker's month (网格员月度考核): patrols counted of those due (两巡率), and what they did.
public struct AssessmentRow: Sendable, Hashable, Codable {
    public var accountID: Int64
    public var username: String
    public var name: String
    public var communityID: Int64
    public var workingDays: Int
    public var due: Int
    /// Windows with a counted patrol or an approved make-up.
    public var counted: Int
    public var makeUps: Int
    public var missed: Int
    /// counted / due, 0–1; 1 when nothing was due yet.
    public var rate: Double
    public var patrols: Int
    public var averageDurationMin: Double
    public var distanceKm: Double
    public var averageCoverage: Double?
    public var checkIns: Int
    public var reportsFound: Int
    public var casesSelfHandled: Int
}

public enum PatrolAssessment {
    /// The worker's row: `due` are the windows of the month's working days that have ended.
    public static func row(
        accountID: Int64, username: String, name: String, communityID: Int64, workingDays: Int, due: Set<PatrolSlot>,
        patrols: [PatrolRecord], approvedMakeUps: Set<PatrolSlot>, casesSelfHandled: Int
    ) -> AssessmentRow {
        let walked = Set(patrols.compactMap(\.slot)).intersection(due)
        let madeUp = approvedMakeUps.intersection(due).subtracting(walked)
        let counted = walked.count + madeUp.count
        let coverages = patrols.compactMap(\.coverage)
        return AssessmentRow(
            accountID: accountID, username: username, name: name, communityID: communityID, workingDays: workingDays,
            due: due.count, counted: counted, makeUps: madeUp.count, missed: due.count - counted,
            rate: due.isEmpty ? 1 : Double(counted) / Double(due.count), patrols: patrols.count,
            averageDurationMin: patrols.isEmpty ? 0 : patrols.map(\.durationS).reduce(0, +) / Double(patrols.count) / 60,
            distanceKm: patrols.map(\.distanceM).reduce(0, +) / 1000,
            averageCoverage: coverages.isEmpty ? nil : coverages.reduce(0, +) / Double(coverages.count),
            checkIns: patrols.map(\.checkIns).reduce(0, +), reportsFound: patrols.map(\.reports).reduce(0, +),
            casesSelfHandled: casesSelfHandled)
    }

    /// Worst first: the lowest rate, then the lowest coverage, then the name.
    public static func worstFirst(_ rows: [AssessmentRow]) -> [AssessmentRow] {
        rows.sorted {
            ($0.rate, $0.averageCoverage ?? 0, $0.username) < ($1.rate, $1.averageCoverage ?? 0, $1.username)
        }
    }

    /// The working days among Shanghai days (asked at noon, clear of any zone's midnight).
    public static func workingDays(_ days: [String], isWorkingDay: (Date) -> Bool) -> [String] {
        days.filter { day in PatrolDay.start(day).map { isWorkingDay($0.addingTimeInterval(12 * 3600)) } ?? false }
    }

    /// The windows due in `days` (working days only) that ended before `now`.
    public static func due(days: [String], plan: PatrolPlan, isWorkingDay: (Date) -> Bool, now: Date) -> Set<PatrolSlot> {
        var slots = Set<PatrolSlot>()
        for day in workingDays(days, isWorkingDay: isWorkingDay) {
            for i in plan.windows.indices {
                let slot = PatrolSlot(day: day, window: i)
                if let r = plan.range(of: slot), r.upperBound <= now { slots.insert(slot) }
            }
        }
        return slots
    }

    /// The month's table as CSV (UTF-8 with a byte-order mark, so Excel opens the Chinese names).
    public static func csv(_ rows: [AssessmentRow]) -> String {
        let header = "账号,姓名,工作日,应巡,达标,补签,漏巡,两巡率,巡查次数,平均时长(分),里程(公里),平均覆盖率,打卡,发现上报,自行处置"
        let lines = rows.map { r in
            [
                r.username, r.name, "\(r.workingDays)", "\(r.due)", "\(r.counted)", "\(r.makeUps)", "\(r.missed)",
                String(format: "%.3f", r.rate), "\(r.patrols)", String(format: "%.1f", r.averageDurationMin),
                String(format: "%.2f", r.distanceKm), r.averageCoverage.map { String(format: "%.3f", $0) } ?? "",
                "\(r.checkIns)", "\(r.reportsFound)", "\(r.casesSelfHandled)",
            ]
        }
        return CSV.document(header: header, lines)
    }
}
