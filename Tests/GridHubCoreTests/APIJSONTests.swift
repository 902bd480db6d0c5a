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

/// An object of one key, named at run time, so the encoder's key strategy applies to it.
struct OneKey: Encodable {
    var key: String
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: APIJSON.AnyKey.self)
        try c.encode(1, forKey: APIJSON.AnyKey(stringValue: key))
    }
}
