import Foundation
import Hummingbird
import IEDriveAPI
import IEDriveCore

/// Beyond the ARM surface, under `/iedrive/v1`: job and drive summaries in both vocabularies,
/// attached media, the simulated clock and the customer-side simulator (package delivery,
/// return shipment). Bodies are small JSON objects; errors use the ARM envelope too.
struct SimulatorRoutes {
    let routes: DaemonRoutes

    static let prefix = "/iedrive/v1"

    func add(to router: Router<BasicRequestContext>) {
        let registry = routes.registry
        // The health answer, at the root too (load balancers and probes look there).
        let health: @Sendable (Request, BasicRequestContext) async -> Response = { _, _ in
            await DaemonRoutes.answer {
                let status = await routes.supervisor.status
                return HTTPJSON.response(.object([
                    ("status", .string("ok")),
                    ("simulatedNow", .string(registry.clock.now().description)),
                    ("clock", .string(registry.clock.mode.description)),
                    ("drivesInFlight", .int(Int64(status.running))),
                    ("drivesAttached", .int(Int64(status.attached))),
                    ("subscriptionId", .string(routes.defaultScope.subscriptionId)),
                    ("resourceGroup", .string(routes.defaultScope.resourceGroup)),
                ]))
            }
        }
        router.get("\(Self.prefix)/healthz", use: health)
        router.get("/healthz", use: health)
        router.get("\(Self.prefix)/jobs") { request, _ in
            await DaemonRoutes.answer {
                HTTPJSON.response(JobSummary.list(try await registry.jobs(in: Self.listScope(request)).map { JobSummary(job: $0) }))
            }
        }
        router.get("\(Self.prefix)/jobs/{jobName}") { request, context in
            await DaemonRoutes.answer {
                let job = try await JobReference(name: context.parameters.decoded("jobName") ?? "", query: request)
                    .resolve(in: registry)
                return HTTPJSON.response(JobSummary(job: job).json)
            }
        }
        router.get("\(Self.prefix)/media") { _, _ in
            await DaemonRoutes.answer {
                let media = await routes.supervisor.attachedMedia
                return HTTPJSON.response(.array(media.map { medium in
                    .object([("device", .string(medium.devicePath)), ("driveId", .string(medium.driveId)),
                             ("key", .string(medium.key))])
                }))
            }
        }
        router.get("\(Self.prefix)/clock") { _, _ in
            await DaemonRoutes.answer { clockAnswer(registry.clock) }
        }
        router.post("\(Self.prefix)/sim/advance") { request, _ in
            await DaemonRoutes.answer {
                let body = try JSONObjectReader(JSONParser.parse(try await HTTPJSON.body(of: request)))
                let text = try body.requiredString("duration")
                let span: TimeSpan
                do {
                    span = try TimeSpan(parsing: text)
                } catch {
                    throw ARMError(.invalidParameter, "'\(text.prefix(80))' is not a duration: \(error)", target: "duration")
                }
                guard Self.numbersFit(text) else {
                    throw ARMError(.invalidParameter, "A duration's numbers have at most \(Self.maximumDurationDigits) digits each "
                                   + "(write 1000000000s as 11574d1h46m40s).", target: "duration")
                }
                guard span.milliseconds >= 0 else {
                    throw ARMError(.invalidParameter, "Simulated time only moves forward.", target: "duration")
                }
                guard registry.clock.now() + span <= Self.latestInstant else {
                    throw ARMError(.conflict, "The simulated clock is at \(registry.clock.now()); \(text) later would pass "
                                   + "\(Self.latestInstant), the last instant an API timestamp can show.", target: "duration")
                }
                _ = registry.clock.advance(by: span)
                try await registry.advanceAll()
                await routes.supervisor.reevaluate()
                return clockAnswer(registry.clock)
            }
        }
        router.post("\(Self.prefix)/sim/deliver") { request, _ in
            await DaemonRoutes.answer {
                let body = try JSONObjectReader(JSONParser.parse(try await HTTPJSON.body(of: request)))
                let key = try await Self.reference(in: body).resolve(in: registry).key
                let driveIds = try body.strings("driveIds") ?? []
                let job = try await registry.perform(key) { lifecycle, job, now in
                    try lifecycle.packageDelivered(job, driveIds: driveIds, at: now)
                }
                await routes.supervisor.reevaluate()
                return HTTPJSON.response(JobSummary(job: job).json)
            }
        }
        router.post("\(Self.prefix)/sim/ship-back") { request, _ in
            await DaemonRoutes.answer {
                let body = try JSONObjectReader(JSONParser.parse(try await HTTPJSON.body(of: request)))
                let key = try await Self.reference(in: body).resolve(in: registry).key
                let tracking = try body.string("trackingNumber") ?? "SIM\(Int.random(in: 100_000_000...999_999_999))"
                let shipment = ReturnShipment(trackingNumber: tracking, carrierName: try body.string("carrierName"))
                let job = try await registry.perform(key) { lifecycle, job, now in
                    try lifecycle.shipBack(job, shipment, at: now)
                }
                return HTTPJSON.response(JobSummary(job: job).json)
            }
        }
    }

    /// The job a simulator body names: `jobName`, optionally `subscriptionId` and `resourceGroup`.
    static func reference(in body: JSONObjectReader) throws -> JobReference {
        JobReference(name: try body.requiredString("jobName"), subscriptionId: try body.string("subscriptionId"),
                     resourceGroup: try body.string("resourceGroup"))
    }

    /// `?subscriptionId=` (and `&resourceGroup=`) narrow the job list; neither: every job.
    static func listScope(_ request: Request) -> JobListScope {
        let query = QueryParameters(request)
        let subscription = query.get("subscriptionId").flatMap { $0.isEmpty ? nil : $0 }
        let group = query.get("resourceGroup").flatMap { $0.isEmpty ? nil : $0 }
        switch (subscription, group) {
        case (let subscription?, let group?): return .resourceGroup(JobScope(subscriptionId: subscription, resourceGroup: group))
        case (let subscription?, nil): return .subscription(subscription)
        default: return .all
        }
    }

    /// The last instant an RFC 3339 timestamp can show (9999-12-31T23:59:59.999Z): simulated
    /// time stops there, so every timestamp the API writes stays one clients can parse.
    static let latestInstant = Instant(millisecondsSinceEpoch: 253_402_300_799_999)

    /// The most digits a number of a duration may have: with each unit once, the longest step
    /// stays far from overflowing the clock's milliseconds.
    static let maximumDurationDigits = 9

    /// Whether every run of digits in `text` has at most `maximumDurationDigits`.
    static func numbersFit(_ text: String) -> Bool {
        var run = 0
        for byte in text.utf8 {
            run = (48...57).contains(byte) ? run + 1 : 0
            if run > maximumDurationDigits { return false }
        }
        return true
    }

    private func clockAnswer(_ clock: any SimulationClock) -> Response {
        HTTPJSON.response(.object([("simulatedNow", .string(clock.now().description)),
                                   ("clock", .string(clock.mode.description))]))
    }
}
