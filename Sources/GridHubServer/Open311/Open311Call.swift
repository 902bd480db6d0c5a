import Foundation
import GridHubCore
import GridHubStore
import Hummingbird

/// What every Open311 call starts from: the format, the parameters, the street its `jurisdiction_id`
/// names, and the client's key when it gave one.
struct Open311Call: Sendable {
    var format: Open311Format
    /// The id in the path (`services/E0301.json` → "E0301"); empty for list calls.
    var name: String
    var params: Open311Params
    var street: Street
    var key: ApiKey?
}

extension Open311Controller {
    /// Reads the path's format, the query (and `form` when given), checks `api_key` (403 when given
    /// and wrong), limits anonymous reads, and finds the street.
    func begin(
        _ request: Request, _ context: AppRequestContext, needsStreet: Bool = true, form: Open311Params? = nil
    ) async throws -> Open311Call {
        let (name, format) = try Self.target(context)
        var params = try Open311Params.urlEncoded(request.uri.query ?? "")
        if let form { params.merge(form) }
        var key: ApiKey?
        if let secret = params.value("api_key") {
            guard let found = try await keys.verify(secret) else {
                throw GridHubError(.forbidden, "invalid_api_key", "The api_key is not valid (unknown or revoked).")
            }
            key = found
        } else if request.method == .get {
            try await limiter.admit(address: context.clientAddress)
        }
        let streets = try await org.streets()
        let street = try needsStreet ? Open311Rules.street(params.value("jurisdiction_id"), among: streets) : streets.first
        guard let street else { throw GridHubError(.unavailable, "no_street", "No street has been set up yet.") }
        return Open311Call(format: format, name: name, params: params, street: street, key: key)
    }

    /// `{format}` or `{file}` (`E0301.json`) from the path.
    static func target(_ context: AppRequestContext) throws -> (name: String, format: Open311Format) {
        if let raw = context.parameters.get("format") {
            guard let format = Open311Format(rawValue: raw.lowercased()) else {
                throw GridHubError(.notFound, "unknown_format", "Formats are json and xml, not '\(raw)'.")
            }
            return ("", format)
        }
        let file = context.parameters.get("file") ?? ""
        guard let split = Open311Format.split(file), !split.name.isEmpty else {
            throw GridHubError(.notFound, "unknown_format", "Name the format: '\(file).json' or '\(file).xml'.")
        }
        return split
    }
}

/// Display names an answer needs: who leads a class, who is handling a case.
struct Names {
    var street: Street
    var departmentsByCode: [String: Department]
    var departmentsByID: [Int64: Department]
    var communities: [Int64: Community]

    static func load(org: OrgStore, street: Street, directory: GridDirectory) async throws -> Names {
        let departments = try await org.departments(streetID: street.id)
        return Names(
            street: street, departmentsByCode: Dictionary(uniqueKeysWithValues: departments.map { ($0.code, $0) }),
            departmentsByID: Dictionary(uniqueKeysWithValues: departments.map { ($0.id, $0) }),
            communities: directory.current.communities)
    }

    func lead(of item: CatalogItem) -> String {
        switch item.lead {
        case .department(let code): departmentsByCode[code]?.name ?? code
        case .street: street.name
        case .community: "所在社区"
        }
    }

    /// `agency_responsible`: the department a case was sent to, else its community or street when they
    /// lead, else (not yet dispatched) who the catalogue says will lead.
    func agency(of c: CaseSummary, item: CatalogItem?) -> String? {
        if let id = c.departmentID, let d = departmentsByID[id] { return d.name }
        switch c.leadKind {
        case "community": return communities[c.communityID]?.name
        case "street": return street.name
        default:
            guard let item else { return nil }
            if case .community = item.lead { return communities[c.communityID]?.name }
            return lead(of: item)
        }
    }
}
