import Foundation

/// The Open311 rules that are not about rendering: which street a `jurisdiction_id` names, the date
/// window of `GET requests`, the contact fields a client may send, and who a report is from.
public enum Open311Rules {
    /// `requests` without dates covers this many days; a given range may not be longer.
    public static let window: TimeInterval = 90 * 86_400

    /// An endpoint with one street serves it without `jurisdiction_id`; with several, the parameter is
    /// required (400). A value no street has is 404. Nil (absent or empty) is "not given".
    public static func street(_ jurisdiction: String?, among streets: [Street]) throws -> Street? {
        guard let jurisdiction else {
            guard streets.count <= 1 else {
                let known = streets.compactMap(\.jurisdiction).joined(separator: ", ")
                throw GridHubError(
                    .badRequest, "jurisdiction_required", "This endpoint serves several streets: give jurisdiction_id (\(known))."
                )
            }
            return streets.first
        }
        guard let street = streets.first(where: { $0.jurisdiction?.lowercased() == jurisdiction.lowercased() }) else {
            throw GridHubError(.notFound, "unknown_jurisdiction", "There is no jurisdiction_id '\(jurisdiction)' here.")
        }
        return street
    }

    /// `start_date`/`end_date` as a range of at most 90 days; the last 90 days when neither is given.
    public static func window(start: Date?, end: Date?, now: Date) throws -> (from: Date, to: Date?) {
        switch (start, end) {
        case (let s?, let e?):
            guard s <= e else { throw GridHubError.invalid("start_date", "start_date is after end_date.") }
            guard e.timeIntervalSince(s) <= window else {
                throw GridHubError.invalid("end_date", "A date range may not span more than 90 days.")
            }
            return (s, e)
        case (let s?, nil): return (s, s.addingTimeInterval(window))
        case (nil, let e?): return (e.addingTimeInterval(-window), e)
        case (nil, nil): return (now.addingTimeInterval(-window), nil)
        }
    }

    /// The contact and account fields, checked, with the answers they come with.
    public static func extras(
        attributes: [String: [String]], email: String?, firstName: String?, lastName: String?, accountID: String?,
        mediaURL: String?
    ) throws -> Open311Extras {
        func short(_ value: String?, _ name: String, _ limit: Int) throws -> String? {
            guard let value, value.count > limit else { return value }
            throw GridHubError.invalid(name, "'\(name)' is at most \(limit) characters.")
        }
        if let email, !(email.contains("@") && !email.hasPrefix("@") && !email.hasSuffix("@")) {
            throw GridHubError.invalid("email", "'\(email)' is not an email address.")
        }
        if let mediaURL, !(mediaURL.hasPrefix("https://") || mediaURL.hasPrefix("http://")) || URL(string: mediaURL) == nil {
            throw GridHubError.invalid("media_url", "media_url must be an http(s) URL.")
        }
        return Open311Extras(
            attributes: attributes, email: try short(email, "email", 254), firstName: try short(firstName, "first_name", 100),
            lastName: try short(lastName, "last_name", 100), accountID: try short(accountID, "account_id", 100),
            mediaURL: try short(mediaURL, "media_url", 2_000))
    }

    /// The client's `device_id` when GridHub can keep it as is (``ReportRules``' rule); otherwise a stable
    /// stand-in from the app and whatever identifies the person, so their reports group together. The
    /// stand-in is keyed (`keyed`: an HMAC with the server's secret), so no one can compute it from a
    /// phone number or an e-mail address.
    public static func deviceID(
        app: String, deviceID: String?, accountID: String?, email: String?, phone: String?,
        keyed: (String) -> String
    ) -> String {
        if let deviceID, ReportRules.isValidDeviceID(deviceID) { return deviceID }
        let who = [deviceID, accountID, email?.lowercased(), phone].compactMap { $0 }.first ?? "anonymous"
        return "open311:\(app):" + String(keyed("\(app)\u{1F}\(who)").prefix(32))
    }
}
