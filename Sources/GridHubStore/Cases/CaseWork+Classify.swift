import Foundation
import GridHubCore
import SQLKit

extension CaseWork {
    /// 分类: a person sets the case's class — confirming the classifier's suggestion, classing a report that
    /// came in words only, or correcting it. The case row, its timeline entry and the training example
    /// (what the case says, and the class a person chose) are written together.
    public func classify(caseID: Int64, as code: String, by p: Principal, now: Date = Date()) async throws -> CaseSummary {
        try await database.write { sql in
            let row = try await Self.load(sql, caseID, in: p.caseScope)
            try Classification.check(state: row.caseState, by: p, at: row.place)
            guard let item = try await CatalogStore.item(sql, streetID: row.streetId, code: code) else {
                throw GridHubError(.unprocessable, "unknown_class", "There is no class '\(code)' in this street's catalogue.")
            }
            try await sql.update("cases").set("class_code", to: item.code).set("class_suggested", to: false)
                .set("updated_at", to: StoredTime.millis(now)).where("id", .equal, caseID).run()
            let detail =
                row.classSuggested && row.classCode == item.code
                ? "confirmed=\(item.code)" : "from=\(row.classCode ?? ""); to=\(item.code)"
            try await Self.append(
                sql, caseID: caseID, kind: .classified, by: p, from: nil, to: nil, note: "\(item.majorName) · \(item.name)",
                detail: detail, now: now)
            if let example = Classification.example(text: row.text, description: row.description, classCode: item.code) {
                try await ClassifierExamples.record(
                    sql, example, caseID: caseID, streetID: row.streetId, by: p.accountID, now: now)
            }
            return try await Self.summary(sql, caseID)
        }
    }
}
