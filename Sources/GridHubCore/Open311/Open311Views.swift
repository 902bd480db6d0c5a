import Foundation

/// GridHub's data in the shapes and field names of the GeoReport v2 specification.
public enum Open311Views {
    /// One entry of `services`: a catalogue class a client may report under.
    public static func service(_ item: CatalogItem, leadName: String) -> Open311Node {
        .object([
            "service_code": .text(item.code),
            "service_name": .text(item.name),
            "description": .text(
                "\(item.kind.chineseName) · \(item.majorName)：\(item.name)。由\(leadName)主责，处置时限\(item.timeLimit)。"),
            "metadata": .bool(true),
            "type": .text("realtime"),
            "keywords": .text([item.majorName, item.kind.chineseName, leadName].joined(separator: ",")),
            "group": .text(item.majorName),
        ])
    }

    /// `services/{code}`: the attributes a report of this class may carry.
    public static func definition(_ item: CatalogItem) -> Open311Node {
        .object([
            "service_code": .text(item.code),
            "attributes": .list(
                item: "attribute",
                Open311Attributes.definition(of: item).map { a in
                    .object([
                        "variable": .bool(true),
                        "code": .text(a.code),
                        "datatype": .text(a.datatype.rawValue),
                        "required": .bool(a.required),
                        "datatype_description": .text(a.datatypeDescription),
                        "order": .integer(Int64(a.order)),
                        "description": .text(a.description),
                        "values": .list(
                            item: "value", a.values.map { .object(["key": .text($0.key), "name": .text($0.name)]) }),
                    ])
                }),
        ])
    }

    /// What a request's answer says besides the case itself.
    public struct RequestContext: Sendable {
        public var serviceName: String?
        /// The department (or the street, or the community) handling it.
        public var agency: String?
        public var serviceNotice: String?
        /// `http://host:port`, so `media_url` can be fetched as given.
        public var baseURL: String
        /// With `extensions=true`: the timeline (as `notes`), photos and GridHub's own state.
        public var timeline: [TimelineEvent]?
        public var attributes: [String: [String]]
        public var mediaURL: String?
        public var gridName: String?

        public init(
            serviceName: String?, agency: String?, serviceNotice: String?, baseURL: String, timeline: [TimelineEvent]?,
            attributes: [String: [String]] = [:], mediaURL: String? = nil, gridName: String? = nil
        ) {
            self.serviceName = serviceName
            self.agency = agency
            self.serviceNotice = serviceNotice
            self.baseURL = baseURL
            self.timeline = timeline
            self.attributes = attributes
            self.mediaURL = mediaURL
            self.gridName = gridName
        }
    }

    /// One `request`. The id is the tracking number residents already know (YC-20261127-0042).
    public static func request(_ c: CaseSummary, _ context: RequestContext) -> Open311Node {
        let photos = c.photos.map { "\(context.baseURL)/api/v1/photos/\($0)" }
        var fields: [Open311Field] = [
            .init("service_request_id", .text(c.trackingNumber)),
            .init("status", .text(c.state.isOpen ? "open" : "closed")),
            .init("status_notes", .text(statusNotes(c, timeline: context.timeline))),
            .init("service_name", .text(context.serviceName ?? c.text)),
            .init("service_code", .text(c.classCode)),
            .init("description", .text(c.description.isEmpty ? c.text : c.description)),
            .init("agency_responsible", .text(context.agency)),
            .init("service_notice", .text(context.serviceNotice)),
            .init("requested_datetime", .text(Open311Time.format(c.reportedAt))),
            .init("updated_datetime", .text(Open311Time.format(c.updatedAt))),
            .init("expected_datetime", .text(c.dueAt.map(Open311Time.format))),
            .init("address", .text(c.address)),
            .init("address_id", .text(nil)),
            .init("zipcode", .text(nil)),
            .init("lat", .number(c.location.lat)),
            .init("long", .number(c.location.lon)),
            .init("media_url", .text(photos.first ?? context.mediaURL)),
        ]
        if let timeline = context.timeline {
            fields.append(.init("notes", .list(item: "note", timeline.map(note))))
            fields.append(.init("extended_attributes", extended(c, context, photos: photos)))
        }
        return .object(fields)
    }

    /// The state in words, with the latest note staff wrote.
    static func statusNotes(_ c: CaseSummary, timeline: [TimelineEvent]?) -> String {
        var notes = c.state.chineseName
        if c.overdue && c.state.isOpen { notes += "（已超时督办）" }
        let staffNote = timeline?.last { $0.actorRole?.isStaff == true && !($0.note ?? "").isEmpty }?.note
        if let staffNote { notes += "：" + staffNote }
        return notes
    }

    /// A timeline entry. Who acted is given by role only, and only staff's notes are published: a public
    /// API never names a reporter or a worker, nor repeats what a (co-)reporter wrote or a rating said.
    static func note(_ e: TimelineEvent) -> Open311Node {
        .object([
            "datetime": .text(Open311Time.format(e.at)),
            "summary": .text(e.kind.chineseName),
            "description": .text(e.actorRole?.isStaff == true ? e.note : nil),
            "type": .text(e.kind.rawValue),
            "actor": .text(e.actorRole?.chineseName ?? (e.kind == .reported || e.kind == .reporterJoined ? "上报人" : "系统")),
            "status": .text(e.toState?.rawValue),
        ])
    }

    /// `extended_attributes`: every photo, the answers to the service's attributes, and `gridhub` —
    /// the case's detailed state in GridHub's own terms (documented in docs/open311.md).
    static func extended(_ c: CaseSummary, _ context: RequestContext, photos: [String]) -> Open311Node {
        let answered = Open311Attributes.all.map(\.code).filter { context.attributes[$0] != nil }
        return .object([
            "media_urls": .list(item: "media_url", (photos + [context.mediaURL].compactMap { $0 }).map { .text($0) }),
            "attributes": .list(
                item: "attribute",
                answered.map { code in
                    .object([
                        "code": .text(code),
                        "values": .list(item: "value", (context.attributes[code] ?? []).map { .text($0) }),
                    ])
                }),
            "gridhub": .object([
                "state": .text(c.state.rawValue),
                "state_name": .text(c.state.chineseName),
                "grid": .text(context.gridName),
                "lead": .text(c.leadKind),
                "whistle": .bool(c.whistle),
                "overdue": .bool(c.overdue),
                "escalated": .bool(c.escalated),
                "clock_paused": .bool(c.clockPaused),
                "reporter_count": .integer(Int64(c.reporterCount)),
                "closed_datetime": .text(c.closedAt.map(Open311Time.format)),
            ]),
        ])
    }

    /// The body of every error answer: `errors/error` with the HTTP code and what went wrong.
    public static func errors(code: Int, description: String) -> Open311Document {
        Open311Document(
            root: "errors",
            body: .list(item: "error", [.object(["code": .integer(Int64(code)), "description": .text(description)])]))
    }
}
