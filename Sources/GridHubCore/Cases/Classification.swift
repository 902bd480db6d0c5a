/// Setting a case's class by hand (分类): confirming what the classifier suggested, giving a class to a
/// report that came in words only, or correcting a wrong one. The rules say who may and when; what was
/// written and the class a person chose teach the classifier (``TrainingExample``).
public enum Classification {
    /// While the case is open: a closed, rejected or merged case keeps the class it was handled under.
    public static func check(state: CaseState, by p: Principal, at place: Place) throws {
        guard p.can(.caseClassify, on: place) else {
            throw GridHubError(.forbidden, "forbidden", "Only the grid worker, the community and the command centre classify cases.")
        }
        guard state.isOpen else {
            throw GridHubError(.conflict, "case_not_open", "Only an open case can be classified; this one is \(state.rawValue).")
        }
    }

    /// What the case says in words, as one text to learn from; nil when it says nothing (a photo and a
    /// class only teach the classifier nothing).
    public static func example(text: String?, description: String, classCode: String) -> TrainingExample? {
        let words = [text ?? "", description].map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        guard !words.isEmpty else { return nil }
        return TrainingExample(text: words.joined(separator: " "), classCode: classCode)
    }

    /// The text a classifier reads for a report: the short text and the description.
    public static func text(of report: ReportSubmission) -> String? {
        let words = [report.text ?? "", report.description].filter { !$0.isEmpty }
        return words.isEmpty ? nil : words.joined(separator: " ")
    }

    /// A suggestion strong enough to file a report under (the rest wait for a person with no class).
    public static let minimumScore = 0.3
}
