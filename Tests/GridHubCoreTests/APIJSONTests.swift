import Foundation
import Testing

@testable import GridHubCore

@Suite("The API's JSON keys")
struct APIJSONTests {
    @Test("keys are Foundation's snake_case, but a plural IDs is ids, and they decode back")
    func keys() throws {
        let keys = [
            "caseID", "trackingNumber", "classCode", "reportInMinutes", "allowedActions", "stateName", "deviceToken",
            "top3Rate", "wgs84", "gridCode", "p99Ms", "refreshToken", "lat", "openURL", "htmlBody", "x2",
            "lastFixAt", "inGridS", "distanceM", "classSuggested", "mayClassify", "departmentID", "aB", "fixesRaw",
        ]
        let foundation = JSONEncoder()
        foundation.keyEncodingStrategy = .convertToSnakeCase
        for key in keys {
            let theirs = try JSONSerialization.jsonObject(with: foundation.encode(OneKey(key: key))) as? [String: Int]
            #expect(APIJSON.snakeCase(key) == theirs?.keys.first, "\(key)")
        }
        #expect(APIJSON.snakeCase("caseIDs") == "case_ids" && APIJSON.snakeCase("gridIDs") == "grid_ids")
        for key in ["caseID", "caseIDs", "gridIDs", "trackingNumber", "reportInMinutes", "departmentID"] {
            #expect(APIJSON.camelCase(APIJSON.snakeCase(key)) == key)
        }
        struct Found: Codable, Equatable {
            var caseIDs: [Int64]
            var gridID: Int64
        }
        let data = try APIJSON.encoder().encode(Found(caseIDs: [1, 2], gridID: 3))
        #expect(String(decoding: data, as: UTF8.self) == #"{"case_ids":[1,2],"grid_id":3}"#)
        #expect(try APIJSON.decoder().decode(Found.self, from: data) == Found(caseIDs: [1, 2], gridID: 3))
    }
}

extension APIJSONTests {
    @Test("a case and a timeline entry with every field set encode to the same JSON with or without the key strategy")
    func spelledOutKeys() throws {
        var c = CaseSummary(
            id: 1, trackingNumber: "T1", state: .dispatched, classCode: "E0404", text: "t", description: "d", address: "a",
            location: Coordinate(lat: 43.88, lon: 125.31), gridID: 2, communityID: 3, streetID: 4, channel: .web,
            reporterCount: 2, departmentID: 5, photos: ["p"], reportedAt: Date(timeIntervalSince1970: 1_700_000_000),
            updatedAt: Date(timeIntervalSince1970: 1_700_000_100))
        (c.leadKind, c.whistle, c.dueAt, c.overdue, c.escalated, c.clockPaused) = ("department", true, Date(), true, true, true)
        (c.closedAt, c.rating, c.mergedInto, c.classSuggested, c.classifierVersion) = (Date(), .satisfied, 9, true, 7)
        (c.allowedActions, c.mayClassify) = ([.start, .return], true)
        let e = TimelineEvent(
            id: 1, caseID: 2, at: Date(), kind: .dispatch, actorRole: .commandCentre, actor: "中心", fromState: .accepted,
            toState: .dispatched, note: "n", photos: ["p"], detail: "target=PS")
        #expect(CaseSummary.self is any SnakeCaseKeyed.Type && [TimelineEvent].self is any SnakeCaseKeyed.Type)
        // Every property appears under the name the key strategy gives its Swift name.
        for (value, encoded) in [
            (c as Any, try APIJSON.encoder(for: CaseSummary.self).encode(c)),
            (e, try APIJSON.encoder(for: TimelineEvent.self).encode(e)),
        ] {
            let keys = Set((try JSONSerialization.jsonObject(with: encoded) as? [String: Any] ?? [:]).keys)
            let expected = Set(Mirror(reflecting: value).children.compactMap(\.label).map(APIJSON.snakeCase))
            #expect(keys == expected)
        }
        #expect(try APIJSON.encoder(for: CaseSummary.self).encode(c) == APIJSON.encoder().encode(c))
    }
}

/// An object of one key, named at run time, so the encoder's key strategy applies to it.
struct OneKey: Encodable {
    var key: String
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: APIJSON.AnyKey.self)
        try c.encode(1, forKey: APIJSON.AnyKey(stringValue: key))
    }
}
