/// A drive that arrived with this job's package but belongs to no job (states.md §3.2, §7
/// rule 1), or a `NeverReceived` drive of this job that turned up after the job's drives went
/// back (§7 rule 2): never processed, never in `driveList`, returned with the package.
public struct ExtraDrive: Sendable, Hashable, Codable {
    public var driveId: String
    public var arrivedAt: Instant
    public var returnedAt: Instant?

    public init(driveId: String, arrivedAt: Instant, returnedAt: Instant? = nil) {
        self.driveId = driveId
        self.arrivedAt = arrivedAt
        self.returnedAt = returnedAt
    }
}
