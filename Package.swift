// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// Tests read better without an import line for every module a helper's members come from.
let testSwiftSettings: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

/// The screens' templates, scripts and style, compiled into the binary (ScreenAssets lists them too).
let screenFiles = [
    "layout.mustache", "login.mustache", "home.mustache", "centre.mustache", "case.mustache", "work.mustache",
    "report.mustache", "patrol.mustache", "codes.mustache", "registry.mustache", "canteen.mustache", "points.mustache",
    "topics.mustache", "topic.mustache", "minutes.mustache", "resolutions.mustache", "evaluation.mustache",
    "app.css", "app.js", "map.js", "home.js", "login.js", "centre.js", "case.js",
    "report.js", "work.js", "patrol.js", "patrols.js", "codes.js", "registry.js", "canteen.js", "points.js",
    "topics.js", "topic.js", "minutes.js", "resolutions.js", "evaluation.js",
]

/// The example reports the free-text classifier learns from (TrainingSet lists them too).
let reportFiles = ["C01", "C02", "C03", "C04", "C05", "C06", "E01", "E02", "E03", "E04", "E05", "E06"]

let package = Package(
    name: "GridHub",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gridhub", targets: ["gridhub"]),
        // For the micro benchmarks (Benchmarks/, a package of its own so the test build never compiles them).
        .library(name: "GridHubCore", targets: ["GridHubCore"]),
        .library(name: "GridHubDemo", targets: ["GridHubDemo"]),
        .library(name: "GridHubStore", targets: ["GridHubStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        .target(
            name: "GridHubCore",
            // The classifier's example reports (TrainingSet), one file a major class.
            resources: reportFiles.map { .embedInCode("Resources/reports/\($0).txt") },
            swiftSettings: swiftSettings
        ),
        .target(
            name: "GridHubStore",
            dependencies: [
                "GridHubCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                // SQLiteHandle calls its SQLite (VaporCSQLite, the sqlite_nio_ prefixed build) directly.
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The demo street and the scale generator: seeding only, never imported by the production modules.
        .target(
            name: "GridHubDemo",
            dependencies: [
                "GridHubCore",
                "GridHubStore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "GridHubServer",
            dependencies: [
                "GridHubCore",
                "GridHubStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.embedInCode("Resources/openapi.yaml")] + screenFiles.map { .embedInCode("Resources/screens/\($0)") },
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "gridhub",
            dependencies: [
                "GridHubCore",
                "GridHubStore",
                "GridHubServer",
                "GridHubDemo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "GridHubTestSupport",
            dependencies: [
                "GridHubCore", "GridHubStore", .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"), .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            path: "Tests/GridHubTestSupport",
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "GridHubCoreTests", dependencies: ["GridHubCore"], exclude: ["Fixtures"], swiftSettings: testSwiftSettings),
        .testTarget(name: "GridHubDemoTests", dependencies: ["GridHubCore", "GridHubDemo"], swiftSettings: testSwiftSettings),
        .testTarget(
            name: "GridHubStoreTests",
            dependencies: [
                "GridHubCore", "GridHubStore", "GridHubDemo", "GridHubTestSupport", .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "GridHubServerTests",
            dependencies: [
                "GridHubCore", "GridHubStore", "GridHubServer", "GridHubDemo", "GridHubTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: testSwiftSettings
        ),
    ]
)
