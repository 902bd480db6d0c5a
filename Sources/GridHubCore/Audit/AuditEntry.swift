import Foundation

/// One line of the audit trail (审计日志, as MLPS level 3 asks): who did what, to what, from where,
/// and whether it worked. Entries are appended, never edited, and kept at least ``retention``.
public struct AuditEntry: Sendable, Hashable, Codable {
    /// What was done. The raw values are stable: operators filter on them.
    public enum Action: String, Sendable, Codable, CaseIterable {
        case signIn = "auth.sign_in"
        case signOut = "auth.sign_out"
        case refreshReuse = "auth.refresh_reused"
        case accountLocked = "auth.locked"
        case accountCreate = "account.create"
        case passwordChange = "account.password"
        case accountDisable = "account.disable"
        case accountEnable = "account.enable"
        case roleGrant = "account.role_grant"
        case roleRevoke = "account.role_revoke"
        case apiKeyCreate = "api_key.create"
        case apiKeyRevoke = "api_key.revoke"
        case webhookCreate = "webhook.create"
        case webhookRevoke = "webhook.revoke"
        case backup = "data.backup"
        case restore = "data.restore"
        case export = "data.export"
        case `import` = "data.import"
        case streetSettings = "street.settings"
        case personRead = "person.read"
        /// Someone read another person's patrol track or position (行踪轨迹).
        case trackRead = "patrol.track_read"
        case trackerAdd = "tracker.add"
        case trackerRemove = "tracker.remove"
        /// Someone read a resident's record (a household page, a search listing them, an export).
        case residentRead = "resident.read"
        /// Someone saw a resident's ID number or phone in the clear, for the reason given.
        case residentReveal = "resident.reveal"
        case registerImport = "resident.import"
        case registerExport = "resident.export"
        /// The database's sealing key was rotated and every sealed value re-sealed.
        case keyRotate = "data.key_rotate"
        /// The command centre set the street's points rules.
        case pointsRules = "points.rules"
        /// The command centre corrected a balance or funded the budget, with a reason.
        case pointsAdjust = "points.adjust"
    }

    public enum Outcome: String, Sendable, Codable {
        case success, failure, refused
    }

    /// The shortest time an entry is kept.
    public static let retention: TimeInterval = 180 * 86_400

    public var at: Date
    /// The account that acted, when one did (nil for an unknown username or the command line).
    public var actorID: Int64?
    /// Who acted as they named themselves: a username, or `cli:<user>` for the command line.
    public var actor: String
    public var action: Action
    public var outcome: Outcome
    /// What it was done to (`account:wgy01`, `api_key:3`, …).
    public var subject: String?
    /// The client's address, for requests.
    public var address: String?
    public var detail: String?

    public init(
        at: Date, actorID: Int64? = nil, actor: String, action: Action, outcome: Outcome = .success,
        subject: String? = nil, address: String? = nil, detail: String? = nil
    ) {
        self.at = at
        self.actorID = actorID
        self.actor = actor
        self.action = action
        self.outcome = outcome
        self.subject = subject
        self.address = address
        self.detail = detail
    }
}
