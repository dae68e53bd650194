internal import CUdev

/// Owns a libudev context. Works without udevd (facts then come from sysfs only, and
/// `DeviceFacts.udevInitialized` is false). No udev pointer leaves this module.
struct UdevContext: ~Copyable {
    private let handle: OpaquePointer

    init?() {
        guard let context = udev_new() else { return nil }
        handle = context
    }

    deinit { udev_unref(handle) }

    /// Lends the `struct udev *` to `body` (for a monitor); it must not be kept.
    func withHandle<R>(_ body: (OpaquePointer) -> R) -> R { body(handle) }

    /// Every whole disk in the block subsystem (`udev_enumerate`, devtype `disk`), as udev's
    /// database knows them now; without udevd they come from sysfs, uninitialised.
    func forEachBlockDisk(_ body: (borrowing UdevDevice) -> Void) {
        guard let enumerate = udev_enumerate_new(handle) else { return }
        defer { udev_enumerate_unref(enumerate) }
        udev_enumerate_add_match_subsystem(enumerate, "block")
        udev_enumerate_add_match_property(enumerate, "DEVTYPE", "disk")
        udev_enumerate_scan_devices(enumerate)
        var entry = udev_enumerate_get_list_entry(enumerate)
        while let current = entry {
            if let syspath = udev_list_entry_get_name(current),
               let device = udev_device_new_from_syspath(handle, syspath) {
                body(UdevDevice(owning: device))
            }
            entry = udev_list_entry_get_next(current)
        }
    }

    /// The block device with this device number.
    func blockDevice(devnum: dev_t) -> UdevDevice? {
        guard let device = udev_device_new_from_devnum(handle, CChar(UInt8(ascii: "b")), devnum) else { return nil }
        return UdevDevice(owning: device)
    }

    /// Device numbers of `device` and every block device below it (its partitions).
    func devnumsOfDeviceAndChildren(_ device: borrowing UdevDevice) -> [dev_t] {
        var numbers = [device.devnum]
        guard let enumerate = udev_enumerate_new(handle) else { return numbers }
        defer { udev_enumerate_unref(enumerate) }
        udev_enumerate_add_match_subsystem(enumerate, "block")
        _ = device.withHandle { udev_enumerate_add_match_parent(enumerate, $0) }
        udev_enumerate_scan_devices(enumerate)
        var entry = udev_enumerate_get_list_entry(enumerate)
        while let current = entry {
            if let syspath = udev_list_entry_get_name(current),
               let child = udev_device_new_from_syspath(handle, syspath) {
                let number = udev_device_get_devnum(child)
                if number != 0, !numbers.contains(number) { numbers.append(number) }
                udev_device_unref(child)
            }
            entry = udev_list_entry_get_next(current)
        }
        return numbers
    }
}

/// Owns one reference to a udev device.
struct UdevDevice: ~Copyable {
    private let handle: OpaquePointer

    init(owning handle: OpaquePointer) { self.handle = handle }

    deinit { udev_device_unref(handle) }

    func withHandle<R>(_ body: (OpaquePointer) -> R) -> R { body(handle) }

    var syspath: String { udev_device_get_syspath(handle).map { String(cString: $0) } ?? "" }
    /// `add`, `change`, `remove` … for a device from a monitor; nil for an enumerated one.
    var action: String? { udev_device_get_action(handle).map { String(cString: $0) } }
    var sysname: String { udev_device_get_sysname(handle).map { String(cString: $0) } ?? "" }
    var devnode: String? { udev_device_get_devnode(handle).map { String(cString: $0) } }
    var devtype: String? { udev_device_get_devtype(handle).map { String(cString: $0) } }
    var devnum: dev_t { udev_device_get_devnum(handle) }
    var isInitialized: Bool { udev_device_get_is_initialized(handle) > 0 }

    func property(_ name: String) -> String? {
        udev_device_get_property_value(handle, name).map { String(cString: $0) }
    }

    /// A sysfs attribute, trailing newline and blanks trimmed.
    func sysattr(_ name: String) -> String? {
        guard let value = udev_device_get_sysattr_value(handle, name) else { return nil }
        var text = String(cString: value)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }

    /// For a partition: the whole disk it belongs to (its own reference).
    func parentDisk() -> UdevDevice? {
        guard let parent = udev_device_get_parent_with_subsystem_devtype(handle, "block", "disk") else { return nil }
        // The parent is borrowed from the child; take a reference of our own.
        guard let owned = udev_device_ref(parent) else { return nil }
        return UdevDevice(owning: owned)
    }
}

/// `major:minor` of a device number.
func devnumText(_ number: dev_t) -> String {
    "\(iedrive_major(number)):\(iedrive_minor(number))"
}
