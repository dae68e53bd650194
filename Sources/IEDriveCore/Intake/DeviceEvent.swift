/// What the device monitor reports, in order, for whole disks.
///
/// - `present`: a medium is in the device (first sight, coldplug, or its snapshot changed,
///   e.g. udev now knows its serial). The same `key` may come again with a changed
///   snapshot: treat it as an update of that medium, not a new one. Identical consecutive
///   snapshots of one medium are never repeated.
/// - `gone`: the medium with this key left (detach, size 0, `remove`, or a new disk
///   sequence in the same device, which comes as `gone(old)` then `present(new)`).
///   Only media reported present are reported gone.
public enum DeviceEvent: Sendable, Hashable {
    case present(DeviceSnapshot)
    case gone(MediumKey, devicePath: String)

    public var key: MediumKey {
        switch self {
        case .present(let snapshot): snapshot.key
        case .gone(let key, _): key
        }
    }

    public var devicePath: String {
        switch self {
        case .present(let snapshot): snapshot.devicePath
        case .gone(_, let path): path
        }
    }
}
