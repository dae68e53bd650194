/// Which devices the daemon may take in. Refusal comes first for anything the host uses
/// (its root filesystem, any mount), then the allow-list decides: loop devices (the test
/// drives) when `admitsLoopDevices`, disks whose serial is one of the jobs' drive ids,
/// extra serials, and device paths matching `extraDevicePathGlobs`.
public struct IntakePolicy: Sendable, Hashable, Codable {
    /// Serials of the drives the open jobs expect (their drive ids).
    public var jobSerials: Set<String>
    public var admitsLoopDevices: Bool
    /// More serials to admit (configuration), beside the jobs' ones.
    public var extraSerials: Set<String>
    /// Device paths to admit, as globs: `*` matches any run of characters (`/` included),
    /// `?` any one character; no character classes. E.g. `/dev/sd[b-z]` is written `/dev/sd?`.
    public var extraDevicePathGlobs: [String]

    public init(jobSerials: Set<String> = [], admitsLoopDevices: Bool = true,
                extraSerials: Set<String> = [], extraDevicePathGlobs: [String] = []) {
        self.jobSerials = jobSerials
        self.admitsLoopDevices = admitsLoopDevices
        self.extraSerials = extraSerials
        self.extraDevicePathGlobs = extraDevicePathGlobs
    }

    /// Admit or refuse `snapshot`, given what the host is doing with it.
    public func decide(_ snapshot: DeviceSnapshot, facts: IntakeFacts) -> IntakeDecision {
        if let root = facts.rootFilesystemDevice, facts.deviceNumbers.contains(root) {
            return .refuse(.holdsRootFilesystem(root))
        }
        if !facts.mountpoints.isEmpty {
            return .refuse(.mounted(mountpoints: facts.mountpoints))
        }
        guard isAllowListed(snapshot) else {
            return .refuse(.notAllowListed(devicePath: snapshot.devicePath, serial: snapshot.serial))
        }
        return .admit
    }

    public func isAllowListed(_ snapshot: DeviceSnapshot) -> Bool {
        if snapshot.isLoop && admitsLoopDevices { return true }
        if let serial = snapshot.serial, jobSerials.contains(serial) || extraSerials.contains(serial) { return true }
        return extraDevicePathGlobs.contains { Glob.matches($0, snapshot.devicePath) }
    }
}

/// What the host is doing with a disk, gathered from sysfs and mountinfo by the intake check.
public struct IntakeFacts: Sendable, Hashable, Codable {
    /// The disk, its partitions and the devices holding them (device-mapper, md …).
    public var deviceNumbers: Set<DeviceNumber>
    /// Where any of `deviceNumbers` is mounted.
    public var mountpoints: [String]
    /// `stat("/").st_dev`.
    public var rootFilesystemDevice: DeviceNumber?

    public init(deviceNumbers: Set<DeviceNumber>, mountpoints: [String], rootFilesystemDevice: DeviceNumber?) {
        self.deviceNumbers = deviceNumbers
        self.mountpoints = mountpoints
        self.rootFilesystemDevice = rootFilesystemDevice
    }
}

public enum IntakeDecision: Sendable, Hashable {
    case admit
    case refuse(IntakeRefusal)

    public var isAdmitted: Bool { self == .admit }

    public var refusal: IntakeRefusal? {
        if case .refuse(let reason) = self { return reason }
        return nil
    }
}

/// Why a device was not taken in. `code` is stable (logs, API); `description` says what to do.
public enum IntakeRefusal: Sendable, Hashable, CustomStringConvertible {
    /// The disk (or a partition or holder of it) carries the host's root filesystem.
    case holdsRootFilesystem(DeviceNumber)
    /// The disk, a partition or a holder is mounted on the host.
    case mounted(mountpoints: [String])
    /// Not a loop device, and neither its serial nor its path is on the allow-list.
    case notAllowListed(devicePath: String, serial: String?)

    public var code: String {
        switch self {
        case .holdsRootFilesystem: "holdsRootFilesystem"
        case .mounted: "mounted"
        case .notAllowListed: "notAllowListed"
        }
    }

    public var description: String {
        switch self {
        case .holdsRootFilesystem(let device):
            "the device holds the host's root filesystem (\(device)); it is never taken in"
        case .mounted(let mountpoints):
            "the device is mounted on the host (\(mountpoints.joined(separator: ", "))); unmount it first if it is an import drive"
        case .notAllowListed(let path, let serial):
            "\(path) (serial \(serial ?? "none")) is not on the allow-list: no open job expects this serial; add it to the configured serials or device-path globs to admit it"
        }
    }
}

/// `*` and `?` glob matching over Unicode characters, nothing else special.
enum Glob {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var pi = 0, ti = 0
        var star: Int?, starText = 0
        while ti < t.count {
            if pi < p.count, p[pi] == "?" || (p[pi] != "*" && p[pi] == t[ti]) {
                pi += 1; ti += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi; starText = ti; pi += 1
            } else if let star {
                pi = star + 1; starText += 1; ti = starText
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
