import Foundation

/// The map snippet a discovered case carries as evidence: an SVG of the hotspot's 50 m cell, the reports
/// around it as numbered dots with a legend of their days and hours, a 50 m scale bar and north. Drawn here, never
/// from anything a client sent, so it holds no script.
public enum EvidenceMap {
    public struct Mark: Sendable, Hashable {
        public var at: Coordinate
        public var label: String
        public init(at: Coordinate, label: String) {
            self.at = at
            self.label = label
        }
    }

    /// Metres from the centre to the edge of the picture.
    static let reach = 120.0
    static let size = 360.0

    public static func svg(centre: Coordinate, title: String, marks: [Mark]) -> String {
        let plane = LocalPlane(origin: centre)
        let scale = size / (2 * reach)
        func x(_ p: LocalPlane.Point) -> Double { size / 2 + p.x * scale }
        func y(_ p: LocalPlane.Point) -> Double { size / 2 - p.y * scale }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        let cell = Hotspots.cellMetres * scale
        let height = Int(size) + 28 + 15 * ((marks.count + 2) / 3)
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(size))" height="\(height)" \
            viewBox="0 0 \(Int(size)) \(height)" font-family="sans-serif" font-size="11">
            <rect width="100%" height="100%" fill="#f7f7f2"/>
            <g stroke="#dde" stroke-width="1">
            """
        for i in stride(from: -2.0, through: 2.0, by: 1.0) {
            let v = size / 2 + i * cell
            out += "<line x1=\"\(f(v))\" y1=\"0\" x2=\"\(f(v))\" y2=\"\(Int(size))\"/>"
            out += "<line x1=\"0\" y1=\"\(f(v))\" x2=\"\(Int(size))\" y2=\"\(f(v))\"/>"
        }
        out += "</g>"
        out += """
            <rect x="\(f(size / 2 - cell / 2))" y="\(f(size / 2 - cell / 2))" width="\(f(cell))" height="\(f(cell))" \
            fill="#e4572e" fill-opacity="0.18" stroke="#e4572e" stroke-width="2"/>
            """
        // Each report a dot; dots close together share one label of their numbers; the legend below gives
        // each number's time.
        var labels: [(x: Double, y: Double, numbers: [Int])] = []
        for (i, mark) in marks.enumerated() {
            let p = plane.project(mark.at)
            let (px, py) = (min(max(x(p), 4), size - 4), min(max(y(p), 4), size - 4))
            out += "<circle cx=\"\(f(px))\" cy=\"\(f(py))\" r=\"5\" fill=\"#c0392b\" stroke=\"#fff\" stroke-width=\"1.5\"/>"
            if let near = labels.firstIndex(where: { abs($0.x - px) < 16 && abs($0.y - py) < 12 }) {
                labels[near].numbers.append(i + 1)
            } else {
                labels.append((px, py, [i + 1]))
            }
        }
        for label in labels {
            let n = label.numbers
            let run = n.count > 2 && n.last.map { $0 - n[0] + 1 == n.count } == true
            let text = run ? "\(n[0])–\(n[n.count - 1])" : n.map(String.init).joined(separator: ",")
            out += "<text x=\"\(f(label.x + 7))\" y=\"\(f(label.y + 4))\" fill=\"#333\">\(text)</text>"
        }
        let bar = Hotspots.cellMetres * scale
        out += """
            <line x1="10" y1="\(Int(size) - 12)" x2="\(f(10 + bar))" y2="\(Int(size) - 12)" stroke="#333" stroke-width="3"/>
            <text x="10" y="\(Int(size) - 18)">50 m</text>
            <text x="\(Int(size) - 18)" y="18" font-weight="bold">N↑</text>
            <text x="8" y="\(Int(size) + 17)" font-size="13">\(escaped(title))</text>
            """
        for (i, mark) in marks.enumerated() {
            let (column, row) = (i % 3, i / 3)
            out += "<text x=\"\(8 + column * 118)\" y=\"\(Int(size) + 36 + row * 15)\">\(i + 1). \(escaped(mark.label))</text>"
        }
        out += "</svg>"
        return out
    }

    static func escaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
