public import IEDriveCore

/// A job resource as a client reads it back (`iedrive jobs show`, `jobs list`): the fields a
/// person looks at, from the JSON `JobResourceEncoder` (or Azure) produces. Classic
/// vocabulary only — the resource carries no Preview status. Unknown members are ignored.
public struct JobResourceView: Sendable, Hashable {
    public var id: String
    public var name: String
    public var location: String
    public var tags: [String: String]
    public var jobType: JobType
    /// `properties.state` as sent (free string in the swagger; `Canceled` may be `Completed`).
    public var state: String
    public var cancelRequested: Bool
    public var percentComplete: Int64?
    public var provisioningState: String?
    public var deliveryTrackingNumber: String?
    public var returnTrackingNumber: String?
    public var drives: [DriveResourceView]

    public init(_ object: JSONObjectReader) throws(JSONDecodingError) {
        id = try object.requiredString("id")
        name = try object.requiredString("name")
        location = try object.requiredString("location")
        tags = try object.stringMap("tags") ?? [:]
        let properties = try object.requiredObject("properties")
        let typeText = try properties.requiredString("jobType")
        guard let type = JobType(apiValue: typeText) else {
            throw properties.invalid("jobType", "'properties.jobType' must be 'Import' or 'Export'.")
        }
        jobType = type
        state = try properties.requiredString("state")
        cancelRequested = try properties.bool("cancelRequested") ?? false
        percentComplete = try properties.int64("percentComplete")
        provisioningState = try properties.string("provisioningState")
        deliveryTrackingNumber = try properties.object("deliveryPackage")?.string("trackingNumber")
        returnTrackingNumber = try properties.object("returnPackage")?.string("trackingNumber")
        var drives: [DriveResourceView] = []
        for drive in try properties.objects("driveList") ?? [] { drives.append(try DriveResourceView(drive)) }
        self.drives = drives
    }

    /// One resource body (`Jobs_Get`, PUT, PATCH answers).
    public init(body: [UInt8]) throws(JSONDecodingError) {
        try self.init(try JSONObjectReader(try JSONParser.parse(body)))
    }
}

/// One `driveList[]` entry as a client reads it.
public struct DriveResourceView: Sendable, Hashable {
    public var driveId: String
    public var state: DriveState
    public var copyStatus: String?
    public var percentComplete: Int64?
    public var bytesSucceeded: Int64?
    public var manifestFile: String?
    public var manifestHash: String?
    public var errorLogUri: String?
    public var verboseLogUri: String?
    public var manifestUri: String?

    public init(_ object: JSONObjectReader) throws(JSONDecodingError) {
        driveId = try object.requiredString("driveId")
        let stateText = try object.string("state") ?? DriveState.specified.classic
        guard let state = DriveState(classic: stateText) else {
            throw object.invalid("state", "'\(object.path(of: "state"))' is not a drive state.")
        }
        self.state = state
        copyStatus = try object.string("copyStatus")
        percentComplete = try object.int64("percentComplete")
        bytesSucceeded = try object.int64("bytesSucceeded")
        manifestFile = try object.string("manifestFile")
        manifestHash = try object.string("manifestHash")
        errorLogUri = try object.string("errorLogUri")
        verboseLogUri = try object.string("verboseLogUri")
        manifestUri = try object.string("manifestUri")
    }
}

/// A list page (`ListJobsResponse`) as a client reads it: follow `nextLink` verbatim until nil.
public struct JobListView: Sendable, Hashable {
    public var jobs: [JobResourceView]
    public var nextLink: String?

    public init(body: [UInt8]) throws(JSONDecodingError) {
        let root = try JSONObjectReader(try JSONParser.parse(body))
        var jobs: [JobResourceView] = []
        for item in try root.objects("value") ?? [] { jobs.append(try JobResourceView(item)) }
        self.jobs = jobs
        nextLink = try root.string("nextLink")
    }
}

/// `GetBitLockerKeysResponse` as a client reads it. `BitLockerKey` keeps the value out of
/// descriptions and dumps.
public struct BitLockerKeyListView: Sendable, Hashable {
    public var keys: [(driveId: String, key: BitLockerKey)] { entries.map { (driveId: $0.driveId, key: $0.key) } }

    struct Entry: Sendable, Hashable {
        var driveId: String
        var key: BitLockerKey
    }

    var entries: [Entry]

    public init(body: [UInt8]) throws(JSONDecodingError) {
        let root = try JSONObjectReader(try JSONParser.parse(body))
        var entries: [Entry] = []
        for item in try root.objects("value") ?? [] {
            entries.append(Entry(driveId: try item.requiredString("driveId"),
                                 key: BitLockerKey(try item.requiredString("bitLockerKey"))))
        }
        self.entries = entries
    }
}
