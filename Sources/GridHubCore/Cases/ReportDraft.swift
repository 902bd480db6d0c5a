/// Who filed a report: a signed-in account, or an anonymous device (a rider's phone) with an optional number.
public enum Reporter: Sendable, Hashable {
    case account(id: Int64, role: Role)
    case device(id: String, phone: String?)

    /// A stable key that says "the same reporter" across reports (for merging and idempotency).
    public var key: String {
        switch self {
        case .account(let id, _): "account:\(id)"
        case .device(let id, _): "device:\(id)"
        }
    }
}

/// A report as a client sent it, before any rule has looked at it.
public struct ReportDraft: Sendable, Hashable {
    public var lat: Double?
    public var lon: Double?
    public var crs: String?
    public var classCode: String?
    public var text: String?
    public var description: String?
    public var address: String?
    public var channel: String?
    public var deviceID: String?
    public var phone: String?
    /// The client app it came through, to which the reporter's notifications are also posted.
    public var app: String?
    public var photoCount: Int
    /// Given back to an Open311 client to look its report up by (`tokens/{token}`).
    public var token: String?
    /// What the channel sent beyond the report itself (Open311 attributes and contact), as JSON.
    public var details: String?

    public init(
        lat: Double? = nil, lon: Double? = nil, crs: String? = nil, classCode: String? = nil, text: String? = nil,
        description: String? = nil, address: String? = nil, channel: String? = nil, deviceID: String? = nil,
        phone: String? = nil, app: String? = nil, photoCount: Int = 0
    ) {
        self.app = app
        self.lat = lat
        self.lon = lon
        self.crs = crs
        self.classCode = classCode
        self.text = text
        self.description = description
        self.address = address
        self.channel = channel
        self.deviceID = deviceID
        self.phone = phone
        self.photoCount = photoCount
    }
}

/// A report that has passed every input rule; coordinates are WGS-84.
public struct ReportSubmission: Sendable, Hashable {
    public var location: Coordinate
    public var classCode: String?
    public var text: String?
    public var description: String
    public var address: String?
    public var channel: ReportChannel
    public var reporter: Reporter
    public var app: String?
    public var token: String?
    public var details: String?

    public init(
        location: Coordinate, classCode: String?, text: String?, description: String, address: String?,
        channel: ReportChannel, reporter: Reporter, app: String? = nil
    ) {
        self.app = app
        self.location = location
        self.classCode = classCode
        self.text = text
        self.description = description
        self.address = address
        self.channel = channel
        self.reporter = reporter
    }
}

/// The input rules of report intake (随手拍).
public enum ReportRules {
    public static let maxPhotos = 9
    public static let maxPhotoBytes = 10 * 1024 * 1024
    public static let maxDescription = 4_000
    public static let maxText = 200
    /// Channels only staff may claim: a resident cannot file a "patrol" report.
    static let staffChannels: Set<ReportChannel> = [.patrol, .hotline, .detection, .deliberation]

    /// Applies every rule and returns the submission, or the first problem in words a user can act on.
    /// `principal` is nil for an anonymous reporter.
    public static func validate(_ d: ReportDraft, by principal: Principal?) throws -> ReportSubmission {
        if let principal { try CaseDuties.checkMayChange(principal) }
        guard let lat = d.lat else { throw GridHubError.missing("lat") }
        guard let lon = d.lon else { throw GridHubError.missing("lon") }
        let crs = try CoordinateSystem(parameter: d.crs)
        let location = crs.toWGS84(try Coordinate.validated(lat: lat, lon: lon))

        let classCode = d.classCode.flatMap(nonEmpty)
        let text = d.text.flatMap(nonEmpty)
        guard classCode != nil || text != nil else {
            throw GridHubError(
                .unprocessable, "missing_class", "Choose a class (class_code) or say in words what the problem is (text).")
        }
        // Counted in code points, as JSON Schema's maxLength counts them.
        if let text, text.unicodeScalars.count > maxText {
            throw GridHubError.invalid("text", "The short text is at most \(maxText) characters.")
        }
        let description = d.description?.trimmingWhitespace() ?? ""
        guard description.unicodeScalars.count <= maxDescription else {
            throw GridHubError.invalid(
                "description", "The description is at most \(maxDescription) characters, got \(description.count).")
        }
        guard d.photoCount <= maxPhotos else {
            throw GridHubError.invalid("photos", "At most \(maxPhotos) photos per report, got \(d.photoCount).")
        }

        let channel =
            try d.channel.flatMap(nonEmpty).map { raw in
                guard let c = ReportChannel(rawValue: raw) else {
                    let all = ReportChannel.allCases.map(\.rawValue).joined(separator: ", ")
                    throw GridHubError.invalid("channel", "Unknown channel '\(raw)': use one of \(all).")
                }
                return c
            } ?? (principal?.role == .gridWorker ? .patrol : .web)
        if staffChannels.contains(channel), principal?.can(.orgRead) != true {
            throw GridHubError(
                .forbidden, "channel_not_allowed", "Only staff may file reports on the \(channel.rawValue) channel.")
        }

        // A field sent empty is absent; one sent with a value must be valid, whoever sends it.
        let device = try d.deviceID.flatMap(emptyAsAbsent).map { device in
            guard isValidDeviceID(device) else {
                throw GridHubError.invalid("device_id", "A device id is 1–128 letters, digits, '-', '_', ':' or '.'.")
            }
            return device
        }
        let phone = try d.phone.flatMap(emptyAsAbsent).map(validatedPhone)
        let reporter: Reporter
        if let principal {
            reporter = .account(id: principal.accountID, role: principal.role)
        } else {
            guard let device else {
                throw GridHubError(.unauthorized, "missing_device_id", "Sign in, or send a device_id to report anonymously.")
            }
            reporter = .device(id: device, phone: phone)
        }
        let address = d.address.flatMap(nonEmpty).map { String($0.prefix(200)) }
        let app = try d.app.flatMap(emptyAsAbsent).map { app in
            try ClientApp.validate(app)
            return app
        }
        var submission = ReportSubmission(
            location: location, classCode: classCode, text: text, description: description, address: address,
            channel: channel, reporter: reporter, app: app)
        (submission.token, submission.details) = (d.token, d.details)
        return submission
    }

    /// 1–128 letters, digits, '-', '_', ':' or '.'.
    public static func isValidDeviceID(_ device: String) -> Bool {
        (1...128).contains(device.count)
            && device.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_:.".contains($0)) }
    }

    /// A mainland mobile (11 digits starting 1[3-9]) or a landline of 7–12 digits with optional '-'.
    static func validatedPhone(_ raw: String) throws -> String {
        let digits = raw.filter { $0 != "-" && $0 != " " }
        let mobile =
            digits.count == 11 && digits.hasPrefix("1") && digits.allSatisfy(\.isASCIIDigit)
            && "3456789".contains(digits[digits.index(after: digits.startIndex)])
        let landline = (7...12).contains(digits.count) && digits.allSatisfy(\.isASCIIDigit)
        guard mobile || landline else {
            throw GridHubError.invalid("phone", "'\(raw)' is not a phone number.")
        }
        return digits
    }

    private static func emptyAsAbsent(_ s: String) -> String? {
        s.isEmpty ? nil : s
    }

    private static func nonEmpty(_ s: String) -> String? {
        let t = s.trimmingWhitespace()
        return t.isEmpty ? nil : t
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}

/// A client app that files reports for its users (the riders' mini-program 朝阳小哥E点通, a city app…).
public enum ClientApp {
    /// 1–40 lowercase letters, digits, '-' or '_'.
    public static func validate(_ app: String) throws {
        guard (1...40).contains(app.count),
            app.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_") })
        else {
            throw GridHubError.invalid("app", "An app id is 1–40 lowercase letters, digits, '-' or '_'.")
        }
    }
}
