import Foundation
import GridHubCore
import GridHubStore
import SQLKit

/// Plays the demo's 90 days of reports through the real workflow, so that queues, timelines, the
/// whistle, overdue flags and indicators all have something to show. Older cases are mostly closed
/// and rated; the last days' are still open at every stage.
struct DemoHistory {
    let work: CaseWork
    let people: [String: Principal]
    let streetID: Int64
    let communityStaff: [Int64: String]
    let photo: StoredPhoto
    var rng: SeededRandom

    /// Moves one case on from `reportedAt`, as its age and a dice roll decide.
    mutating func play(
        _ sql: any SQLDatabase, caseID: Int64, item: CatalogItem?, gridID: Int64, communityID: Int64, reportedAt: Date,
        reporter: Principal?, today: Date
    ) async throws {
        guard let item, let worker = people.values.first(where: { $0.role == .gridWorker && $0.gridIDs.contains(gridID) }),
            let centre = people["zhihui"]
        else { return }
        let ageDays = today.timeIntervalSince(reportedAt) / 86_400
        // How far the case got: recent cases stop early, old ones mostly finish.
        let stages = ageDays < 1 ? Int(rng.next() % 3) : ageDays < 4 ? 2 + Int(rng.next() % 4) : 9
        var t = reportedAt
        func later(_ minutes: Double) -> Date {
            t = t.addingTimeInterval(minutes * 60 * (0.5 + rng.unit()))
            return min(t, today)
        }
        func act(_ action: CaseAction, _ p: Principal, note: String? = nil, photo: Bool = false) async throws {
            let photos = photo ? [self.photo] : []
            _ = try await work.perform(
                sql, CaseCommand(action: action, note: note, photos: photos), on: caseID, by: p, now: later(90))
        }
        guard stages >= 1 else { return }
        try await act(.verify, worker)
        guard stages >= 2 else { return }
        if rng.unit() < 0.08 {
            try await act(.reject, worker, note: "现场核实，问题已不存在。")
            return
        }
        if item.selfHandleAllowed, rng.unit() < 0.3 {
            try await act(.selfHandle, worker, note: "网格员现场处置完毕。", photo: true)
            return
        }
        try await act(.accept, centre)
        guard stages >= 3 else { return }
        let handlers: [Principal]
        if item.responsibility == .whistle {
            _ = try await work.perform(sql, CaseCommand(action: .whistle), on: caseID, by: centre, now: later(30))
            handlers = item.assisting.compactMap { people["bm-\($0.lowercased())"] }
            guard stages >= 4 else { return }
            for (i, h) in handlers.enumerated() {
                _ = try await work.reportIn(sql, caseID: caseID, by: h, now: later(i == 0 && rng.unit() < 0.3 ? 50 : 15))
            }
            guard stages >= 5 else { return }
            for h in handlers {
                _ = try await work.partDone(sql, caseID: caseID, by: h, note: "本部门处置完毕。", photos: [], now: later(240))
            }
        } else {
            _ = try await work.perform(sql, CaseCommand(action: .dispatch), on: caseID, by: centre, now: later(30))
            let party: Principal? =
                if case .department(let code) = item.lead { people["bm-\(code.lowercased())"] } else {
                    communityStaff[communityID].flatMap { people[$0] }
                }
            guard let party, stages >= 4 else { return }
            try await act(.start, party)
            guard stages >= 5 else { return }
            // Most finish within the limit; some take far longer.
            t = t.addingTimeInterval(rng.unit() < 0.15 ? 3 * 86_400 : 0)
            try await act(.handle, party, note: "已处置。", photo: true)
        }
        guard stages >= 6 else { return }
        try await act(.check, worker)
        if rng.unit() < 0.07 {
            try await act(.rework, worker, note: "核查未通过，问题仍在。")
            return
        }
        guard stages >= 7 else { return }
        try await act(.close, worker)
        if let reporter, rng.unit() < 0.8 {
            _ = try await work.rate(sql, caseID: caseID, .demoRating(&rng), comment: nil, by: reporter, now: later(120))
        }
    }
}

/// The one photo the demo's handlers attach: a 48 × 36 JPEG drawn for GridHub (no EXIF).
enum DemoPhoto {
    static let base64 =
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxO"
        + "UlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09P"
        + "T09PT09PT0//wAARCAAkADADASIAAhEBAxEB/8QAFwABAQEBAAAAAAAAAAAAAAAAAAUEAv/EACcQAAICAQIEBgMAAAAAAAAAAAAB"
        + "AgMRBBIFExQxIUFTgZLhIlFx/8QAFwEBAQEBAAAAAAAAAAAAAAAAAgABBf/EAB4RAQABBAIDAAAAAAAAAAAAAAABAhESIQNhBBMx"
        + "/9oADAMBAAIRAxEAPwCiAAi6jGU3iKyxOEoP8ljJq0yXKTWMvudXJOqW7Hgjn1ebMc2FtfOzw1dhAB0ADBqeJdPqJVcndtx47seX"
        + "8N5F4hRdPW2ShVOUXjDUW12RsKGmvjcq3mNHtv8AoWcclZjdQsLyU/om9NqPQt+DHTaj0Lfgw+qjLO2y6UquK8y2FfIxuklnf2z7"
        + "FEg6bT3x1NTdNiSmm24v9l4UjIADEAAkAAk//9k="

    static var bytes: [UInt8] { Data(base64Encoded: base64).map { [UInt8]($0) } ?? [] }
}
