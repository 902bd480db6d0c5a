import Foundation
import GridHubCore
import GridHubStore
import SQLKit

/// A month of patrols for every grid worker of the demo street: most windows walked in full, some
/// cut short or covering too little, some missed (flagged by the sweep's rule), a few make-ups asked
/// for and decided; the last day at the phone page's ten seconds a fix, older days at two minutes
/// (a tracker app's cadence; Traccar Client's default is five). Each worker's phone is registered with the device id of their username.
struct DemoPatrols {
    var workers: [Principal]
    var grids: [Int64: Grid]
    var buildings: [Int64: [Coordinate]]
    var staffOfCommunity: [Int64: Principal]
    var rng = SeededRandom(seed: 15)

    /// How many patrols were written.
    mutating func write(_ sql: any SQLDatabase, streetID: Int64, today: Date) async throws -> Int {
        let plan = PatrolPlan.standard
        let calendar = WorkingCalendar.standard
        let days = (0...30).reversed().map { PatrolDay.key(today.addingTimeInterval(-Double($0) * 86_400)) }
        var written = 0
        for (n, worker) in workers.enumerated() {
            guard let gridID = worker.gridIDs.first, let grid = grids[gridID] else { continue }
            try await Trackers.add(sql, worker.username, username: worker.username, label: "巡查手机", now: today)
            let route = DemoWalk.route(buildings[gridID] ?? [])
            let careless = n % 7 == 3  // a few workers patrol far less reliably: the table's bottom rows
            for day in PatrolAssessment.workingDays(days, isWorkingDay: calendar.isWorkingDay) {
                for window in plan.windows.indices {
                    guard let range = plan.range(of: PatrolSlot(day: day, window: window)), range.lowerBound < today else {
                        continue
                    }
                    let roll = rng.unit()
                    if roll < (careless ? 0.35 : 0.05) { continue }  // missed
                    let short = roll > 0.96
                    let start = range.lowerBound.addingTimeInterval(rng.unit() * 40 * 60)
                    var minutes = short ? 20 + rng.unit() * 15 : 50 + rng.unit() * 45
                    let running = start.addingTimeInterval(minutes * 60) > today
                    if running { minutes = today.timeIntervalSince(start) / 60 - 0.5 }
                    guard minutes > 1 else { continue }
                    let share = short || rng.unit() < 0.05 ? 0.5 : 1.0  // now and then too little of the grid
                    let stops = Array(route.prefix(max(2, Int((Double(route.count) * share).rounded(.up)))))
                    let recent = today.timeIntervalSince(start) < 86_400
                    let fixes = DemoWalk(stops: stops, start: start, minutes: minutes, interval: recent ? 10 : 120).fixes(&rng)
                    guard !fixes.isEmpty else { continue }
                    _ = try await PatrolStore.recordWalk(
                        sql, accountID: worker.accountID, grid: grid, source: recent ? "app" : "tracker", device: worker.username,
                        fixes: fixes, running: running, now: today)
                    written += 1
                }
            }
        }
        _ = try await PatrolSlots.flagMissed(sql, streetID: streetID, days: days, now: today, calendar: calendar)
        try await makeUps(sql, streetID: streetID, today: today, calendar: calendar)
        return written
    }

    /// Three missed windows from last week: one make-up approved, one refused, one waiting.
    func makeUps(_ sql: any SQLDatabase, streetID: Int64, today: Date, calendar: WorkingCalendar) async throws {
        let weekAgo = PatrolDay.key(today.addingTimeInterval(-7 * 86_400))
        let missed = try await sql.select().columns("account_id", "day", "window_index").from("patrol_slots")
            .where("state", .equal, "missed").where("day", .greaterThanOrEqual, weekAgo).orderBy("day").orderBy("account_id")
            .limit(3).all()
        let reasons = ["上午参加街道网格员培训，未能按时巡查", "处置辖区突发漏水，占用巡查时间", "手机定位故障，巡查轨迹未上传"]
        for (i, row) in missed.enumerated() {
            let account = try row.decode(column: "account_id", as: Int64.self)
            guard let worker = workers.first(where: { $0.accountID == account }), let community = worker.communityID else {
                continue
            }
            let slot = PatrolSlot(
                day: try row.decode(column: "day", as: String.self), window: try row.decode(column: "window_index", as: Int.self))
            let id = try await PatrolSlots.request(
                sql, slot, reason: reasons[i], by: worker, streetID: streetID, communityID: community, calendar: calendar,
                now: today)
            guard i < 2, let staff = staffOfCommunity[community] else { continue }
            try await PatrolSlots.decide(
                sql, id, approve: i == 0, note: i == 0 ? "已核实培训签到" : "定位故障请及时报修，本次不予补签", by: staff, now: today)
        }
    }
}
