/// One drive of a job (`driveList[]`, rest-api.md §2.3), with what the simulator keeps beside
/// the API fields to derive them (outcome, byte totals, timestamps).
public struct Drive: Sendable, Hashable, Codable {
    /// `driveId`: the hardware serial number, no spaces; unique within the job.
    public var driveId: String
    /// `bitLockerKey`: the customer's on import (from create); on export the generated key,
    /// set when the drive leaves `Transferring`. Never returned by GET/PUT/PATCH/LIST — read
    /// through `listBitLockerKeys` (`Job.bitLockerKeys`).
    public var bitLockerKey: BitLockerKey?
    /// `manifestFile`: the manifest's path relative to the drive root (import only).
    public var manifestFile: String?
    /// `manifestHash`: Base16 hash of the manifest (import only).
    public var manifestHash: String?
    /// `driveHeaderHash`: may be `""` (import only).
    public var driveHeaderHash: String?
    /// `state`, server-owned.
    public var state: DriveState
    /// What the processing came to (states.md §5); decides `copyStatus`, the Preview label and
    /// the job's final state.
    public var outcome: DriveOutcome
    /// Why a failed drive failed, one sentence for operators (never a key).
    public var failureReason: String?
    /// Bytes the copy has to move, known once the copy starts.
    public var bytesToCopy: Int64?
    /// `bytesSucceeded`: bytes moved so far; absent before `Transferring`, 0 for a drive that
    /// failed its pre-copy checks (states.md §11.1).
    public var bytesSucceeded: Int64?
    /// `errorLogUri`, `verboseLogUri`, `manifestUri`.
    public var logs: DriveLogLinks
    /// Why the drive is (or was last) `NeverReceived`.
    public var neverReceivedCause: NeverReceivedCause?
    public var timestamps: DriveTimestamps

    /// A drive as an import job's create lists it (states.md D1): `Specified`.
    public init(specification: DriveSpecification) {
        self.init(driveId: specification.driveId, state: .specified)
        bitLockerKey = specification.bitLockerKey
        manifestFile = specification.manifestFile
        manifestHash = specification.manifestHash
        driveHeaderHash = specification.driveHeaderHash
    }

    public init(driveId: String, state: DriveState) {
        self.driveId = driveId
        self.state = state
        outcome = .none
        logs = .none
        timestamps = DriveTimestamps()
    }

    /// The coded fields: every one but `bitLockerKey`, which never enters an encoding (a job
    /// document on disk or on the wire). Whoever must keep the key stores it apart (the state
    /// store seals it with the host key) and puts it back after decoding; a decoded drive has
    /// none.
    enum CodingKeys: String, CodingKey {
        case driveId, manifestFile, manifestHash, driveHeaderHash, state, outcome, failureReason
        case bytesToCopy, bytesSucceeded, logs, neverReceivedCause, timestamps
    }
}

/// Why a drive is `NeverReceived` (states.md D3, D4).
public enum NeverReceivedCause: String, Sendable, Hashable, CaseIterable, Codable {
    /// The job's package arrived without it (D3).
    case missingFromPackage
    /// Fourteen days in transit and the package has not arrived (D4, J8).
    case packageOverdue
}

/// When a drive passed each step; nil until it did.
public struct DriveTimestamps: Sendable, Hashable, Codable {
    /// Checked in (D2, D5, D6).
    public var receivedAt: Instant?
    /// Marked `NeverReceived` (D3, D4).
    public var neverReceivedAt: Instant?
    /// Moved from `NeverReceived` back to `Received` by operations (D5).
    public var recoveredAt: Instant?
    /// The pre-copy checks (probe, unlock, manifest) last started; the drive stays `Received`.
    public var probeStartedAt: Instant?
    /// Copy started (D7).
    public var copyStartedAt: Instant?
    /// Copy ended, cleanly, with problems, or by a failure (D8, D9, D10).
    public var processingEndedAt: Instant?
    /// Handed to the return carrier (D11, D12).
    public var shippedBackAt: Instant?

    public init() {}
}
