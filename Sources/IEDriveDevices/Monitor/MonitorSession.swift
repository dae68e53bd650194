import IEDriveCore

/// The udev side of one `DeviceMonitor`: the context, the netlink monitor and the medium
/// tracker. Confined to the monitor's serial queue (hence `@unchecked Sendable`): every
/// method below runs there, and udev objects never leave it; only `DeviceEvent` values do.
/// Freed (monitor socket closed) when the read source's handlers let go of it.
final class MonitorSession: @unchecked Sendable {
    private let context: UdevContext
    private let monitor: UdevMonitor
    private var tracker = MediumTracker()
    private let emit: @Sendable (DeviceEvent) -> Void

    init?(context: consuming UdevContext, source: DeviceEventSource, emit: @escaping @Sendable (DeviceEvent) -> Void) {
        guard let monitor = UdevMonitor(context: context, source: source) else { return nil }
        self.monitor = monitor
        self.context = context
        self.emit = emit
    }

    var fileDescriptor: Int32 { monitor.fileDescriptor }

    /// Start-up: every disk that exists now goes through the same evaluation as an event.
    func coldplug() {
        context.forEachBlockDisk { device in evaluate(device) }
    }

    /// The socket is readable: take every queued event.
    func drain() {
        while let device = monitor.receive() {
            handle(event: device)
        }
    }

    /// The rules for one uevent of a whole disk:
    /// - ignored kernel names (`DeviceSnapshotReader.ignoredNamePrefixes`) and non-disks: dropped;
    /// - a synthetic `change` (property `SYNTH_UUID` set: udev's inotify watch after someone
    ///   closed the device opened for writing, or `udevadm trigger`): dropped. The kernel
    ///   itself sends a real uevent for every real medium change, and coldplug covers replays;
    /// - `remove`: the medium in that device, if one was reported, is gone;
    /// - anything else (`add`, `change`, `online` …): the device is re-evaluated from sysfs;
    ///   the tracker turns that into present/gone and drops identical repeats.
    private func handle(event device: borrowing UdevDevice) {
        let action = device.action ?? "change"
        if action == "change", device.property("SYNTH_UUID") != nil { return }
        if action == "remove" {
            guard isWholeDisk(device), device.devnum != 0 else { return }
            let number = DeviceSnapshotReader.deviceNumber(device.devnum)
            for event in tracker.removed(device: number, devicePath: device.devnode ?? "") { emit(event) }
            return
        }
        evaluate(device)
    }

    private func evaluate(_ device: borrowing UdevDevice) {
        guard isWholeDisk(device), device.devnum != 0 else { return }
        let number = DeviceSnapshotReader.deviceNumber(device.devnum)
        let snapshot = DeviceSnapshotReader.snapshot(of: device)
        let path = device.devnode ?? "/dev/\(device.sysname)"
        for event in tracker.observe(device: number, devicePath: path, snapshot: snapshot) { emit(event) }
    }

    private func isWholeDisk(_ device: borrowing UdevDevice) -> Bool {
        device.devtype == "disk" && !DeviceSnapshotReader.isIgnored(sysname: device.sysname)
    }
}
