import Foundation
import GridHubCore
import GridHubStore
import Hummingbird
import Logging
import ServiceLifecycle

/// How to run GridHub.
public struct AppConfiguration: Sendable {
    public var dataDirectory: URL
    public var host: String
    public var port: Int
    /// What fills an empty data folder at start (the demo street, from the GridHubDemo module); nil: nothing.
    public var seed: DataSeed?
    /// Extra public holidays and make-up working days, one a line (`2027-01-01 holiday`, `2027-02-06 workday`).
    public var calendarFile: URL?
    /// How often anonymous reporters may file.
    public var anonymousLimit = ReportRateLimit.standard
    /// A `postgres://` URL for a shared PostgreSQL; nil keeps the embedded SQLite in the data folder.
    public var databaseURL: String?
    /// How often the overdue sweep runs, and how often each instance asks whether it is due.
    public var sweepEvery: Duration = .seconds(60)
    public var jobTick: Duration = .seconds(15)
    /// How often the hotspot scan looks for problems nobody has reported as a case yet (发现).
    public var discoveryEvery: Duration = .seconds(3_600)
    /// How long a request waits for a PostgreSQL connection before it is answered 503.
    public var databaseWait: Duration = .seconds(5)
    /// How long one PostgreSQL transaction may take before its caller is answered 503; nil for
    /// commands that write a whole city in one (the scale generator's indicator totals).
    public var databaseOperationLimit: Duration? = .seconds(60)
    /// How often the webhook outbox is sent.
    public var webhookEvery: Duration = .seconds(5)
    /// How often the event log is read for changes other instances made (this instance's own are
    /// relayed as soon as they are answered).
    public var eventTick: Duration = .seconds(2)
    /// How long a live-event stream runs before the page reconnects (with a fresh token).
    public var eventStreamLifetime: TimeInterval = 600
    /// Seconds a connection may send nothing before it is closed.
    public var idleTimeout = 30
    /// Live-event streams one account may hold open at once.
    public var streamsPerAccount = 5
    /// Open311 reads without an `api_key`, per client address and minute.
    public var open311ReadsPerMinute = 120
    /// Proxies whose `X-Forwarded-For` names the client (``ForwardedFor``); nobody else's is believed.
    public var trustedProxies: Set<String> = []
    /// The address the public reaches GridHub at (`https://gridhub.example.cn`), for links in answers;
    /// nil means `http://host:port`. Links never come from a request's `Host` header.
    public var publicURL: String?

    public init(
        dataDirectory: URL, host: String = "127.0.0.1", port: Int = 8080, seed: DataSeed? = nil, calendarFile: URL? = nil,
        databaseURL: String? = nil
    ) {
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
        self.calendarFile = calendarFile
        self.host = host
        self.port = port
        self.seed = seed
    }

    public var photoDirectory: URL { dataDirectory.appendingPathComponent("photos") }
    /// ``publicURL`` without a trailing slash, or the listening address.
    public var publicBaseURL: String {
        if let publicURL { return publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL }
        return "http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)"
    }
    public var secretPath: String { dataDirectory.appendingPathComponent("secret.key").path }
}

/// Fills an empty data folder before GridHub starts; returns a line saying what it wrote, or nil when
/// the folder already held data.
public struct DataSeed: Sendable {
    public var fill:
        @Sendable (_ database: any Database, _ photos: PhotoStore, _ vault: PersonalDataVault, _ logger: Logger) async throws ->
            String?

    public init(
        fill:
            @escaping @Sendable (_ database: any Database, _ photos: PhotoStore, _ vault: PersonalDataVault, _ logger: Logger)
            async throws -> String?
    ) {
        self.fill = fill
    }
}

/// Everything a running GridHub holds: the database, the stores and the in-memory grid index.
public struct GridHubRuntime: Sendable {
    public let configuration: AppConfiguration
    public let database: any Database
    public let directory: GridDirectory
    public let photos: PhotoStore
    /// Seals and opens the registry's personal data.
    public let vault: PersonalDataVault
    public let tokens: TokenService
    /// Keys the Open311 stand-in device ids (``Keyed``), derived from the server's secret.
    let deviceKey: [UInt8]
    /// What the seed wrote, in a line; nil when it wrote nothing (the folder held data) or there was none.
    public let seeded: String?
    /// The working calendar time limits count on.
    public let calendar: WorkingCalendar
    /// Every subscriber to the event log, and the bell that wakes them.
    public let relay: EventRelay
    /// Suggests a class from a report's words; learns from the street's corrections.
    public let classifier: ReportClassifier
    let bell = EventBell()
    let logger: Logger

    /// The case workflow on the working calendar.
    public var work: CaseWork { CaseWork(database: database, calendar: calendar) }
    /// Patrols, their fixes and measures.
    public var patrols: PatrolStore { PatrolStore(database: database, directory: directory) }
    /// The resident registry.
    public var registry: RegistryStore { RegistryStore(database: database, vault: vault, directory: directory) }
    /// Where reports are filed, from any channel.
    var desk: ReportDesk { ReportDesk(database: database, directory: directory, photos: photos, classifier: classifier) }

    /// Everything that reacts to the event log; a feature that reacts to others' events adds its subscriber.
    public static var subscribers: [any EventSubscriber] {
        [PointsSubscriber(), DeliberationSubscriber(), IndicatorSubscriber(), NoticeSubscriber(), WebhookSubscriber()]
    }

    /// Every feature's routes, composed by ``router()``.
    static var features: [any Feature.Type] {
        [
            OperationsFeature.self, AuthFeature.self, OrgFeature.self, ReportsFeature.self, CasesFeature.self,
            InsightFeature.self, PatrolsFeature.self, TrackerFeature.self, RegistryFeature.self, PointsFeature.self,
            DeliberationFeature.self,
            Open311Feature.self,
            ScreensFeature.self,
        ]
    }

    /// Opens the data folder, applies migrations, seeds the demo if asked and loads the grid index.
    public static func start(_ configuration: AppConfiguration, logger: Logger) async throws -> GridHubRuntime {
        try FileManager.default.createDirectory(at: configuration.dataDirectory, withIntermediateDirectories: true)
        var calendar = WorkingCalendar.standard
        if let file = configuration.calendarFile {
            try calendar.load(try String(contentsOf: file, encoding: .utf8))
            logger.info("calendar loaded", metadata: ["file": "\(file.path)", "holidays": "\(calendar.holidays.count)"])
        }
        let database = try await DatabaseOpener.open(
            url: configuration.databaseURL, dataDirectory: configuration.dataDirectory, logger: logger,
            acquireTimeout: configuration.databaseWait, operationTimeout: configuration.databaseOperationLimit)
        let photos = PhotoStore(root: configuration.photoDirectory)
        let seeded: String?
        let vault: PersonalDataVault
        do {
            vault = try await PersonalDataVault.open(
                database, master: try MasterKey.load(dataDirectory: configuration.dataDirectory))
            seeded = try await configuration.seed?.fill(database, photos, vault, logger)
        } catch {
            logger.critical("seeding the data folder failed", metadata: ["error": "\(String(reflecting: error))"])
            try? await database.close()
            throw error
        }
        try await database.refreshStatistics()
        let postgis = await PostGISGrids.enable(database, logger: logger)
        logger.info("grid lookup", metadata: ["by": "\(postgis == nil ? "in-process index" : "PostGIS")"])
        let directory = try await GridDirectory.load(OrgStore(database: database), postgis: postgis)
        let secret = try Secret.load(path: configuration.secretPath)
        let tokens = await TokenService(secret: secret)
        let relay = EventRelay(database: database, subscribers: subscribers)
        try await relay.drain()  // whatever was written while no instance ran (and the demo's history)
        let classifier = ReportClassifier(database: database)
        try await classifier.refresh()
        return GridHubRuntime(
            configuration: configuration, database: database, directory: directory, photos: photos, vault: vault, tokens: tokens,
            deviceKey: Keyed.derive(from: secret, purpose: "open311-device-id"), seeded: seeded, calendar: calendar,
            relay: relay, classifier: classifier, logger: logger)
    }

    /// Every route, under one error and logging policy.
    public func router() -> Router<AppRequestContext> {
        _ = MetricsRegistry.shared  // bootstrap before any middleware makes its counters
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: ClientAddressMiddleware(trustedProxies: configuration.trustedProxies))
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: RequestLogMiddleware())  // logs error answers too
        router.add(middleware: ErrorMiddleware())
        let methods = RouteMethods()
        router.add(middleware: MethodNotAllowedMiddleware(routes: methods))
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: AuthMiddleware(tokens: tokens))
        router.add(middleware: IdempotencyMiddleware(answers: IdempotentAnswers(database: database), routes: methods))
        router.add(middleware: EventBellMiddleware(bell: bell))
        for feature in Self.features {
            do {
                router.addRoutes(try feature.routes(self), atPath: RouterPath(feature.path))
            } catch {
                logger.error("a feature is unavailable", metadata: ["feature": "\(feature)", "error": "\(error)"])
            }
        }
        methods.load(router.routes)
        return router
    }

    /// The HTTP application; closes the database after a graceful shutdown (SIGTERM/SIGINT).
    public func application() -> some ApplicationProtocol {
        Application(
            router: router(),
            // A connection that sends nothing for this long (between requests, or in the middle of one) is
            // closed, so slow or stalled clients cannot hold connections open; an answer being written,
            // such as a live-event stream, is not idle.
            server: .http1(configuration: .init(idleTimeout: .seconds(Int64(configuration.idleTimeout)))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "GridHub"),
            services: [
                DatabaseCloser(database: database, logger: logger),
                SweepService(
                    jobs: JobQueue(database: database), interval: configuration.sweepEvery, tick: configuration.jobTick,
                    directory: directory, calendar: calendar, logger: logger),
                EventRelayService(relay: relay, bell: bell, tick: configuration.eventTick, logger: logger),
                InsightService(
                    jobs: JobQueue(database: database), classifier: classifier,
                    scan: DiscoveryScan(directory: directory, photos: photos), interval: configuration.discoveryEvery,
                    tick: configuration.jobTick, logger: logger),
                WebhookService(
                    dispatcher: WebhookDispatcher(store: WebhookStore(database: database), logger: logger),
                    interval: configuration.webhookEvery),
            ],
            logger: logger)
    }
}

/// Keeps the database open while the server runs and closes it on shutdown.
struct DatabaseCloser: Service {
    let database: any Database
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        try await database.close()
        logger.info("database closed")
    }
}
