import Foundation

/// Where reports concentrate (热点): Getis-Ord Gi* on 50 m cells, tested against complete spatial randomness.
///
/// The study area is the points' bounding box with one cell of margin. Each cell's Gi* weighs the cells
/// within `reach` cells of it (binary weights, the cell itself included); the scan uses reach 0 — the cell's
/// own count — because at 50 m a queen neighbourhood spreads a corner's five reports over nine cells and
/// the largest of a map's hundreds of random neighbourhoods then reaches as much by chance. The hotspot's
/// reports are those of its cell and the eight around it. Significance is a Monte Carlo test of the *largest*
/// Gi*: the same number of reports is dropped at random into the study cells `permutations` times, and a
/// cell is a hotspot when its Gi* exceeds what the largest random cell reaches in all but 5 % of the runs
/// (p < 0.05 for the whole map, not per cell — a random scatter yields no hotspot in 19 of 20 maps, not
/// one in every twenty cells) and is the highest of its neighbourhood, which holds at least `minimum` reports.
public enum Hotspots {
    public static let cellMetres = 50.0

    public struct Point: Sendable, Hashable {
        public var caseID: Int64
        public var at: Coordinate
        public init(caseID: Int64, at: Coordinate) {
            self.caseID = caseID
            self.at = at
        }
    }

    public struct Hotspot: Sendable, Hashable, Codable {
        /// The cell's centre.
        public var centre: Coordinate
        public var count: Int
        public var z: Double
        /// The share of random maps whose largest Gi* reached this one (with the observed map counted).
        public var p: Double
        public var caseIDs: [Int64]
    }

    public static func find(
        _ points: [Point], minimum: Int = 3, permutations: Int = 199, seed: UInt64 = 2_023
    ) -> [Hotspot] {
        guard points.count >= minimum, let first = points.first else { return [] }
        let plane = LocalPlane(origin: first.at)
        let projected = points.map { plane.project($0.at) }
        let minX = projected.map(\.x).min() ?? 0, minY = projected.map(\.y).min() ?? 0
        let maxX = projected.map(\.x).max() ?? 0, maxY = projected.map(\.y).max() ?? 0
        // Cells from one margin cell below the lowest point to one above the highest; a district is a few
        // hundred cells a side, so the counts stay small arrays.
        let columns = Int(((maxX - minX) / cellMetres).rounded(.down)) + 3
        let rows = Int(((maxY - minY) / cellMetres).rounded(.down)) + 3
        guard columns * rows <= 4_000_000 else { return [] }
        func cell(_ p: LocalPlane.Point) -> Int {
            let c = Int(((p.x - minX) / cellMetres).rounded(.down)) + 1
            let r = Int(((p.y - minY) / cellMetres).rounded(.down)) + 1
            return r * columns + c
        }
        let cells = projected.map(cell)
        var counts = [Int](repeating: 0, count: columns * rows)
        for c in cells { counts[c] += 1 }
        let observed = giStar(counts, columns: columns, rows: rows, reach: 0)

        var rng = SeededRandom(seed: seed)
        var maxima: [Double] = []
        maxima.reserveCapacity(permutations)
        var random = [Int](repeating: 0, count: counts.count)
        for _ in 0..<permutations {
            for i in random.indices { random[i] = 0 }
            for _ in cells { random[Int(rng.next() % UInt64(random.count))] += 1 }
            maxima.append(giStar(random, columns: columns, rows: rows, reach: 0).max() ?? 0)
        }
        var byCell: [Int: [Int]] = [:]
        for (i, c) in cells.enumerated() { byCell[c, default: []].append(i) }
        // A hotspot is a cell whose Gi* passes the test and is the highest of its neighbourhood (one
        // cluster is one hotspot however the cell lines cut it); it holds the reports of that neighbourhood.
        func window(_ c: Int) -> [Int] {
            let (r, col) = (c / columns, c % columns)
            var out: [Int] = []
            for rr in (r - 1)...(r + 1) where rr >= 0 && rr < rows {
                for cc in (col - 1)...(col + 1) where cc >= 0 && cc < columns { out.append(rr * columns + cc) }
            }
            return out
        }
        var found: [Hotspot] = []
        for c in Set(cells).sorted() {
            let z = observed[c]
            let neighbourhood = window(c)
            guard neighbourhood.allSatisfy({ observed[$0] < z || ($0 >= c && observed[$0] <= z) }) else { continue }
            let members = neighbourhood.flatMap { byCell[$0] ?? [] }
            let p = Double(maxima.filter { $0 >= z }.count + 1) / Double(permutations + 1)
            guard members.count >= minimum, p < 0.05 else { continue }
            let at = members.map { projected[$0] }
            let centre = plane.unproject(
                LocalPlane.Point(
                    x: at.map(\.x).reduce(0, +) / Double(at.count), y: at.map(\.y).reduce(0, +) / Double(at.count)))
            found.append(
                Hotspot(centre: centre, count: members.count, z: z, p: p, caseIDs: members.map { points[$0].caseID }.sorted()))
        }
        return found.sorted { ($0.z, $1.caseIDs.first ?? 0) > ($1.z, $0.caseIDs.first ?? 0) }
    }

    /// Gi* of every cell: binary weights over the cells within `reach` cells of it (0: the cell alone, 1: its
    /// queen neighbourhood) inside the area.
    static func giStar(_ x: [Int], columns: Int, rows: Int, reach: Int) -> [Double] {
        let n = Double(x.count)
        let sum = Double(x.reduce(0, +))
        let mean = sum / n
        let s = (Double(x.reduce(0) { $0 + $1 * $1 }) / n - mean * mean).squareRoot()
        guard s > 0, n > 1 else { return [Double](repeating: 0, count: x.count) }
        var out = [Double](repeating: 0, count: x.count)
        for r in 0..<rows {
            for c in 0..<columns {
                var local = 0
                var w = 0
                for dr in -reach...reach {
                    for dc in -reach...reach {
                        let (rr, cc) = (r + dr, c + dc)
                        guard rr >= 0, rr < rows, cc >= 0, cc < columns else { continue }
                        local += x[rr * columns + cc]
                        w += 1
                    }
                }
                let wd = Double(w)
                let denominator = s * ((n * wd - wd * wd) / (n - 1)).squareRoot()
                out[r * columns + c] = denominator > 0 ? (Double(local) - mean * wd) / denominator : 0
            }
        }
        return out
    }
}

/// Problems that come back (反复出现): the same class within 50 m at least three times in 30 days; and,
/// among them, those at the same time of day on several days (evening vending at one corner).
public enum Recurrence {
    public static let radius = 50.0
    public static let window: TimeInterval = 30 * 86_400
    public static let minimum = 3

    public struct Report: Sendable, Hashable {
        public var caseID: Int64
        public var classCode: String
        public var at: Coordinate
        public var reportedAt: Date
        public init(caseID: Int64, classCode: String, at: Coordinate, reportedAt: Date) {
            self.caseID = caseID
            self.classCode = classCode
            self.at = at
            self.reportedAt = reportedAt
        }
    }

    public struct Finding: Sendable, Hashable, Codable {
        public var classCode: String
        public var centre: Coordinate
        public var caseIDs: [Int64]
        public var days: Int
        /// The two-hour band (its first hour, Shanghai time) in which it came on at least three days, if any.
        public var hourBand: Int?
    }

    /// Groups greedily, oldest first: a report and the later ones of its class within 50 m and 30 days.
    public static func find(_ reports: [Report]) -> [Finding] {
        Dictionary(grouping: reports, by: \.classCode).keys.sorted().flatMap { code in
            findings(reports.filter { $0.classCode == code })
        }
    }

    /// One class's findings. Reports are bucketed in `radius`-sized cells of a local plane, so a seed
    /// looks only at the nine cells around it: a district's year of one class is tens of thousands of
    /// reports, and comparing each with all would be billions of distances.
    static func findings(_ reports: [Report]) -> [Finding] {
        let sorted = reports.sorted { ($0.reportedAt, $0.caseID) < ($1.reportedAt, $1.caseID) }
        guard let origin = sorted.first?.at else { return [] }
        let plane = LocalPlane(origin: origin)
        func cell(_ c: Coordinate) -> (Int, Int) {
            let p = plane.project(c)
            return (Int((p.x / radius).rounded(.down)), Int((p.y / radius).rounded(.down)))
        }
        struct Key: Hashable {
            var x: Int
            var y: Int
        }
        var buckets: [Key: [Int]] = [:]
        let cells = sorted.map(\.at).map(cell)
        for (i, c) in cells.enumerated() { buckets[Key(x: c.0, y: c.1), default: []].append(i) }
        var used = Set<Int64>()
        var findings: [Finding] = []
        for (s, seed) in sorted.enumerated() where !used.contains(seed.caseID) {
            var near: [Int] = []
            for dx in -1...1 {
                for dy in -1...1 { near += buckets[Key(x: cells[s].0 + dx, y: cells[s].1 + dy)] ?? [] }
            }
            let group = near.sorted().map { sorted[$0] }.filter {
                !used.contains($0.caseID) && $0.reportedAt >= seed.reportedAt
                    && $0.reportedAt.timeIntervalSince(seed.reportedAt) <= window && $0.at.distance(to: seed.at) <= radius
            }
            guard group.count >= minimum else { continue }
            used.formUnion(group.map(\.caseID))
            let days = Set(group.map { CivilDate($0.reportedAt) })
            var band: Int?
            for start in stride(from: 0, to: 24, by: 1) {
                let inBand = Set(
                    group.filter { (start...(start + 1)).contains(hour($0.reportedAt)) }.map { CivilDate($0.reportedAt) })
                if inBand.count >= minimum { band = start; break }
            }
            let lat = group.map(\.at.lat).reduce(0, +) / Double(group.count)
            let lon = group.map(\.at.lon).reduce(0, +) / Double(group.count)
            findings.append(
                Finding(
                    classCode: seed.classCode, centre: Coordinate(lat: lat, lon: lon), caseIDs: group.map(\.caseID).sorted(),
                    days: days.count, hourBand: band))
        }
        return findings
    }

    /// The hour of the day in Shanghai.
    static func hour(_ date: Date) -> Int {
        Int((date.timeIntervalSince1970 + 8 * 3_600).truncatingRemainder(dividingBy: 86_400) / 3_600)
    }
}
