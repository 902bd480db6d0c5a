import Foundation
import GridHubCore
import SQLKit

/// Photos tied to any subject (a case and the timeline entry that brought them, later a patrol
/// check-in, a visit record, a deliberation item). The files are already durable
/// (``PhotoStore/saveAll(_:)``); this records them and what they belong to, in the caller's transaction.
public enum Attachments {
    /// Records `photos` and attaches them to `subject`, noting the entry (timeline entry, check-in …)
    /// they came with. A photo already attached to the subject stays with its first entry.
    public static func attach(_ sql: any SQLDatabase, _ photos: [StoredPhoto], to subject: Subject, entry: Int64?, now: Date)
        async throws
    {
        let at = StoredTime.millis(now)
        for photo in photos {
            try await sql.insert(into: "photos").columns("sha256", "mime", "bytes", "created_at")
                .values(SQLBind(photo.sha256), SQLBind(photo.kind.mimeType), SQLBind(photo.size), SQLBind(at))
                .ignoringConflicts(with: ["sha256"]).run()
        }
        for sha in Set(photos.map(\.sha256)).sorted() {
            try await sql.insert(into: "attachments").columns("subject", "sha256", "entry_id", "attached_at")
                .values(SQLBind(subject.key), SQLBind(sha), SQLBind(entry), SQLBind(at))
                .ignoringConflicts(with: ["subject", "sha256"]).run()
        }
    }

    /// The photos of the subject each row of `table` is (`case` and `cases` → `case:<id>`), as one column
    /// named `attached` of that row's query: their names in the order ``photos(_:of:)`` gives, joined by
    /// commas (both engines have `string_agg` with an ORDER BY). Read back with ``photos(attachedTo:)``.
    static func column(_ kind: String, of table: String) -> any SQLExpression {
        SQLAlias(
            SQLRaw(
                """
                (SELECT string_agg(a.sha256, ',' ORDER BY a.entry_id, a.sha256) FROM attachments a
                  WHERE a.subject = '\(kind):' || \(table).id)
                """), as: SQLIdentifier("attached"))
    }

    /// The photos a row read with ``column(_:of:)`` carries.
    static func photos(attachedTo row: any SQLRow) throws -> [String] {
        try row.optional("attached", as: String.self)?.split(separator: ",").map(String.init) ?? []
    }

    /// The photos of each subject, in the order they came (by entry, then name).
    public static func photos(_ sql: any SQLDatabase, of subjects: [Subject]) async throws -> [Subject: [String]] {
        guard !subjects.isEmpty else { return [:] }
        let rows = try await sql.select().columns("subject", "sha256").from("attachments")
            .where("subject", .in, subjects.map(\.key)).orderBy("entry_id").orderBy("sha256").all()
        var out = [Subject: [String]]()
        for row in rows {
            guard let subject = Subject(key: try row.decode(column: "subject", as: String.self)) else { continue }
            out[subject, default: []].append(try row.decode(column: "sha256", as: String.self))
        }
        return out
    }
}
