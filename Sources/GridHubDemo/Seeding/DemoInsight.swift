import Foundation
import GridHubCore
import GridHubStore
import Logging

/// What the street finds by itself, in the demo: evening vending at one corner of wgy05's grid on five of
/// the last seven evenings — each report closed because the vendor had gone by the time the grid worker
/// came — which the discovery scan then opens as one case of channel `detection`; and two reports in
/// words only, filed under the classifier's suggestion for the grid worker to confirm.
struct DemoInsight {
    let database: any Database
    let photos: PhotoStore
    let today: Date

    func seed(logger: Logger) async throws {
        let directory = try await GridDirectory.load(OrgStore(database: database))
        let principal = AccountStore(database: database).demoPrincipal
        let desk = ReportDesk(
            database: database, directory: directory, photos: photos, classifier: ReportClassifier(database: database))
        let work = CaseWork(database: database)
        let worker = try await principal("wgy05")
        guard let gridID = worker.gridIDs.first, let grid = directory.current.grids[gridID] else { return }
        let corner = grid.boundary.centroid
        let midnight = CivilDate(today).start
        for (n, day) in [1, 2, 4, 5, 6].enumerated() {
            let resident = try await principal(String(format: "jumin%02d", 10 + n))
            let evening = midnight.addingTimeInterval(-Double(day) * 86_400 + 19 * 3_600 + Double(n) * 420)
            let at = Coordinate(lat: corner.lat + Double(n % 3) * 0.00002, lon: corner.lon + Double(n % 2) * 0.00002)
            let answer = try await desk.file(
                ReportDraft(
                    lat: at.lat, lon: at.lon, classCode: "E0502",
                    description: ["路口又有人摆摊卖水果，占了半条道", "晚上烧烤摊又出来了，堵着路口", "卖菜的三轮车堵在路口"][n % 3]),
                photos: [], by: resident, idempotencyKey: nil, now: evening)
            let id = try APIJSON.decoder().decode(ReportReceipt.self, from: answer.body).caseID
            _ = try await work.perform(CaseCommand(action: .verify), on: id, by: worker, now: evening.addingTimeInterval(900))
            _ = try await work.perform(
                CaseCommand(action: .reject, note: "到场时摊贩已离开"), on: id, by: worker, now: evening.addingTimeInterval(1_500))
        }
        let scan = DiscoveryScan(directory: directory, photos: photos)
        let found = try await database.write { sql in try await scan.run(sql, now: midnight.addingTimeInterval(-3 * 3_600)) }
        for (n, words) in ["楼道灯坏了好几天了，晚上上楼黑咕隆咚的", "小区门口下水井盖子没了，晚上可吓人了"].enumerated() {
            let at = Coordinate(lat: corner.lat - 0.0004 * Double(n + 1), lon: corner.lon)
            _ = try await desk.file(
                ReportDraft(lat: at.lat, lon: at.lon, text: words), photos: [], by: try await principal("jumin20"),
                idempotencyKey: nil, now: midnight.addingTimeInterval(-Double(n + 1) * 3_600))
        }
        logger.info("demo insight seeded", metadata: ["discovered": "\(found)"])
    }
}
