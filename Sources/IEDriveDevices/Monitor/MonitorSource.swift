/// Which netlink group the device monitor listens to.
public enum MonitorSource: String, Sendable, Hashable, Codable {
    /// `udev` when udevd answers on its control socket, else `kernel`.
    case automatic
    /// Events re-sent by udevd after its rules ran (serial, model: `ID_*` properties).
    /// Silent when no udevd runs, so only chosen explicitly or when udevd answers.
    case udev
    /// Raw kernel uevents: always delivered, 5–25 ms earlier, but without `ID_*`
    /// (serials then come from sysfs `serial` / `device/serial` where the driver has one).
    case kernel
}

/// A concrete netlink group; the raw value is libudev's name for it.
public enum DeviceEventSource: String, Sendable, Hashable, Codable {
    case udev
    case kernel
}

/// The source a monitor uses and why, for the daemon's log.
public struct MonitorSourceSelection: Sendable, Hashable, CustomStringConvertible {
    public var source: DeviceEventSource
    public var reason: String

    public init(source: DeviceEventSource, reason: String) {
        self.source = source
        self.reason = reason
    }

    public var description: String { "device events from \(source.rawValue): \(reason)" }

    /// The rule, without I/O: an explicit source is used as asked; `automatic` takes
    /// `udev` only when udevd answered on its control socket. (A control socket that merely
    /// exists proves nothing: a dead udevd leaves it behind, and then the udev group is
    /// silent.)
    public static func select(_ requested: MonitorSource, udevdAnswers: Bool) -> MonitorSourceSelection {
        switch requested {
        case .udev:
            MonitorSourceSelection(source: .udev, reason: "configured")
        case .kernel:
            MonitorSourceSelection(source: .kernel, reason: "configured")
        case .automatic where udevdAnswers:
            MonitorSourceSelection(source: .udev, reason: "udevd answers on \(udevControlSocket)")
        case .automatic:
            MonitorSourceSelection(source: .kernel,
                                   reason: "udevd does not answer on \(udevControlSocket); udev properties (serial, model) come from sysfs only")
        }
    }

    /// Used when the udev monitor could not be created although udevd seemed to run.
    static func fallback(after failure: String) -> MonitorSourceSelection {
        MonitorSourceSelection(source: .kernel, reason: "the udev monitor could not be created (\(failure)); using kernel events")
    }

    public static let udevControlSocket = "/run/udev/control"
}
