/// A drive the intake admitted: attached, safe to read, and named.
public struct AttachedMedium: Sendable, Hashable {
    /// Device number and disk sequence (`MediumKey`), as text: unique per attachment.
    public var key: String
    public var devicePath: String
    /// The DriveId the jobs name: the hardware serial, or for a loop device its backing file's name (`intake.drive_id_from`, default the stem).
    public var driveId: String

    public init(key: String, devicePath: String, driveId: String) {
        self.key = key
        self.devicePath = devicePath
        self.driveId = driveId
    }
}
