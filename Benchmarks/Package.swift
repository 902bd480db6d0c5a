// swift-tools-version:6.1
// GridHub's micro benchmarks (package-benchmark), a package of their own: the test build never
// compiles them. Run with `scripts/bench-core` (or `swift package benchmark` in this folder).
import Foundation
import PackageDescription

// GridHub itself, by path; SwiftPM names a path dependency after its folder, which a clone may rename.
let gridhub = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

let package = Package(
    name: "GridHubBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: gridhub.path),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "CoreBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "GridHubCore", package: gridhub.lastPathComponent),
                .product(name: "GridHubDemo", package: gridhub.lastPathComponent),
            ],
            path: "Benchmarks/CoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Patrols against a real SQLite file (synchronous=FULL): fix ingest, a day's track, a month's
        // assessment. A plain executable (`scripts/bench-patrols`): these are database timings.
        .target(name: "BenchKit", path: "Benchmarks/BenchKit"),
        .executableTarget(
            name: "PatrolBench",
            dependencies: [
                "BenchKit",
                .product(name: "GridHubCore", package: gridhub.lastPathComponent),
                .product(name: "GridHubStore", package: gridhub.lastPathComponent),
                .product(name: "GridHubDemo", package: gridhub.lastPathComponent),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            path: "Benchmarks/PatrolBench"
        ),
        // The registry against a real SQLite file: search among a district's million residents, a
        // 10,000-line import, and what sealing costs a household page (`scripts/bench-registry`).
        .executableTarget(
            name: "RegistryBench",
            dependencies: [
                "BenchKit",
                .product(name: "GridHubCore", package: gridhub.lastPathComponent),
                .product(name: "GridHubStore", package: gridhub.lastPathComponent),
                .product(name: "GridHubDemo", package: gridhub.lastPathComponent),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            path: "Benchmarks/RegistryBench"
        ),
        // The points shop against a real SQLite file: redemptions and fulfils a second (`scripts/bench-points`).
        .executableTarget(
            name: "PointsBench",
            dependencies: [
                "BenchKit",
                .product(name: "GridHubCore", package: gridhub.lastPathComponent),
                .product(name: "GridHubStore", package: gridhub.lastPathComponent),
                .product(name: "GridHubDemo", package: gridhub.lastPathComponent),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            path: "Benchmarks/PointsBench"
        ),
        // Insight: the classifier (a report, retraining on 10,000 examples while requests go on), the
        // hotspot scan over a district's year and a street's month (`scripts/bench-insight`).
        .executableTarget(
            name: "InsightBench",
            dependencies: [
                "BenchKit",
                .product(name: "GridHubCore", package: gridhub.lastPathComponent),
                .product(name: "GridHubStore", package: gridhub.lastPathComponent),
                .product(name: "GridHubDemo", package: gridhub.lastPathComponent),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            path: "Benchmarks/InsightBench"
        ),
    ]
)
