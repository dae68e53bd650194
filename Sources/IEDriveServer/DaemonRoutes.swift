import Foundation
public import Hummingbird
public import IEDriveAPI
public import IEDriveCore

/// Every route the daemon serves, built once for the control socket and the TCP listener:
/// the `Microsoft.ImportExport` ARM surface (rest-api.md) and, under `/iedrive/v1`, what
/// lies beyond it (drive detail, simulator controls, health).
public struct DaemonRoutes: Sendable {
    public let registry: any JobService
    public let supervisor: any DriveFleet
    /// The configured `[jobs]` scope: only the CLI's default (`/healthz` tells it); jobs live
    /// in whatever scope their ARM path names.
    public let defaultScope: JobScope
    public let locations: LocationCatalog
    /// The lifecycle's rules the API document states (drives per job, strict cancel flag).
    public var lifecycle: LifecycleConfiguration = LifecycleConfiguration()
    /// `/metrics`: the daemon's Prometheus registry (built here, fed by the daemon's services).
    public let metrics: DaemonMetrics
    /// Where drive logs are read back from (`/iedrive/v1/jobs/{job}/drives/{drive}/logs/…`).
    public let target: (any StorageTarget)?

    /// The drives' latest live progress (rate, ETA, blobs) for the drive detail.
    public let live: ThroughputMeter
    /// Event-stream clients one router serves at once (`api.max_event_streams`).
    public let maxEventStreams: Int
    /// How often an idle event stream gets a keep-alive comment (which is also when a client
    /// that went away is noticed and its place given back).
    public var eventKeepAlive: Duration = .seconds(15)
    /// The storage accounts (`/iedrive/v1/storage-accounts`); nil: none are served.
    public var accounts: (any StorageAccountDirectory)?

    public init(registry: any JobService, supervisor: any DriveFleet, live: ThroughputMeter = ThroughputMeter(),
                defaultScope: JobScope,
                locations: LocationCatalog = .simulated, target: (any StorageTarget)? = nil, maxEventStreams: Int = 64) {
        self.maxEventStreams = maxEventStreams
        self.target = target
        self.registry = registry
        self.live = live
        self.supervisor = supervisor
        self.defaultScope = defaultScope
        self.locations = locations
        metrics = DaemonMetrics(jobs: registry)
    }

    /// The routes; with `tokens`, every request must present one of them (the TCP API).
    /// `scheme` is how clients reach this listener (absolute `nextLink`s).
    public func router(tokens: BearerTokens? = nil, scheme: String = "http") -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        let methods = RouteMethods()
        router.add(middleware: ARMResponseHeaders(methods: methods))
        PublishingRoutes.measureRequests(on: router)
        if let tokens { router.add(middleware: BearerAuthentication(tokens: tokens)) }
        ARMRoutes(routes: self, scheme: scheme).add(to: router)
        SimulatorRoutes(routes: self).add(to: router)
        DriveRoutes(routes: self).add(to: router)
        OpenAPIRoutes(document: OpenAPIDocument(defaultScope: defaultScope, locations: locations, secured: tokens != nil,
                                                lifecycle: lifecycle)).add(to: router)
        PublishingRoutes(routes: self).add(to: router)
        StorageAccountRoutes(directory: accounts).add(to: router)
        methods.load(router)
        return router
    }

    /// Runs a handler, turning refusals and failures into the ARM error envelope.
    static func answer(_ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let error as ARMError {
            return HTTPJSON.error(error)
        } catch let refusal as LifecycleRefusal {
            return HTTPJSON.error(ARMError(refusal))
        } catch let error as JSONDecodingError {
            return HTTPJSON.error(ARMError(error))
        } catch {
            return HTTPJSON.error(ARMError(.internalServerError, "The daemon could not complete the request: \(error)"))
        }
    }
}
