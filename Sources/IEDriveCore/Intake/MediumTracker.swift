/// Turns "this device now looks like this" observations into `DeviceEvent`s: one `present`
/// per medium (again only when what it shows of the medium changes: not for `udevInitialized`
/// alone, which with the kernel event source flips as udevd rewrites its record of the
/// device), one `gone` when it leaves. Keyed by device number; a new disk sequence in the
/// same device ends the old medium first.
/// Pure rules, no I/O: the device monitor feeds it, tests drive it directly.
public struct MediumTracker: Sendable {
    private var current: [DeviceNumber: DeviceSnapshot] = [:]

    public init() {}

    /// The media reported present and not yet gone.
    public var media: [DeviceSnapshot] { Array(current.values) }

    /// The device `device` (node `devicePath`) was re-evaluated: `snapshot` is what it holds
    /// now, nil when it holds no medium (size 0, detached loop device).
    public mutating func observe(device: DeviceNumber, devicePath: String, snapshot: DeviceSnapshot?) -> [DeviceEvent] {
        let previous = current[device]
        guard let snapshot else { return removed(device: device, devicePath: devicePath) }
        if let previous, previous.sameExceptUdevState(as: snapshot) { return [] }
        var events: [DeviceEvent] = []
        if let previous, previous.key != snapshot.key {
            events.append(.gone(previous.key, devicePath: previous.devicePath))
        }
        current[device] = snapshot
        events.append(.present(snapshot))
        return events
    }

    /// The device itself went away (udev `remove`).
    public mutating func removed(device: DeviceNumber, devicePath: String) -> [DeviceEvent] {
        guard let previous = current.removeValue(forKey: device) else { return [] }
        return [.gone(previous.key, devicePath: previous.devicePath)]
    }
}

extension DeviceSnapshot {
    /// Equal but for whether udevd had recorded the device when it was read.
    func sameExceptUdevState(as other: DeviceSnapshot) -> Bool {
        var other = other
        other.udevInitialized = udevInitialized
        return self == other
    }
}
