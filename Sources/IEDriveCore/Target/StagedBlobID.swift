/// Names the staging file of one blob being copied. The copy engine derives it from things
/// that survive a crash (job, drive, blob index), so after a restart the same id reopens the
/// same partly written file (`StorageTarget.openStaging`).
///
/// Any text is allowed; a target maps it to a safe name of its own. Ids must be unique per
/// copy of one blob: two blobs staged under one id share one file.
public struct StagedBlobID: Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }
}
