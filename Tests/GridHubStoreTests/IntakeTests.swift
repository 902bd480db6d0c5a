import Foundation
import GridHubCore
import GridHubTestSupport
import SQLKit
import Testing

@testable import GridHubDemo
@testable import GridHubStore

@Suite("Report intake")
struct IntakeTests {
    struct World {
        let f: StoreFixture
        let desk: ReportDesk
        let directory: GridDirectory
        let worker: Principal
        let otherWorker: Principal
    }

    static func withWorld(_ engine: Engine, _ body: (World) async throws -> Void) async throws {
        try await StoreFixture.with(engine, demo: true) { f in try await body(try await world(f)) }
    }

    static func world(_ f: StoreFixture) async throws -> World {
        let directory = try await GridDirectory.load(OrgStore(database: f.database))
        let accounts = AccountStore(database: f.database)
        let worker = try #require(try await accounts.credentials(username: "wgy01")).account.principal
        let other = try #require(try await accounts.credentials(username: "wgy02")).account.principal
        return World(
            f: f, desk: ReportDesk(database: f.database, directory: directory, photos: f.photos), directory: directory,
            worker: worker, otherWorker: other)
    }

    /// The middle of a grid of the demo street.
    static func center(of grid: Grid) -> Coordinate { DemoStreet.interiorPoint(of: grid.boundary, u: 0.5, v: 0.5) }

    static func receipt(_ answer: StoredAnswer) throws -> ReportReceipt {
        try APIJSON.decoder().decode(ReportReceipt.self, from: answer.body)
    }

    @Test("a report becomes a case in its grid with a tracking number and the first timeline event", arguments: Engine.all)
    func newCase(engine: Engine) async throws {
        try await Self.withWorld(engine) { w async throws in
            let grid = try #require(w.directory.current.grids[w.worker.gridIDs[0]])
            let p = Self.center(of: grid)
            let now = Date()
            let answer = try await w.desk.file(
                ReportDraft(lat: p.lat, lon: p.lon, classCode: "C0102", description: "污水井盖丢失"), photos: [],
                by: w.worker, idempotencyKey: nil, now: now)
            #expect(answer.status == 201)
            let r = try Self.receipt(answer)
            #expect(r.trackingNumber.hasPrefix("YC-\(TrackingNumber.day(of: now))-"))
            #expect(r.gridCode == grid.code.value && !r.merged)
            let cases = CaseStore(database: w.f.database)
            let seen = try #require(try await cases.find(id: r.caseID, in: w.worker.caseScope))
            #expect(seen.state == .reported && seen.channel == .patrol && seen.gridID == grid.id)
            #expect(try await cases.find(id: r.caseID, in: w.otherWorker.caseScope) == nil)
            let timeline = try await cases.timeline(caseID: r.caseID)
            #expect(timeline.count == 1 && timeline[0].kind == .reported && timeline[0].toState == .reported)
            #expect(timeline[0].actorRole == .gridWorker)
        }
    }

    @Test("tracking numbers count up within a day", arguments: Engine.all)
    func trackingSequence(engine: Engine) async throws {
        try await Self.withWorld(engine) { w async throws in
            let grid = try #require(w.directory.current.grids[w.worker.gridIDs[0]])
            let p = Self.center(of: grid)
            let day = Date()
            var numbers = [String]()
            for code in ["C0113", "E0201", "C0201"] {
                let a = try await w.desk.file(
                    ReportDraft(lat: p.lat, lon: p.lon, classCode: code), photos: [], by: w.worker, idempotencyKey: nil, now: day)
                numbers.append(try Self.receipt(a).trackingNumber)
            }
            let sequences = numbers.compactMap { Int($0.split(separator: "-").last ?? "") }
            #expect(sequences.count == 3 && sequences[1] == sequences[0] + 1 && sequences[2] == sequences[1] + 1)
        }
    }

    @Test("a near-duplicate joins the open case as another reporter; the first reporter is kept", arguments: Engine.all)
    func duplicate(engine: Engine) async throws {
        try await Self.withWorld(engine) { w async throws in
            let grid = try #require(w.directory.current.grids[w.worker.gridIDs[0]])
            let p = Self.center(of: grid)
            let first = try Self.receipt(
                try await w.desk.file(
                    ReportDraft(lat: p.lat, lon: p.lon, classCode: "C0101"), photos: [], by: w.worker, idempotencyKey: nil))
            let rider = ReportDraft(lat: p.lat + 20 / 111_320, lon: p.lon, classCode: "C0101", deviceID: "rider-77")
            let answer = try await w.desk.file(rider, photos: [JPEGBytes.small], by: nil, idempotencyKey: nil)
            let second = try Self.receipt(answer)
            #expect(answer.status == 200 && second.merged && second.caseID == first.caseID)
            #expect(second.trackingNumber == first.trackingNumber)
            let c = try #require(try await CaseStore(database: w.f.database).find(id: first.caseID, in: w.worker.caseScope))
            #expect(c.reporterCount == 2 && c.photos.count == 1)
            let timeline = try await CaseStore(database: w.f.database).timeline(caseID: first.caseID)
            #expect(timeline.map(\.kind) == [.reported, .reporterJoined])
            // 60 m away is another problem.
            let far = ReportDraft(lat: p.lat + 60 / 111_320, lon: p.lon, classCode: "C0101", deviceID: "rider-77")
            #expect(try Self.receipt(try await w.desk.file(far, photos: [], by: nil, idempotencyKey: nil)).merged == false)
        }
    }

    @Test("a retry with the same Idempotency-Key returns the first answer and writes nothing", arguments: Engine.all)
    func idempotent(engine: Engine) async throws {
        try await Self.withWorld(engine) { w async throws in
            let grid = try #require(w.directory.current.grids[w.worker.gridIDs[0]])
            let p = Self.center(of: grid)
            let draft = ReportDraft(lat: p.lat, lon: p.lon, text: "路口有一堆砖头", deviceID: "rider-1")
            let first = try await w.desk.file(draft, photos: [], by: nil, idempotencyKey: "k-1")
            let cases = try await w.f.count("cases")
            let retry = try await w.desk.file(draft, photos: [], by: nil, idempotencyKey: "k-1")
            #expect(retry.replayed && retry.body == first.body && retry.status == first.status)
            #expect(try await w.f.count("cases") == cases)
            var changed = draft
            changed.text = "另一件事"
            await #expect(throws: GridHubError.self) {
                try await w.desk.file(changed, photos: [], by: nil, idempotencyKey: "k-1")
            }
            #expect(try await w.f.count("cases") == cases)
        }
    }

    @Test("outside every grid, an unknown class or a non-image photo is refused and nothing is written", arguments: Engine.all)
    func refusals(engine: Engine) async throws {
        try await Self.withWorld(engine) { w async throws in
            let grid = try #require(w.directory.current.grids[w.worker.gridIDs[0]])
            let p = Self.center(of: grid)
            let before = (try await w.f.count("cases"), try await w.f.count("case_events"), try await w.f.count("photos"))
            let filesBefore = PhotoFiles.count(w.f.photos.root)
            let attempts: [(ReportDraft, [[UInt8]], String)] = [
                (ReportDraft(lat: 40.0, lon: 116.4, classCode: "C0101"), [], "outside_service_area"),
                (ReportDraft(lat: p.lat, lon: p.lon, classCode: "Z9999"), [], "unknown_class"),
                (
                    ReportDraft(lat: p.lat, lon: p.lon, classCode: "C0101"), [JPEGBytes.small, Array("GIF89a".utf8)],
                    "not_an_image"
                ),
            ]
            for (draft, photos, code) in attempts {
                do {
                    _ = try await w.desk.file(draft, photos: photos, by: w.worker, idempotencyKey: nil)
                    Issue.record("\(code): accepted")
                } catch let e as GridHubError {
                    #expect(e.code == code)
                }
            }
            #expect((try await w.f.count("cases"), try await w.f.count("case_events"), try await w.f.count("photos")) == before)
            #expect(PhotoFiles.count(w.f.photos.root) == filesBefore)
        }
    }

    @Test("a stored JPEG has no EXIF, is named by its SHA-256, and is stored once", arguments: Engine.all)
    func photos(engine: Engine) async throws {
        try await StoreFixture.with(engine) { f async throws in
            let a = try f.photos.save(JPEGBytes.small)
            let b = try f.photos.save(JPEGBytes.small)
            #expect(a == b && a.kind == .jpeg)
            let bytes = try #require(f.photos.read(sha256: a.sha256))
            #expect(!String(decoding: bytes, as: UTF8.self).contains("Exif"))
            #expect(f.photos.read(sha256: "../../etc/passwd") == nil)
        }
    }
}

/// A JPEG-structured file carrying EXIF GPS, as a phone camera writes it.
enum JPEGBytes {
    static var small: [UInt8] {
        func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
            [0xFF, marker, UInt8((payload.count + 2) >> 8), UInt8((payload.count + 2) & 0xFF)] + payload
        }
        let exif = Array("Exif".utf8) + [0, 0] + Array("MM".utf8) + [0, 42] + Array("GPS 43.88N 125.31E".utf8)
        return [0xFF, 0xD8] + segment(0xE0, Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]) + segment(0xE1, exif)
            + segment(0xDB, [UInt8](repeating: 2, count: 65)) + segment(0xC0, [8, 0, 24, 0, 32, 1, 1, 0x11, 0])
            + segment(0xDA, [1, 1, 0, 0, 63, 0]) + [9, 8, 7] + [0xFF, 0xD9]
    }
}

/// How many photo files a data folder holds.
enum PhotoFiles {
    static func count(_ root: URL) -> Int {
        (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String])?.filter { $0.count > 60 }.count ?? 0
    }
}
