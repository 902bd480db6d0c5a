import ArgumentParser
import Foundation
import GridHubCore
import GridHubDemo
import GridHubServer
import GridHubStore
import Hummingbird
import Logging

/// `gridhub serve`: run the HTTP server on the embedded database.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the GridHub server.")

    @OptionGroup var dataOptions: DataOptions

    @Option(help: "Address to listen on. Env: GRIDHUB_HOST.")
    var host: String = ProcessInfo.processInfo.environment["GRIDHUB_HOST"] ?? "127.0.0.1"

    @Option(help: "Port to listen on. Env: GRIDHUB_PORT.")
    var port: Int = ProcessInfo.processInfo.environment["GRIDHUB_PORT"].flatMap(Int.init) ?? 8080

    @Flag(help: "Seed the demo street (永昌街道) into an empty data folder. Env: GRIDHUB_DEMO=1.")
    var demo: Bool = ProcessInfo.processInfo.environment["GRIDHUB_DEMO"] == "1"

    @Option(help: "Holidays and make-up working days file (`2027-01-01 holiday`). Env: GRIDHUB_CALENDAR.")
    var calendar: String?

    @Option(help: "Open311 reads without an api_key allowed per client address and minute. Env: GRIDHUB_OPEN311_READS.")
    var open311Reads: Int = ProcessInfo.processInfo.environment["GRIDHUB_OPEN311_READS"].flatMap(Int.init) ?? 120

    @Option(
        name: .customLong("trusted-proxy"),
        help: "A proxy whose X-Forwarded-For names the client (repeatable). Env: GRIDHUB_TRUSTED_PROXIES (comma-separated).")
    var trustedProxies: [String] =
        ProcessInfo.processInfo.environment["GRIDHUB_TRUSTED_PROXIES"]?.split(separator: ",").map(String.init) ?? []

    @Option(help: "The public address for links in answers, e.g. https://gridhub.example.cn. Env: GRIDHUB_PUBLIC_URL.")
    var publicURL: String? = ProcessInfo.processInfo.environment["GRIDHUB_PUBLIC_URL"]

    @Option(help: "Seconds a live-event stream runs before the page reconnects. Env: GRIDHUB_EVENT_STREAM_SECONDS.")
    var eventStreamSeconds: Int = ProcessInfo.processInfo.environment["GRIDHUB_EVENT_STREAM_SECONDS"].flatMap(Int.init) ?? 600

    /// The calendar file from the option, else from the environment.
    var calendarFile: URL? {
        (calendar ?? ProcessInfo.processInfo.environment["GRIDHUB_CALENDAR"]).map { URL(fileURLWithPath: $0) }
    }

    func validate() throws {
        guard (1...86_400).contains(eventStreamSeconds) else { throw ValidationError("--event-stream-seconds is 1 to 86400.") }
        if let publicURL, !(publicURL.hasPrefix("https://") || publicURL.hasPrefix("http://")) {
            throw ValidationError("--public-url starts with https:// or http://.")
        }
    }

    func run() async throws {
        try PortCheck.ensureFree(host: host, port: port)
        let logger = Logs.bootstrap()
        var configuration = AppConfiguration(
            dataDirectory: dataOptions.url, host: host, port: port, seed: demo ? .demoStreet() : nil,
            calendarFile: calendarFile, databaseURL: dataOptions.databaseURL)
        configuration.open311ReadsPerMinute = open311Reads
        configuration.trustedProxies = Set(trustedProxies.map { $0.trimmingCharacters(in: .whitespaces) })
        configuration.publicURL = publicURL
        configuration.eventStreamLifetime = TimeInterval(eventStreamSeconds)
        let runtime = try await GridHubRuntime.start(configuration, logger: logger)
        if let seeded = runtime.seeded { logger.info("demo street ready", metadata: ["seeded": "\(seeded)"]) }
        if demo { Self.printWelcome(host: host, port: port) }
        try await runtime.application().runService()
    }

    static func printWelcome(host: String, port: Int) {
        let shown = host == "0.0.0.0" ? "127.0.0.1" : host
        let text = """

            GridHub 永昌街道 demo — http://\(shown):\(port)/
              API contract:  http://\(shown):\(port)/openapi.yaml
              Sign in (POST /api/v1/auth/login), password for every demo account: \(DemoStreet.demoPassword)
                zhihui    街道指挥中心 command centre      lingdao   领导 leader (read-only)
                sq01–sq06 社区工作人员 community staff     wgy01–wgy48 网格员 grid workers
                bm-ps     排水 department (bm-cj, bm-hw, …) zhifa is bm-zf 综合行政执法
                ldz001–ldz493 楼栋长   dyz001–dyz924 单元长   jumin01–jumin30 居民
              Patrols: wgy01… on http://\(shown):\(port)/patrol; trackers (OsmAnd) at /osmand?id=wgy01…

            """
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
