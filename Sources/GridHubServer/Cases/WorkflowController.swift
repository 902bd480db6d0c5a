import Foundation
import GridHubCore
import GridHubStore
import Hummingbird

/// The case workflow over HTTP: moves, the whistle's report-ins, extensions, ratings, work lists.
struct WorkflowController {
    let work: CaseWork
    let cases: CaseStore
    let photos: PhotoStore
    let notifications: NotificationStore
    let devices: DeviceStore
    let directory: GridDirectory

    /// A move as JSON (or as multipart fields, with photos as files).
    struct ActionBody: Decodable {
        var action: String
        var note: String?
        var target: String?
        var departments: [String]?
        var reportInMinutes: Int?
        var mergeInto: Int64?
    }

    func addRoutes(to group: some RouterMethods<AppRequestContext>) {
        group.post("cases/:id/actions", use: act)
        group.get("cases/:id/dispatch-suggestion", use: suggestion)
        group.get("cases/:id/summons", use: summons)
        group.post("cases/:id/report-in", use: reportIn)
        group.post("cases/:id/part-done", use: partDone)
        group.post("cases/:id/summons/:code/score", use: scorePart)
        group.post("cases/:id/extension", use: requestExtension)
        group.post("cases/:id/extension/decision", use: decideExtension)
        group.post("cases/:id/rating", use: rate)
        group.get("tasks", use: tasks)
        group.get("me/notifications", use: myNotifications)
        group.post("me/notifications/read", use: markRead)
    }

    @Sendable func act(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<CaseSummary> {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.id("id", of: "case")
        let (body, uploads) = try await Self.read(ActionBody.self, request, context)
        guard let action = CaseAction(rawValue: body.action) else {
            let all = CaseAction.allCases.map(\.rawValue).joined(separator: ", ")
            throw GridHubError.invalid("action", "Unknown action '\(body.action)': use one of \(all).")
        }
        // The body's bounds hold whatever the move: a field another move would read is still checked.
        if let minutes = body.reportInMinutes { try WhistleRules.validateReportInMinutes(minutes) }
        if let target = body.mergeInto, target < 1 {
            throw GridHubError.invalid("merge_into", "merge_into is the id of a case (1 or more).")
        }
        if !uploads.isEmpty { try await work.authorise(action, caseID: id, by: principal) }
        let stored = try await photos.saveAll(uploads)
        let command = CaseCommand(
            action: action, note: body.note, photos: stored, target: body.target, departments: body.departments ?? [],
            reportInMinutes: body.reportInMinutes, mergeInto: body.mergeInto)
        var summary = try await work.perform(command, on: id, by: principal)
        summary.offerMoves(to: principal)
        return JSONResponse(summary)
    }

    @Sendable func suggestion(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<DispatchSuggestion> {
        let principal = try context.requirePrincipal()
        guard let s = try await work.suggestion(caseID: try context.parameters.id("id", of: "case"), by: principal) else {
            throw GridHubError(.unprocessable, "no_class", "The case has no catalogue class; choose where it goes.")
        }
        return JSONResponse(s)
    }

    @Sendable func summons(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[Summons]> {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.id("id", of: "case")
        guard try await cases.find(id: id, in: principal.caseScope) != nil else { throw GridHubError.notFound("case") }
        return JSONResponse(try await work.summons(caseID: id))
    }

    @Sendable func reportIn(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<CaseSummary> {
        JSONResponse(
            try await work.reportIn(caseID: try context.parameters.id("id", of: "case"), by: try context.requirePrincipal()))
    }

    struct NoteBody: Decodable { var note: String? }

    @Sendable func partDone(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<CaseSummary> {
        let principal = try context.requirePrincipal()
        let (body, uploads) = try await Self.read(NoteBody.self, request, context)
        let id = try context.parameters.id("id", of: "case")
        if !uploads.isEmpty { try await work.authorise(nil, caseID: id, by: principal) }
        return JSONResponse(
            try await work.partDone(
                caseID: id, by: principal, note: body.note,
                photos: try await photos.saveAll(uploads)))
    }

    struct ScoreBody: Decodable { var score: Int }

    @Sendable func scorePart(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.decode(as: ScoreBody.self, context: context)
        try await work.ratePart(
            caseID: try context.parameters.id("id", of: "case"), departmentCode: context.parameters.get("code") ?? "",
            score: body.score, by: try context.requirePrincipal())
        return Response(status: .noContent)
    }

    struct ExtensionBody: Decodable {
        var hours: Int
        var note: String?
    }

    @Sendable func requestExtension(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<CaseSummary> {
        let body = try await request.decode(as: ExtensionBody.self, context: context)
        return JSONResponse(
            try await work.requestExtension(
                caseID: try context.parameters.id("id", of: "case"), hours: body.hours, reason: body.note,
                by: try context.requirePrincipal()))
    }

    struct DecisionBody: Decodable { var approve: Bool }

    @Sendable func decideExtension(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<CaseSummary> {
        let body = try await request.decode(as: DecisionBody.self, context: context)
        return JSONResponse(
            try await work.decideExtension(
                caseID: try context.parameters.id("id", of: "case"), approve: body.approve, by: try context.requirePrincipal()))
    }

    struct RatingBody: Decodable {
        var rating: String
        var comment: String?
    }

    @Sendable func rate(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<CaseSummary> {
        let body = try await request.decode(as: RatingBody.self, context: context)
        guard let satisfaction = Satisfaction(rawValue: body.rating) else {
            throw GridHubError.invalid("rating", "A rating is satisfied, basically_satisfied or dissatisfied.")
        }
        return JSONResponse(
            try await work.rate(
                caseID: try context.parameters.id("id", of: "case"), satisfaction, comment: body.comment,
                by: try context.requirePrincipal()))
    }

    /// 待办: the signed-in person's work list (`queue`, default the role's first), with filters.
    @Sendable func tasks(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<TaskPage> {
        let principal = try context.requirePrincipal()
        let queues = TaskQueue.queues(for: principal.role)
        let queue =
            try request.query("queue", as: String.self).map { raw in
                guard let q = TaskQueue(rawValue: raw) else {
                    throw GridHubError.invalid("queue", "Unknown queue '\(raw)'.")
                }
                guard queues.contains(q) else {
                    throw GridHubError(
                        .forbidden, "not_your_queue", "Your queues are \(queues.map(\.rawValue).joined(separator: ", ")).")
                }
                return q
            } ?? queues[0]
        var query = CaseQuery(queue: queue, role: principal.role)
        (query.limit, query.offset) = try request.paging()
        query.after = try request.query("after", as: String.self).map(QueueCursor.init(token:))
        if query.after != nil, query.offset > 0 {
            throw GridHubError(
                .unprocessable, "after_with_offset", "Page by after (the `next` of the page before) or by offset, not both.")
        }
        try CaseController.applyFilters(request, to: &query, directory: directory)
        if try request.query("overdue", as: Bool.self) == true { query.overdueOnly = true }
        let page = try await cases.cases(in: principal.caseScope, query)
        let items = page.items.map { c -> CaseSummary in
            var c = c
            c.offerMoves(to: principal)
            return c
        }
        return JSONResponse(
            TaskPage(
                queue: queue, queues: queues, items: items, total: page.total, totalCapped: page.totalCapped,
                next: page.next?.token, limit: query.limit, offset: query.offset))
    }

    struct TaskPage: Encodable, Sendable, SnakeCaseKeyed {
        var queue: TaskQueue
        var queues: [TaskQueue]
        var items: [CaseSummary]
        /// How many cases the queue holds, counted up to 1,000 (`total_capped` when there are more).
        var total: Int
        var totalCapped: Bool
        /// The `after` of the next page; absent on the last.
        var next: String?
        var limit: Int
        var offset: Int

        enum CodingKeys: String, CodingKey {
            case queue, queues, items, total, totalCapped = "total_capped", next, limit, offset
        }
    }

    @Sendable func myNotifications(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<
        [Notice]
    > {
        let (limit, offset) = try request.paging()
        let device = try await anonymousDevice(request, context)
        return JSONResponse(try await notifications.list(for: context.principal, deviceID: device, limit: limit, offset: offset))
    }

    struct ReadBody: Decodable { var ids: [Int64]? }
    struct ReadAnswer: Encodable, Sendable { var marked: Int }

    /// Marks the named notifications (or all) as read.
    @Sendable func markRead(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<ReadAnswer> {
        let body = try await request.decode(as: ReadBody.self, context: context)
        let device = try await anonymousDevice(request, context)
        return JSONResponse(
            ReadAnswer(marked: try await notifications.markRead(for: context.principal, deviceID: device, ids: body.ids)))
    }

    /// Nil for a signed-in reader; else the device that proved itself (``DeviceProof``).
    func anonymousDevice(_ request: Request, _ context: AppRequestContext) async throws -> String? {
        _ = try DeviceProof.given(request)
        return context.principal == nil ? try await DeviceProof(devices: devices).device(of: request) : nil
    }

    // MARK: Bodies

    /// The fields a workflow form may carry; others are ignored, as unknown JSON keys are.
    static let formFields: Set<String> = [
        "action", "note", "target", "departments", "report_in_minutes", "merge_into", "hours", "score", "approve", "rating",
        "comment",
    ]

    /// Decodes a JSON body, or a multipart body's fields (lists comma-separated) and files.
    static func read<T: Decodable>(_ type: T.Type, _ request: Request, _ context: AppRequestContext) async throws -> (
        T, [[UInt8]]
    ) {
        guard let form = try await request.multipartForm() else {
            return (try await request.decode(as: T.self, context: context), [])
        }
        let known = form.pairs.map(\.name).filter(formFields.contains)
        if let name = Dictionary(grouping: known, by: { $0 }).first(where: { $0.value.count > 1 && $0.key != "departments" })?.key
        {
            throw GridHubError(.badRequest, "repeated_field", "The form field '\(name)' is given more than once.")
        }
        var object = [String: FormValue]()
        for (key, value) in form.fields where formFields.contains(key) {
            switch key {
            case "departments": object[key] = .list(value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            case "report_in_minutes", "merge_into", "hours", "score":
                object[key] = Int(value).map(FormValue.number) ?? .text(value)
            default: object[key] = .text(value)
            }
        }
        let data = try JSONEncoder().encode(object)
        do {
            return (try APIJSON.decoder().decode(T.self, from: data), form.files)
        } catch {
            throw GridHubError(.badRequest, "bad_request", "The form fields are missing or malformed: \(error).")
        }
    }
}

/// A workflow form field as the JSON body would carry it.
enum FormValue: Encodable {
    case text(String)
    case number(Int)
    case list([String])

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .text(let s): try c.encode(s)
        case .number(let n): try c.encode(n)
        case .list(let l): try c.encode(l)
        }
    }
}
