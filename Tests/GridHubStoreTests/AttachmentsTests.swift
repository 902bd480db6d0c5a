import Foundation
import GridHubCore
import GridHubTestSupport
import SQLKit
import Testing

@testable import GridHubDemo
@testable import GridHubStore

@Suite("Attachments for any subject")
struct AttachmentsTests {
    @Test(
        "photos attach to any subject once each, in the order their entries came; a rolled-back attach leaves no row",
        arguments: Engine.all)
    func anySubject(engine: Engine) async throws {
        try await StoreFixture.with(engine) { f async throws in
            let a = try f.photos.save(DemoPhoto.bytes)
            let b = try f.photos.store(kind: .png, bytes: Array("a second photo, already prepared".utf8))
            let visit = Subject("visit", 40)
            let checkIn = Subject("checkin", 3)
            let now = Date(timeIntervalSince1970: 1_795_000_000)
            try await f.database.write { sql in
                try await Attachments.attach(sql, [b], to: visit, entry: 2, now: now)
                try await Attachments.attach(sql, [a, a], to: visit, entry: 1, now: now)
                try await Attachments.attach(sql, [b], to: visit, entry: 3, now: now)  // already there: stays with entry 2
                try await Attachments.attach(sql, [a], to: checkIn, entry: nil, now: now)
            }
            await #expect(throws: GridHubError.self) {
                try await f.database.write { sql in
                    try await Attachments.attach(sql, [b], to: checkIn, entry: nil, now: now)
                    throw GridHubError.notFound("check-in")
                }
            }
            let photos = try await f.database.read { sql in
                try await Attachments.photos(sql, of: [visit, checkIn, Subject("visit", 41)])
            }
            #expect(photos[visit] == [a.sha256, b.sha256])
            #expect(photos[checkIn] == [a.sha256])
            #expect(photos[Subject("visit", 41)] == nil)
            #expect(try await f.count("photos") == 2)
        }
    }
}
