import Foundation

/// The example reports GridHub ships (Sources/GridHubCore/Resources/reports/*.txt, at least 15 a class) and
/// the rule that splits them into what a model learns from and what it is measured on.
///
/// A file is blocks: a line `[CODE]` opens a class, each following line is one report as people write it;
/// blank lines and lines starting with `#` are skipped.
public enum TrainingSet {
    /// Every shipped example, in file order.
    public static let shipped: [TrainingExample] = PackageResources.reportFiles.flatMap { parse(String(decoding: $0, as: UTF8.self)) }

    public static func parse(_ file: String) -> [TrainingExample] {
        var code: String?
        var out: [TrainingExample] = []
        for raw in file.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                code = String(line.dropFirst().dropLast())
            } else if let code {
                out.append(TrainingExample(text: line, classCode: code))
            }
        }
        return out
    }

    /// Every fifth example of each class (the 5th, 10th, 15th …) is held out for measuring; the rest train.
    public static func split(_ examples: [TrainingExample]) -> (train: [TrainingExample], heldOut: [TrainingExample]) {
        var seen: [String: Int] = [:]
        var train: [TrainingExample] = []
        var heldOut: [TrainingExample] = []
        for e in examples {
            let n = seen[e.classCode, default: 0] + 1
            seen[e.classCode] = n
            if n % 5 == 0 { heldOut.append(e) } else { train.append(e) }
        }
        return (train, heldOut)
    }
}

extension PackageResources {
    static var reportFiles: [[UInt8]] {
        [C01_txt, C02_txt, C03_txt, C04_txt, C05_txt, C06_txt, E01_txt, E02_txt, E03_txt, E04_txt, E05_txt, E06_txt]
    }
}
