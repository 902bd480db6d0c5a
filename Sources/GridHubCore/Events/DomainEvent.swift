import Foundation

/// What happened, named `feature.verb` (`case.reported`, `case.dispatch`, later `patrol.finished`,
/// `points.earned`). Each feature declares its own kinds next to its rules; this type knows none of them.
public struct EventKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    /// The feature the kind belongs to: `case` for `case.dispatch`.
    public var feature: Substring { rawValue.prefix { $0 != "." } }
}

/// What a record is about: `case:12`, later `patrol:3`, `visit:40`, `deliberation:5`.
public struct Subject: Hashable, Sendable, Codable, CustomStringConvertible {
    public var kind: String
    public var id: Int64
    public init(_ kind: String, _ id: Int64) {
        self.kind = kind
        self.id = id
    }
    public var key: String { "\(kind):\(id)" }
    public var description: String { key }

    /// Reads a key written by ``key``; nil for anything else.
    public init?(key: String) {
        let parts = key.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, !parts[0].isEmpty, let id = Int64(parts[1]) else { return nil }
        self.init(String(parts[0]), id)
    }
}

/// One change, as written to the event log in the transaction that made it. Subscribers (notices,
/// webhooks, and later points, audit and the live screens) read the log; nobody calls them directly.
public struct DomainEvent: Sendable, Hashable {
    /// The log's position; nil before it is written.
    public var id: Int64?
    public var kind: EventKind
    public var streetID: Int64
    public var subject: Subject
    public var actorAccountID: Int64?
    public var at: Date
    /// The facts the kind carries, as JSON (each feature decodes its own type with ``facts(_:)``).
    public var data: Data

    public init<Facts: Encodable>(
        kind: EventKind, streetID: Int64, subject: Subject, actorAccountID: Int64?, at: Date, facts: Facts
    ) throws {
        self.init(
            id: nil, kind: kind, streetID: streetID, subject: subject, actorAccountID: actorAccountID, at: at,
            data: try Self.encoder.encode(facts))
    }

    public init(
        id: Int64?, kind: EventKind, streetID: Int64, subject: Subject, actorAccountID: Int64?, at: Date, data: Data
    ) {
        self.id = id
        self.kind = kind
        self.streetID = streetID
        self.subject = subject
        self.actorAccountID = actorAccountID
        self.at = at
        self.data = data
    }

    public func facts<Facts: Decodable>(_ type: Facts.Type) throws -> Facts {
        try Self.decoder.decode(type, from: data)
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = .sortedKeys
        e.dateEncodingStrategy = .millisecondsSince1970
        return e
    }()
    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .millisecondsSince1970
        return d
    }()
}
