import Crypto
import Foundation
import GridHubCore
import SQLKit

/// Sends a one-time code to a phone. A street plugs its SMS gateway in here; GridHub has none, so
/// ``ShownOnPage`` hands the code back to be shown on the 随手拍 page (the demo's way).
public protocol PhoneCodeSender: Sendable {
    /// Sends the code; returns it when the caller must show it itself (no gateway), nil once it is sent.
    func send(code: String, to phone: PhoneNumber) async throws -> String?
}

/// No SMS gateway: the code is shown on the page that asked for it.
public struct ShownOnPage: PhoneCodeSender {
    public init() {}
    public func send(code: String, to phone: PhoneNumber) async throws -> String? { code }
}

/// Riders' claims of their device's points (``RiderClaim``).
public struct RiderClaims: Sendable {
    let database: any Database
    let sender: any PhoneCodeSender

    public init(database: any Database, sender: any PhoneCodeSender) {
        self.database = database
        self.sender = sender
    }

    public struct Started: Sendable, Codable, Hashable {
        public var expiresAt: Date
        /// Only without an SMS gateway: the code, to show on the page.
        public var demoCode: String?
    }

    public struct Claimed: Sendable, Codable, Hashable {
        public var username: String
        public var accountID: Int64
        public var created: Bool
        /// Points moved from the device to the account now.
        public var moved: Int64
    }

    static func hash(_ code: String, device: String, phone: String) -> String {
        SHA256.hash(data: Data("\(device)|\(phone)|\(code)".utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Sends a code to the phone for the (verified) device; 429 past five a day, 409 once it is linked.
    public func start(device: String, phone raw: String, now: Date = Date()) async throws -> Started {
        let phone = try PhoneNumber(raw)
        let code = RiderClaim.code()
        let expires = now.addingTimeInterval(RiderClaim.lifetime)
        try await database.write { sql in
            if try await Self.linked(sql, device: device) != nil {
                throw GridHubError(.conflict, "claimed_already", "This device's points have been claimed already.")
            }
            let today = try await sql.select().column("id").from("points_claims").where("device_id", .equal, device)
                .where("created_at", .greaterThanOrEqual, StoredTime.millis(now.addingTimeInterval(-86_400))).all().count
            guard today < RiderClaim.perDay else {
                throw GridHubError(.tooManyRequests, "too_many_codes", "Five codes a day at most; try again tomorrow.")
            }
            try await sql.insert(into: "points_claims")
                .columns("device_id", "phone", "code_hash", "attempts", "created_at", "expires_at")
                .values(
                    SQLBind(device), SQLBind(phone.value), SQLBind(Self.hash(code, device: device, phone: phone.value)),
                    SQLBind(0),
                    SQLBind(StoredTime.millis(now)), SQLBind(StoredTime.millis(expires))
                ).run()
        }
        return Started(expiresAt: expires, demoCode: try await sender.send(code: code, to: phone))
    }

    /// Checks the code; on success makes the phone's account (or finds the one it has), links the
    /// device and moves its points once. A wrong code counts against the code's five guesses.
    public func finish(
        device: String, phone raw: String, code typed: String, displayName: String?, passwordHash hash: String,
        now: Date = Date()
    ) async throws -> Claimed {
        let phone = try PhoneNumber(raw)
        let code = try RiderClaim.typed(typed)
        let name = displayName?.trimmingCharacters(in: .whitespacesAndNewlines).prefix(20).description
        let guessed: Result<Claimed, GridHubError> = try await database.write { sql in
            guard
                let claim = try await sql.select().columns("id", "code_hash", "attempts").from("points_claims")
                    .where("device_id", .equal, device).where("phone", .equal, phone.value).where("used_at", .is, SQLLiteral.null)
                    .where("expires_at", .greaterThan, StoredTime.millis(now)).orderBy("id", .descending).first()
            else { return .failure(GridHubError(.unprocessable, "no_code", "Ask for a code first, or ask again: it expired.")) }
            let id = try claim.decode(column: "id", as: Int64.self)
            guard try claim.decode(column: "attempts", as: Int.self) < RiderClaim.attempts else {
                return .failure(GridHubError(.tooManyRequests, "too_many_attempts", "Five wrong codes: ask for a new one."))
            }
            guard try claim.decode(column: "code_hash", as: String.self) == Self.hash(code, device: device, phone: phone.value)
            else {
                // Counted and committed: the refusal below is not a rollback.
                try await sql.raw("UPDATE points_claims SET attempts = attempts + 1 WHERE id = \(bind: id)").run()
                return .failure(GridHubError(.unprocessable, "wrong_code", "That is not the code sent to your phone."))
            }
            guard try await Self.linked(sql, device: device) == nil else {
                return .failure(GridHubError(.conflict, "claimed_already", "This device's points have been claimed already."))
            }
            guard let street = try await Self.street(sql, device: device) else {
                return .failure(GridHubError(.unprocessable, "no_reports", "This device has reported nothing here yet."))
            }
            var created = false
            let account: Int64
            if let existing = try await sql.select().column("id").from("accounts").where("username", .equal, phone.value).first()
            {
                account = try existing.decode(column: "id", as: Int64.self)
            } else {
                account = try await AccountStore.create(
                    sql,
                    NewAccount(
                        username: phone.value, displayName: (name?.isEmpty ?? true) ? "骑手\(phone.value.suffix(4))" : name ?? "",
                        passwordHash: hash, role: .resident, streetID: street, phone: phone.value),
                    now: now)
                created = true
            }
            try await sql.update("points_claims").set("used_at", to: StoredTime.millis(now)).set("account_id", to: account)
                .where("id", .equal, id).run()
            let available = try await PointsLedger.balance(sql, street: street, .device(device)).available
            if available > 0 {
                _ = try await PointsLedger.transfer(
                    sql,
                    .init(
                        streetID: street, from: .device(device), to: .account(account), amount: Int(available), kind: .claim,
                        reason: "设备积分转入账户", source: "claim:device:\(device)", actor: account),
                    at: now)
                try await PointsStore.announce(
                    sql, PointsEvent.claimed, street: street, at: now,
                    PointsFacts(holder: PointsHolder.account(account).key, amount: Int(available), reason: "设备积分转入账户"))
            }
            return .success(Claimed(username: phone.value, accountID: account, created: created, moved: available))
        }
        return try guessed.get()
    }

    /// The account a device was linked to, if any.
    static func linked(_ sql: any SQLDatabase, device: String) async throws -> Int64? {
        try await sql.select().column("account_id").from("points_claims").where("device_id", .equal, device)
            .where("used_at", .isNot, SQLLiteral.null).first()?.decode(column: "account_id", as: Int64?.self)
    }

    /// The street a device reported in.
    static func street(_ sql: any SQLDatabase, device: String) async throws -> Int64? {
        try await sql.raw(
            """
            SELECT c.street_id AS street_id FROM case_reporters r JOIN cases c ON c.id = r.case_id
            WHERE r.device_id = \(bind: device) ORDER BY r.id DESC LIMIT 1
            """
        ).first()?.decode(column: "street_id", as: Int64.self)
    }
}
