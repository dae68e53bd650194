/// A block device number, `major:minor` (the C `dev_t`, split). Compares devices by number,
/// never by path: `/dev/loop3` and `/dev/disk/by-diskseq/12` are the same device.
public struct DeviceNumber: Sendable, Hashable, Codable, CustomStringConvertible {
    public var major: UInt32
    public var minor: UInt32

    public init(major: UInt32, minor: UInt32) {
        self.major = major
        self.minor = minor
    }

    /// Parses `7:3` (sysfs `dev`, mountinfo field 3); nil for anything else.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let major = UInt32(parts[0]), let minor = UInt32(parts[1]) else { return nil }
        self.init(major: major, minor: minor)
    }

    /// `major:minor`, as sysfs and mountinfo write it.
    public var description: String { "\(major):\(minor)" }
}
