import IEDriveAPI
import IEDriveCore

/// The bodies of `/iedrive/v1` (`SimulatorRoutes`, `DriveRoutes`, `JobSummary`,
/// `DriveSummary`, the event stream). Summaries always carry every member, `null` where there
/// is no value.
extension OpenAPIDocument {
    var simulatorSchemas: [(String, JSONSchema)] {
        [
            ("Health", Self.health),
            ("Clock", Self.clock),
            ("JobSummary", Self.jobSummary),
            ("JobSummaryList", JSONSchema.object([("value", .array(.ref("JobSummary")))], required: ["value"])),
            ("DriveSummary", Self.driveSummary),
            ("DriveDetail", Self.driveDetail),
            ("DriveDetailList", JSONSchema.object([("value", .array(.ref("DriveDetail")))], required: ["value"])),
            ("ExtraDriveList", JSONSchema.object([
                ("value", .array(.object([("driveId", .string()), ("device", .string())], required: ["driveId", "device"]))),
            ], required: ["value"])),
            ("StorageAccount", JSONSchema.object([
                ("name", .string(pattern: SchemaPatterns.storageAccountName)),
                ("created", .boolean),
                ("blobEndpoint", JSONSchema.string().described("http://HOST:PORT/ACCOUNT: the account's Blob service, path-style.")),
                ("connectionString", JSONSchema.string().described("For Microsoft's SDKs and tools; holds the account key.")),
            ], required: ["name", "created", "blobEndpoint", "connectionString"])),
            ("StorageAccountList", JSONSchema.object([
                ("blobEndpoint", JSONSchema.string().nullable().described("http://HOST:PORT of the Blob endpoint; null when it is off.")),
                ("value", .array(.object([("name", .string(pattern: SchemaPatterns.storageAccountName))], required: ["name"]))),
            ], required: ["blobEndpoint", "value"])),
            ("MediaList", JSONSchema.array(.object([
                ("device", JSONSchema.string().described("The block device, e.g. /dev/loop3.")),
                ("driveId", .string()),
                ("key", JSONSchema.string().described("Device number and disk sequence: unique per attachment.")),
            ], required: ["device", "driveId", "key"])).described("The attached drives the intake admitted.")),
            ("AdvanceRequest", JSONSchema.object([
                ("duration", JSONSchema.string(pattern: SchemaPatterns.duration).described(
                    "Numbers of 1–\(SimulatorRoutes.maximumDurationDigits) digits with units ms, s, m, h, d, w, each unit once: "
                    + "14d, 36h, 90m, 1w, 1d12h, 0s.")),
            ], required: ["duration"])),
            ("DeliverRequest", JSONSchema.object([
                ("jobName", JSONSchema.string(pattern: SchemaPatterns.jobName)),
                ("driveIds", JSONSchema.array(.string(pattern: SchemaPatterns.driveId), unique: true).nullable().described(
                    "The drives in the package (none: an empty package). Ids the job does not list are extra drives; an export "
                    + "job takes at most \(lifecycle.maxDrivesPerJob) (400 InvalidParameter beyond).")),
            ], required: ["jobName"]).described("A job's package arrives (the job must be Shipping, else 409).")),
            ("ShipBackRequest", JSONSchema.object([
                ("jobName", JSONSchema.string(pattern: SchemaPatterns.jobName)),
                ("trackingNumber", JSONSchema.string(minLength: 1).nullable().described("Generated when not given.")),
                ("carrierName", JSONSchema.string(minLength: 1).nullable().described(
                    "Defaults to the job's returnShipping carrier; with neither, 400 InvalidParameter.")),
            ], required: ["jobName"]).described("Hand a Packaging job's drives to the return carrier (else 409).")),
            ("Event", Self.event),
        ]
    }

    static let health = JSONSchema.object([
        ("status", .enumeration(["ok"])),
        ("simulatedNow", JSONSchema.string(format: "date-time")),
        ("clock", JSONSchema.string().described("real, manual or accelerated:FACTOR.")),
        ("drivesInFlight", JSONSchema.integer(minimum: 0)),
        ("drivesAttached", JSONSchema.integer(minimum: 0)),
        ("subscriptionId", JSONSchema.string().described("The one subscription this daemon's jobs live in.")),
        ("resourceGroup", JSONSchema.string().described("The one resource group this daemon's jobs live in.")),
    ], required: ["status", "simulatedNow", "clock", "drivesInFlight", "drivesAttached", "subscriptionId", "resourceGroup"])

    static let clock = JSONSchema.object([
        ("simulatedNow", JSONSchema.string(format: "date-time")),
        ("clock", .string()),
    ], required: ["simulatedNow", "clock"])

    static var previewDriveStatuses: [String] {
        let steady: [PreviewDriveStatus] = [.notStarted, .inProgress(percent: 0), .completed, .completedWithErrors,
                                            .completedWithWarnings]
        return steady.map(\.token) + DriveFailureState.allCases.map(\.rawValue)
    }

    static let jobSummary = JSONSchema.object([
        ("name", .string()),
        ("jobType", .enumeration(JobType.allCases.map(\.rawValue))),
        ("state", JSONSchema.enumeration(JobState.allCases.map(\.rawValue)).described("Classic job state.")),
        ("previewStatus", JSONSchema.enumeration(PreviewJobStatus.allCases.map(\.token)).described("Preview job status token.")),
        ("previewLabel", JSONSchema.string().described("The Preview portal's label.")),
        ("percentComplete", JSONSchema.integer(minimum: 0, maximum: 100).nullable()),
        ("cancelRequested", .boolean),
        ("faultReason", JSONSchema.string().nullable()),
        ("driveCount", JSONSchema.integer(minimum: 0)),
        ("drives", .array(.ref("DriveSummary"))),
    ], required: ["name", "jobType", "state", "previewStatus", "previewLabel", "percentComplete", "cancelRequested",
                  "faultReason", "driveCount", "drives"]).described("A job in both vocabularies.")

    static var driveSummaryMembers: [(String, JSONSchema)] {
        [
            ("driveId", .string()),
            ("state", JSONSchema.enumeration(DriveState.allCases.map(\.rawValue)).described("Classic drive state.")),
            ("previewStatus", JSONSchema.enumeration(previewDriveStatuses).described("Preview drive status token.")),
            ("previewLabel", .string()),
            ("failureState", JSONSchema.enumeration(DriveFailureState.allCases.map(\.rawValue)).nullable()),
            ("failureReason", JSONSchema.string().nullable()),
            ("copyStatus", JSONSchema.enumeration(copyStatuses).nullable()),
            ("bytesSucceeded", JSONSchema.integer(minimum: 0).nullable()),
            ("bytesToCopy", JSONSchema.integer(minimum: 0).nullable()),
            ("percentComplete", JSONSchema.integer(minimum: 0, maximum: 100).nullable()),
        ]
    }

    static var driveSummary: JSONSchema {
        .object(driveSummaryMembers, required: driveSummaryMembers.map(\.0)).described("A drive in both vocabularies.")
    }

    static var driveDetail: JSONSchema {
        let members: [(String, JSONSchema)] = [("jobName", .string())] + driveSummaryMembers + [
            ("rateBytesPerSecond", JSONSchema.number.nullable()),
            ("secondsLeft", JSONSchema.number.nullable()),
            ("blobsDone", JSONSchema.integer(minimum: 0).nullable()),
            ("blobCount", JSONSchema.integer(minimum: 0).nullable()),
            ("errorLogUri", JSONSchema.string().nullable()),
            ("verboseLogUri", JSONSchema.string().nullable()),
            ("manifestUri", JSONSchema.string().nullable()),
            ("errorLog", JSONSchema.string().nullable().described("Where this daemon serves the error log.")),
            ("verboseLog", JSONSchema.string().nullable().described("Where this daemon serves the verbose log.")),
        ]
        return .object(members, required: members.map(\.0))
            .described("A drive with its failure, live copy numbers (while Transferring) and log links. No recovery key.")
    }

    /// One Server-Sent Event, as a client parses it (OpenAPI before 3.2 has the schema of a
    /// `text/event-stream` describe each event).
    static var event: JSONSchema {
        JSONSchema.object([
            ("event", JSONSchema.enumeration(["snapshot", "progress"] + lifecycleEventNames).described(
                "snapshot (the first event of a stream that does not resume), progress (live copy numbers), or a lifecycle event kind.")),
            ("data", JSONSchema.string(pattern: "^\\{").described(
                "One JSON object: the snapshot {latestEventId, jobs}, a progress {job, driveId, bytesSucceeded, …}, or a lifecycle "
                + "event {id, kind, job, at, driveId, …, jobStatus, drive}.")),
            ("id", JSONSchema.string(pattern: "^[0-9]+$").described(
                "The lifecycle event's id (resume with Last-Event-ID or ?after=); progress events carry none.")),
            ("retry", JSONSchema.integer(minimum: 0)),
        ], required: ["event", "data"])
    }

    /// Every lifecycle event kind's name (`LifecycleEventKind.name`); `covers` keeps the list
    /// complete: a new kind does not compile until it is added here.
    static var lifecycleEventNames: [String] {
        let kinds: [LifecycleEventKind] = [
            .jobCreated, .jobReplaced, .jobUpdated, .jobStateChanged(from: .creating, to: .shipping), .cancelRequested,
            .driveAdded(driveId: "D"), .driveStateChanged(driveId: "D", from: .specified, to: .received),
            .driveProbeStarted(driveId: "D"), .packageDelivered(driveIds: []), .extraDriveArrived(driveId: "D"),
            .extraDriveReturned(driveId: "D"), .operationsNotified(.allCases[0]), .faulted(reason: ""), .faultCleared,
            .returnAddressProblemResolved, .returnTransitElapsed, .drivesDestroyed, .jobDeleted(.allCases[0]),
        ]
        return kinds.filter(covers).map(\.name)
    }

    private static func covers(_ kind: LifecycleEventKind) -> Bool {
        switch kind {
        case .jobCreated, .jobReplaced, .jobUpdated, .jobStateChanged, .cancelRequested, .driveAdded, .driveStateChanged,
             .driveProbeStarted, .packageDelivered, .extraDriveArrived, .extraDriveReturned, .operationsNotified, .faulted,
             .faultCleared, .returnAddressProblemResolved, .returnTransitElapsed, .drivesDestroyed, .jobDeleted:
            true
        }
    }
}
