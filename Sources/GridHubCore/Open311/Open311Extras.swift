import Foundation

/// What an Open311 client sends beyond GridHub's own report fields, kept with the report (as JSON in
/// `case_reporters.details`) so staff can reach the reporter and the answers show in `extended_attributes`.
public struct Open311Extras: Sendable, Hashable, Codable {
    public var attributes: [String: [String]]
    public var email: String?
    public var firstName: String?
    public var lastName: String?
    public var accountID: String?
    /// A photo the client hosts itself. GridHub does not fetch it (a server fetching any URL it is
    /// given can be turned against the network it sits in); it is shown back as given.
    public var mediaURL: String?

    /// Spelled out: snake-case conversion would not round-trip `accountID` and `mediaURL`.
    enum CodingKeys: String, CodingKey {
        case attributes, email, firstName = "first", lastName = "last", accountID = "account", mediaURL = "media"
    }

    public init(
        attributes: [String: [String]], email: String?, firstName: String?, lastName: String?, accountID: String?,
        mediaURL: String?
    ) {
        self.attributes = attributes
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.accountID = accountID
        self.mediaURL = mediaURL
    }

    public func json() -> String {
        String(decoding: (try? APIJSON.encoder().encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    public static func decode(_ json: String?) -> Open311Extras? {
        json.flatMap { try? APIJSON.decoder().decode(Open311Extras.self, from: Data($0.utf8)) }
    }
}

/// Finds a building from a written address (`address_string`): the building whose name appears in it,
/// the longest such name winning ("长山花园小区12号楼" over "长山花园小区1号楼"). Spaces are ignored.
public enum AddressMatcher {
    public static func building(in address: String, among buildings: [Building]) -> Building? {
        let text = address.filter { !$0.isWhitespace }
        guard !text.isEmpty else { return nil }
        return buildings.filter { !$0.name.isEmpty && text.contains($0.name.filter { !$0.isWhitespace }) }
            .max { ($0.name.count, -$0.id) < ($1.name.count, -$1.id) }
    }
}
