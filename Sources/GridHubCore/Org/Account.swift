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
    /// Roles held besides ``role`` (``Principal/more``).
    public var more: [RoleGrant] = []
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
            departmentID: departmentID, gridIDs: gridIDs, more: more)
    }
}

/// The sign-in rules (OWASP ASVS 5, level 2): every guess is counted *before* the password is
/// checked, in the same step that reads the count, so a burst of guesses gets no more than five checked
/// before the account locks for a quarter of an hour; during a lock nothing is checked. Unknown users,
/// wrong passwords and locked accounts get one answer; only the owner, who knows the password, learns
/// of a lock — after it ends, on the next sign-in.
public enum LoginPolicy {
    public static let maxFailures = 5
    public static let lockDuration: TimeInterval = 15 * 60
    public static let minPasswordLength = 8
    /// Failed sign-ins one client address may make (across accounts) in ten minutes.
    public static let perAddress = 20
    public static let addressWindow: TimeInterval = 600

    /// What a sign-in attempt may do, decided before the password is checked.
    public enum Reservation: Sendable, Equatable {
        /// Locked now: the password is not checked (a dummy hash spends the same time).
        case locked
        /// One guess, counted: the account's failure count and lock as they stand if it turns out wrong.
        case guess(failures: Int, lockedUntil: Date?)
    }

    /// Counts one guess against the account's standing count and lock.
    public static func reserve(failures: Int, lockedUntil: Date?, now: Date) -> Reservation {
        if let until = lockedUntil, until > now { return .locked }
        let count = failures + 1
        return count >= maxFailures
            ? .guess(failures: 0, lockedUntil: now.addingTimeInterval(lockDuration)) : .guess(failures: count, lockedUntil: nil)
    }

    /// The one answer every refused sign-in gets.
    public static let refused = GridHubError(.unauthorized, "invalid_credentials", "Wrong username or password.")

    /// After the password was checked: throws ``refused`` unless the guess was allowed and right; a right
    /// password on a disabled account is told so (only the owner can get that far).
    public static func decide(_ reservation: Reservation?, passwordMatches: Bool, disabled: Bool) throws {
        guard case .guess = reservation, passwordMatches else { throw refused }
        if disabled { throw GridHubError(.forbidden, "account_disabled", "This account has been disabled.") }
    }

    public static func validateNewPassword(_ password: String) throws {
        guard password.count >= minPasswordLength else {
            throw GridHubError.invalid("password", "A password has at least \(minPasswordLength) characters.")
        }
    }
}
