import Foundation
import GridHubCore
import SQLKit

/// The lookups only Open311 needs: tokens, the extras a report came with, and jurisdictions.
public struct Open311Store: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    /// The tracking number of the case a token's report is on, in the street; nil when unknown there.
    public func trackingNumber(token: String, streetID: Int64) async throws -> String? {
        try await database.read { sql in
            try await sql.select().column(SQLColumn("tracking_no", table: "cases")).from("case_reporters")
                .join("cases", on: SQLColumn("case_id", table: "case_reporters"), .equal, SQLColumn("id", table: "cases"))
                .where(SQLColumn("token", table: "case_reporters"), .equal, SQLBind(token))
                .where(SQLColumn("street_id", table: "cases"), .equal, SQLBind(streetID))
                .first()?.decode(column: "tracking_no", as: String.self)
        }
    }

    /// The extras of the first report on each case that came with some.
    public func extras(caseIDs: [Int64]) async throws -> [Int64: Open311Extras] {
        guard !caseIDs.isEmpty else { return [:] }
        return try await database.read { sql in
            let rows = try await sql.select().columns("case_id", "details").from("case_reporters")
                .where("case_id", .in, caseIDs).where("details", .isNot, SQLLiteral.null).orderBy("reported_at").all()
            var out: [Int64: Open311Extras] = [:]
            for row in rows {
                let id = try row.decode(column: "case_id", as: Int64.self)
                if out[id] == nil, let extras = Open311Extras.decode(try row.decode(column: "details", as: String?.self)) {
                    out[id] = extras
                }
            }
            return out
        }
    }

    /// Names the street by `jurisdiction` (nil clears it). False when no street has the code.
    public func setJurisdiction(streetCode: String, to jurisdiction: String?) async throws -> Bool {
        try await database.write { sql in
            guard
                try await sql.select().column("id").from("streets").where("code", .equal, streetCode).first() != nil
            else { return false }
            try await sql.update("streets").set("jurisdiction", to: jurisdiction)
                .where("code", .equal, streetCode).run()
            return true
        }
    }
}
