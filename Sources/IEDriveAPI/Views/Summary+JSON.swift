public import IEDriveCore

/// The JSON of the summaries, for the daemon's non-ARM endpoints: every key always present,
/// `null` where there is no value (like `iedrive … --json`), and read back by the CLI.
extension JobSummary {
    public var json: JSONValue {
        .object([
            ("subscriptionId", .string(scope?.subscriptionId)),
            ("resourceGroup", .string(scope?.resourceGroup)),
            ("name", .string(name)),
            ("jobType", .string(type.rawValue)),
            ("state", .string(classicState)),
            ("previewStatus", .string(preview.token)),
            ("previewLabel", .string(preview.label)),
            ("percentComplete", .int(percentComplete)),
            ("cancelRequested", .bool(cancelRequested)),
            ("faultReason", .string(faultReason)),
            ("driveCount", .int(Int64(driveCount))),
            ("drives", .array(drives.map(\.json))),
        ])
    }

    /// A list body: `{"value":[…]}`.
    public static func list(_ summaries: [JobSummary]) -> JSONValue {
        .object([("value", .array(summaries.map(\.json)))])
    }

    /// Reads `json` back.
    public init(_ object: JSONObjectReader) throws(JSONDecodingError) {
        let typeText = try object.requiredString("jobType")
        guard let type = JobType(apiValue: typeText) else { throw object.invalid("jobType", "Unknown job type.") }
        let previewText = try object.requiredString("previewStatus")
        guard let preview = PreviewJobStatus(rawValue: previewText) else {
            throw object.invalid("previewStatus", "Unknown Preview job status.")
        }
        var drives: [DriveSummary] = []
        for drive in try object.objects("drives") ?? [] { drives.append(try DriveSummary(drive)) }
        var scope: JobScope?
        if let subscriptionId = try object.string("subscriptionId"), let resourceGroup = try object.string("resourceGroup") {
            scope = JobScope(subscriptionId: subscriptionId, resourceGroup: resourceGroup)
        }
        self.init(scope: scope, name: try object.requiredString("name"), type: type, classicState: try object.requiredString("state"),
                  preview: preview, percentComplete: try object.int64("percentComplete").map { Int($0) },
                  cancelRequested: try object.bool("cancelRequested") ?? false,
                  faultReason: try object.string("faultReason"), drives: drives)
    }

    /// A summary or a `{"value":[…]}` list from a body.
    public static func decodeList(_ body: [UInt8]) throws(JSONDecodingError) -> [JobSummary] {
        let root = try JSONObjectReader(try JSONParser.parse(body))
        var summaries: [JobSummary] = []
        for item in try root.objects("value") ?? [] { summaries.append(try JobSummary(item)) }
        return summaries
    }

    public init(body: [UInt8]) throws(JSONDecodingError) {
        try self.init(try JSONObjectReader(try JSONParser.parse(body)))
    }
}

extension DriveSummary {
    public var json: JSONValue {
        .object([
            ("driveId", .string(driveId)),
            ("state", .string(state.classic)),
            ("previewStatus", .string(preview.token)),
            ("previewLabel", .string(preview.label)),
            ("failureState", .string(failureState?.rawValue)),
            ("failureReason", .string(failureReason)),
            ("copyStatus", .string(copyStatus)),
            ("bytesSucceeded", bytesSucceeded.map { .int($0) } ?? .null),
            ("bytesToCopy", bytesToCopy.map { .int($0) } ?? .null),
            ("percentComplete", .int(percentComplete)),
        ])
    }

    public init(_ object: JSONObjectReader) throws(JSONDecodingError) {
        guard let state = DriveState(classic: try object.requiredString("state")) else {
            throw object.invalid("state", "Unknown drive state.")
        }
        let percent = try object.int64("percentComplete").map { Int($0) }
        guard let preview = PreviewDriveStatus(token: try object.requiredString("previewStatus"), percent: percent) else {
            throw object.invalid("previewStatus", "Unknown Preview drive status.")
        }
        var failure: DriveFailureState?
        if let text = try object.string("failureState") {
            guard let known = DriveFailureState(rawValue: text) else {
                throw object.invalid("failureState", "Unknown drive failure state.")
            }
            failure = known
        }
        self.init(driveId: try object.requiredString("driveId"), state: state, preview: preview, failureState: failure,
                  failureReason: try object.string("failureReason"), copyStatus: try object.string("copyStatus"),
                  bytesSucceeded: try object.int64("bytesSucceeded"), bytesToCopy: try object.int64("bytesToCopy"),
                  percentComplete: percent)
    }
}
