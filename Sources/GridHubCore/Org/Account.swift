import Foundation

/// A person who can sign in, with the part of the organisation their role is scoped to.
public struct Account: Sendable, Hashable, Codable {
    public var id: Int64
    public var username: String
    public var displayName: String
    public var role: Role
    public var streetID: Int64?
    public var communityID: Int64?
    public var departmentID: Int64?
    public var gridIDs: [Int64]
    public var phone: String?
    public var disabled: Bool
    public var failedLogins: Int
    public var lockedUntil: Date?

    public init(
        id: Int64, username: String, displayName: String, role: Role, streetID: Int64?, communityID: Int64?,
        departmentID: Int64?, gridIDs: [Int64], phone: String?, disabled: Bool, failedLogins: Int, lockedUntil: Date?
    ) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.role = role
        self.streetID = streetID
        self.communityID = communityID
        self.departmentID = departmentID
        self.gridIDs = gridIDs
        self.phone = phone
        self.disabled = disabled
        self.failedLogins = failedLogins
        self.lockedUntil = lockedUntil
    }

    public var principal: Principal {
        Principal(
            accountID: id, username: username, role: role, streetID: streetID, communityID: communityID,
            departmentID: departmentID, gridIDs: gridIDs)
    }
}

/// The sign-in rules: five wrong passwords in a row lock the account for a quarter of an hour.
public enum LoginPolicy {
    public static let maxFailures = 5
    public static let lockDuration: TimeInterval = 15 * 60
    public static let minPasswordLength = 8

    /// Whether the account may try to sign in now.
    public static func check(_ account: Account, now: Date) throws {
        if account.disabled {
            throw GridHubError(.forbidden, "account_disabled", "This account has been disabled.")
        }
        if let until = account.lockedUntil, until > now {
            let minutes = Int((until.timeIntervalSince(now) / 60).rounded(.up))
            throw GridHubError(
                .locked, "account_locked",
                "Too many wrong passwords: the account is locked for \(minutes) more minute(s).")
        }
    }

    /// The failure count and lock after one more wrong password.
    public static func afterFailure(failures: Int, now: Date) -> (failures: Int, lockedUntil: Date?) {
        let count = failures + 1
        return count >= maxFailures ? (0, now.addingTimeInterval(lockDuration)) : (count, nil)
    }

    public static func validateNewPassword(_ password: String) throws {
        guard password.count >= minPasswordLength else {
            throw GridHubError.invalid("password", "A password has at least \(minPasswordLength) characters.")
        }
    }
}
