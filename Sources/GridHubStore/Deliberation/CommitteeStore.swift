import Foundation
import GridHubCore
import SQLKit

/// A community's standing bodies for deliberation: its committees (five by default, renameable) and
/// their members with terms, the representatives invited to review meetings, and its voting rules.
/// Only those who steer the community's topics change them; everyone in the street may read them.
public struct CommitteeStore: Sendable {
    let database: any Database
    let directory: GridDirectory

    public init(database: any Database, directory: GridDirectory) {
        self.database = database
        self.directory = directory
    }

    public struct Member: Sendable, Hashable, Codable {
        public var id: Int64
        public var name: String
        public var post: CommitteePost
        public var accountID: Int64?
        public var termStarts: String
        public var termEnds: String
    }

    public struct CommitteeView: Sendable, Hashable, Codable {
        public var id: Int64
        public var communityID: Int64
        public var kind: CommitteeKind
        public var name: String
        public var members: [Member]
    }

    public struct Representative: Sendable, Hashable, Codable {
        public var id: Int64
        public var communityID: Int64
        public var kind: RepresentativeKind
        public var name: String
        public var accountID: Int64?
    }

    func community(_ id: Int64, in principal: Principal) throws -> Community {
        guard let c = directory.current.communities[id], c.streetID == principal.streetID else {
            throw GridHubError.notFound("community")
        }
        return c
    }

    func steer(_ c: Community, _ principal: Principal) throws {
        try principal.require(.topicSteer, on: Place(streetID: c.streetID, communityID: c.id))
    }

    // MARK: Committees

    /// The community's committees with their current members; the five are made the first time they are asked for.
    public func committees(communityID: Int64, by principal: Principal) async throws -> [CommitteeView] {
        let c = try community(communityID, in: principal)
        return try await database.write { sql in
            try await Self.ensureDefaults(sql, c)
            return try await Self.views(sql, communityID: c.id)
        }
    }

    static func ensureDefaults(_ sql: any SQLDatabase, _ c: Community) async throws {
        for kind in CommitteeKind.allCases {
            try await sql.insert(into: "committees").columns("street_id", "community_id", "kind", "name")
                .values(SQLBind(c.streetID), SQLBind(c.id), SQLBind(kind.rawValue), SQLBind(kind.defaultName))
                .ignoringConflicts(with: ["community_id", "kind"]).run()
        }
    }

    static func views(_ sql: any SQLDatabase, communityID: Int64) async throws -> [CommitteeView] {
        let rows = try await sql.select().columns("*").from("committees").where("community_id", .equal, communityID)
            .orderBy("id").rows(CommitteeRow.self)
        let members = try await sql.select().columns("*").from("committee_members")
            .where("committee_id", .in, SQLBind.group(rows.compactMap(\.id))).where("removed_at", .is, SQLLiteral.null)
            .orderBy("post").orderBy("id").rows(CommitteeMemberRow.self)
        let byCommittee = Dictionary(grouping: members, by: \.committeeId)
        return rows.map { r in
            CommitteeView(
                id: r.id ?? 0, communityID: r.communityId, kind: CommitteeKind(rawValue: r.kind) ?? .mediation, name: r.name,
                members: (byCommittee[r.id ?? 0] ?? []).map {
                    Member(
                        id: $0.id ?? 0, name: $0.name, post: CommitteePost(rawValue: $0.post) ?? .member, accountID: $0.accountId,
                        termStarts: $0.termStarts, termEnds: $0.termEnds)
                })
        }
    }

    static func view(_ sql: any SQLDatabase, _ row: CommitteeRow) async throws -> CommitteeView {
        guard let view = try await views(sql, communityID: row.communityId).first(where: { $0.id == row.id }) else {
            throw GridHubError.notFound("committee")
        }
        return view
    }

    /// The committee (in the principal's street), or 404.
    static func committee(_ sql: any SQLDatabase, _ id: Int64, street: Int64?) async throws -> CommitteeRow {
        guard let row = try await sql.select().columns("*").from("committees").where("id", .equal, id).row(CommitteeRow.self),
            row.streetId == street
        else { throw GridHubError.notFound("committee") }
        return row
    }

    public func rename(_ committeeID: Int64, to name: String, by principal: Principal) async throws -> CommitteeView {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...30).contains(name.count) else {
            throw GridHubError(.unprocessable, "invalid_name", "A committee's name is 2–30 characters.")
        }
        return try await database.write { sql in
            let row = try await Self.committee(sql, committeeID, street: principal.streetID)
            try steer(try community(row.communityId, in: principal), principal)
            try await sql.update("committees").set("name", to: name).where("id", .equal, committeeID).run()
            return try await Self.view(sql, row)
        }
    }

    public func addMember(_ committeeID: Int64, _ input: CommitteeMemberInput, by principal: Principal, now: Date = Date())
        async throws -> CommitteeView
    {
        let m = try input.validated()
        return try await database.write { sql in
            let row = try await Self.committee(sql, committeeID, street: principal.streetID)
            try steer(try community(row.communityId, in: principal), principal)
            if let account = input.accountID { try await Self.requireAccount(sql, account, street: row.streetId) }
            if input.post == .chair {
                // One chair at a time: naming a new one makes the old one a member.
                try await sql.update("committee_members").set("post", to: CommitteePost.member.rawValue)
                    .where("committee_id", .equal, committeeID).where("post", .equal, CommitteePost.chair.rawValue)
                    .where("removed_at", .is, SQLLiteral.null).run()
            }
            _ = try await sql.insertReturningID(
                into: "committee_members",
                CommitteeMemberRow(
                    committeeId: committeeID, name: m.name, post: input.post.rawValue, accountId: input.accountID,
                    termStarts: m.starts.description, termEnds: m.ends.description, addedAt: StoredTime.millis(now)))
            return try await Self.view(sql, row)
        }
    }

    public func removeMember(_ memberID: Int64, by principal: Principal, now: Date = Date()) async throws {
        try await database.write { sql in
            guard
                let m = try await sql.select().columns("*").from("committee_members").where("id", .equal, memberID)
                    .where("removed_at", .is, SQLLiteral.null).row(CommitteeMemberRow.self)
            else { throw GridHubError.notFound("member") }
            let row = try await Self.committee(sql, m.committeeId, street: principal.streetID)
            try steer(try community(row.communityId, in: principal), principal)
            try await sql.update("committee_members").set("removed_at", to: StoredTime.millis(now)).where("id", .equal, memberID)
                .run()
        }
    }

    static func requireAccount(_ sql: any SQLDatabase, _ id: Int64, street: Int64) async throws {
        guard
            try await sql.select().column("id").from("accounts").where("id", .equal, id).where("street_id", .equal, street)
                .first() != nil
        else { throw GridHubError(.unprocessable, "unknown_account", "There is no account \(id) in this street.") }
    }

    // MARK: Representatives

    public func representatives(communityID: Int64, by principal: Principal) async throws -> [Representative] {
        let c = try community(communityID, in: principal)
        return try await database.read { sql in try await Self.representatives(sql, communityID: c.id) }
    }

    static func representatives(_ sql: any SQLDatabase, communityID: Int64) async throws -> [Representative] {
        try await sql.select().columns("*").from("representatives").where("community_id", .equal, communityID)
            .where("removed_at", .is, SQLLiteral.null).orderBy("kind").orderBy("id").rows(RepresentativeRow.self).map {
                Representative(
                    id: $0.id ?? 0, communityID: $0.communityId, kind: RepresentativeKind(rawValue: $0.kind) ?? .resident,
                    name: $0.name, accountID: $0.accountId)
            }
    }

    /// Adds a party member or residents' representative (by name; with their account — by id or username —
    /// when they have a phone to vote on; one seat per account).
    public func addRepresentative(
        communityID: Int64, kind: RepresentativeKind, name: String, accountID: Int64?, username: String? = nil,
        by principal: Principal, now: Date = Date()
    ) async throws -> Representative {
        let c = try community(communityID, in: principal)
        try steer(c, principal)
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...20).contains(name.count) else {
            throw GridHubError(.unprocessable, "invalid_name", "A representative's name is 1–20 characters.")
        }
        return try await database.write { sql in
            var accountID = accountID
            if let username = username?.trimmingCharacters(in: .whitespaces), !username.isEmpty, accountID == nil {
                guard
                    let row = try await sql.select().column("id").from("accounts").where("username", .equal, username)
                        .where("street_id", .equal, c.streetID).first()
                else {
                    throw GridHubError(.unprocessable, "unknown_account", "There is no account '\(username)' in this street.")
                }
                accountID = try row.decode(column: "id", as: Int64.self)
            }
            if let accountID {
                try await Self.requireAccount(sql, accountID, street: c.streetID)
                let seated = try await sql.select().column("id").from("representatives").where("community_id", .equal, c.id)
                    .where("account_id", .equal, accountID).where("removed_at", .is, SQLLiteral.null).first()
                guard seated == nil else {
                    throw GridHubError(.conflict, "seated_already", "This account is a representative here already.")
                }
            }
            let id = try await sql.insertReturningID(
                into: "representatives",
                RepresentativeRow(
                    streetId: c.streetID, communityId: c.id, kind: kind.rawValue, name: name, accountId: accountID,
                    addedAt: StoredTime.millis(now)))
            return Representative(id: id, communityID: c.id, kind: kind, name: name, accountID: accountID)
        }
    }

    public func removeRepresentative(_ id: Int64, by principal: Principal, now: Date = Date()) async throws {
        try await database.write { sql in
            guard
                let r = try await sql.select().columns("*").from("representatives").where("id", .equal, id)
                    .where("removed_at", .is, SQLLiteral.null).row(RepresentativeRow.self)
            else { throw GridHubError.notFound("representative") }
            try steer(try community(r.communityId, in: principal), principal)
            try await sql.update("representatives").set("removed_at", to: StoredTime.millis(now)).where("id", .equal, id).run()
        }
    }

    // MARK: Voting rules

    static func rules(_ sql: any SQLDatabase, communityID: Int64) async throws -> VotingRules {
        guard
            let row = try await sql.select().column("rules").from("voting_rules").where("community_id", .equal, communityID)
                .first(),
            let rules = try? JSONDecoder().decode(
                VotingRules.self, from: Data(try row.decode(column: "rules", as: String.self).utf8))
        else { return .standard }
        return rules
    }

    public func rules(communityID: Int64, by principal: Principal) async throws -> VotingRules {
        let c = try community(communityID, in: principal)
        return try await database.read { sql in try await Self.rules(sql, communityID: c.id) }
    }

    public func setRules(_ rules: VotingRules, communityID: Int64, by principal: Principal, now: Date = Date()) async throws
        -> VotingRules
    {
        let c = try community(communityID, in: principal)
        try steer(c, principal)
        let rules = try rules.validated()
        let text = String(decoding: try JSONEncoder().encode(rules), as: UTF8.self)
        try await database.write { sql in
            try await sql.delete(from: "voting_rules").where("community_id", .equal, c.id).run()
            try await sql.insert(into: "voting_rules").columns("community_id", "rules", "updated_at", "updated_by")
                .values(SQLBind(c.id), SQLBind(text), SQLBind(StoredTime.millis(now)), SQLBind(principal.accountID)).run()
        }
        return rules
    }
}
