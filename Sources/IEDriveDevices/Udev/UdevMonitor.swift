internal import CUdev
import IEDriveCore

/// Owns a libudev netlink monitor for whole block disks. Its descriptor is non-blocking
/// and close-on-exec (libudev makes it so); `receive()` returns nil when nothing is queued.
/// Used only on the device monitor's queue; no udev pointer leaves this module.
struct UdevMonitor: ~Copyable {
    private let handle: OpaquePointer

    /// A monitor on `source` ("udev": events after udevd processed them, with `ID_*`;
    /// "kernel": raw uevents), filtered to subsystem `block`, devtype `disk`, receiving.
    /// nil when libudev refuses (no netlink, or "udev" and libudev decides udevd is absent).
    init?(context: borrowing UdevContext, source: DeviceEventSource) {
        guard let monitor = context.withHandle({ udev_monitor_new_from_netlink($0, source.rawValue) }) else { return nil }
        // Bursts (many loop devices at once, a USB hub) must not overflow the socket.
        _ = udev_monitor_set_receive_buffer_size(monitor, 8 << 20)
        guard udev_monitor_filter_add_match_subsystem_devtype(monitor, "block", "disk") >= 0,
              udev_monitor_enable_receiving(monitor) >= 0 else {
            udev_monitor_unref(monitor)
            return nil
        }
        handle = monitor
    }

    deinit { udev_monitor_unref(handle) }

    /// The netlink socket to watch for readability.
    var fileDescriptor: Int32 { udev_monitor_get_fd(handle) }

    /// The next queued event, or nil (EAGAIN, or a message libudev dropped).
    func receive() -> UdevDevice? {
        udev_monitor_receive_device(handle).map { UdevDevice(owning: $0) }
    }
}
