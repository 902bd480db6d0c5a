import Foundation

// Timing helpers the database benchmarks share: wall-clock times of repeated calls, their median and
// 99th percentile, in milliseconds.

/// Wall-clock times of `runs` calls of `body`, in milliseconds, sorted.
@MainActor public func times(_ runs: Int, _ body: () async throws -> Void) async rethrows -> [Double] {
    var out = [Double]()
    for _ in 0..<runs {
        let start = ContinuousClock.now
        try await body()
        out.append(milliseconds(ContinuousClock.now - start))
    }
    return out.sorted()
}

public func milliseconds(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
}

public func median(_ xs: [Double]) -> Double { xs[xs.count / 2] }
public func p99(_ xs: [Double]) -> Double { xs[min(xs.count - 1, Int(Double(xs.count) * 0.99))] }
public func ms(_ x: Double) -> String { String(format: "%.2f", x) }
