/// Where the next page of a work list starts (keyset paging): the sort key of the last case on the
/// page — due time (none sorts last), then newest report first, then id. A page after it is one
/// indexed range, however deep into the list, and a case that arrives meanwhile neither repeats nor
/// pushes another off the page as an offset would.
public struct QueueCursor: Sendable, Hashable {
    public var dueAt: Int64?
    public var reportedAt: Int64
    public var id: Int64

    public init(dueAt: Int64?, reportedAt: Int64, id: Int64) {
        self.dueAt = dueAt
        self.reportedAt = reportedAt
        self.id = id
    }

    /// `<due ms or n>.<reported ms>.<id>`, as ``token`` writes it; a 400 for anything else. A number
    /// past Int64's range stands for the end of the range (a cursor past every case: an empty page).
    public init(token: String) throws {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let reportedAt = Self.number(parts[1]), let id = Self.number(parts[2]) else { throw Self.invalid }
        if parts[0] == "n" {
            dueAt = nil
        } else {
            guard let due = Self.number(parts[0]) else { throw Self.invalid }
            dueAt = due
        }
        self.reportedAt = reportedAt
        self.id = id
    }

    private static func number(_ text: Substring) -> Int64? {
        let digits = text.hasPrefix("-") ? text.dropFirst() : text
        guard (1...19).contains(digits.count), digits.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        return Int64(text) ?? (text.hasPrefix("-") ? .min : .max)
    }

    public var token: String { "\(dueAt.map(String.init) ?? "n").\(reportedAt).\(id)" }

    private static let invalid = GridHubError.invalid("after", "after is the `next` of the page before.")
}
