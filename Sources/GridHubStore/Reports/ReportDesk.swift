import Crypto
import Foundation
import GridHubCore

/// The front desk of 随手拍: applies the input rules, finds the grid and the class, stores the
/// photos, and files the report through ``ReportIntake`` — the same path for every channel.
public struct ReportDesk: Sendable {
    let directory: GridDirectory
    let catalog: CatalogStore
    let accounts: AccountStore
    let photos: PhotoStore
    let intake: ReportIntake
    /// Classes reports that come in words only; nil leaves them for a person.
    let classifier: ReportClassifier?

    public init(database: any Database, directory: GridDirectory, photos: PhotoStore, classifier: ReportClassifier? = nil) {
        self.classifier = classifier
        self.directory = directory
        self.catalog = CatalogStore(database: database)
        self.accounts = AccountStore(database: database)
        self.photos = photos
        self.intake = ReportIntake(database: database)
    }

    /// Files a report. `photoUploads` are raw bytes as received; `idempotencyKey` makes retries safe;
    /// `streetID`, when given, is the one street the report must fall in (an Open311 jurisdiction).
    public func file(
        _ draft: ReportDraft, photos photoUploads: [[UInt8]], by principal: Principal?, idempotencyKey: String?,
        streetID: Int64? = nil, now: Date = Date()
    ) async throws -> StoredAnswer {
        var draft = draft
        draft.photoCount = photoUploads.count
        let report = try ReportRules.validate(draft, by: principal)
        guard let grid = try await directory.locate(report.location) else {
            throw GridHubError(
                .unprocessable, "outside_service_area",
                "The position (\(report.location.lat), \(report.location.lon)) is outside every grid GridHub serves.")
        }
        guard let street = directory.current.streets[grid.streetID] else { throw GridHubError.notFound("street") }
        if let streetID, streetID != street.id {
            throw GridHubError(
                .badRequest, "outside_jurisdiction",
                "(\(report.location.lat), \(report.location.lon)) is in \(street.name), not in the street asked for.")
        }
        var item: CatalogItem?
        if let code = report.classCode {
            item = try await catalog.item(streetID: street.id, code: code)
            guard item != nil else {
                throw GridHubError(
                    .unprocessable, "unknown_class", "There is no class '\(code)' in \(street.name)'s catalogue.")
            }
        }
        var suggestedBy: Int64?
        if item == nil, let classifier, let text = Classification.text(of: report) {
            let model = classifier.current
            if let best = model.suggest(text, limit: 1).first, best.score >= Classification.minimumScore {
                item = try await catalog.item(streetID: street.id, code: best.code)
                suggestedBy = item == nil ? nil : model.version
            }
        }
        let stored = try await photos.saveAll(photoUploads)
        let claim = try idempotencyKey.map {
            try IdempotencyClaim(scope: report.reporter.key, key: $0, requestHash: Self.fingerprint(report, stored))
        }
        return try await intake.submit(
            report, at: Placement(street: street, grid: grid, item: item, suggestedBy: suggestedBy), photos: stored,
            actorLabel: try await label(of: report.reporter), idempotency: claim, now: now)
    }

    func label(of reporter: Reporter) async throws -> String {
        switch reporter {
        case .account(let id, let role):
            let name = try await accounts.displayName(id: id) ?? "#\(id)"
            return "\(name)（\(role.chineseName)）"
        case .device(let id, _):
            return "匿名上报 · \(id)"
        }
    }

    /// What the request asked for, independent of encoding (JSON or multipart, any boundary).
    static func fingerprint(_ r: ReportSubmission, _ photos: [StoredPhoto]) -> String {
        let parts: [String] = [
            String(r.location.lat), String(r.location.lon), r.classCode ?? "", r.text ?? "", r.description,
            r.address ?? "", r.channel.rawValue, r.reporter.key, photos.map(\.sha256).joined(separator: ","), r.app ?? "",
            r.details ?? "",
        ]
        return SHA256.hash(data: Data(parts.joined(separator: "\u{1F}").utf8)).hexString
    }
}
