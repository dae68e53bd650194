import Foundation
import IEDriveCore
import IEDriveDevices
import IEDriveTestSupport
import Testing

/// Loop-device tier: the device monitor against real loop devices and real netlink events
/// (udev source when udevd answers — scripts/test starts one — and the kernel source).
/// Other sessions may attach loop devices meanwhile, so every check filters by our device
/// path and medium key.
@Suite(.requiresLoopDevices, .serialized)
struct DeviceMonitorLoopTests {
    static let imageSize: UInt64 = 8 << 20

    static func makeImage(in directory: TemporaryDirectory, name: String = "DRIVE01.img") throws -> String {
        let path = directory.file(name)
        try CommandRunner.check(["truncate", "-s", "\(imageSize)", path])
        return path
    }

    static func sysfs(_ sysname: String, _ attribute: String) throws -> String {
        try String(contentsOfFile: "/sys/block/\(sysname)/\(attribute)", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("attach gives one present with size, backing file, diskseq and drive id; detach gives gone",
          arguments: [MonitorSource.automatic, .kernel])
    func attachAndDetach(_ source: MonitorSource) async throws {
        let directory = try TestEnvironment.temporaryDirectory("monitor")
        defer { directory.cleanup() }
        let image = try Self.makeImage(in: directory)

        // Asked now, not from the cached TestEnvironment flag: udevd may have started since.
        let udevdAnswers = (try? CommandRunner.run(["udevadm", "control", "--ping", "--timeout=5"]))?.status == 0
        let monitor = try DeviceMonitor(source: source)
        defer { monitor.stop() }
        if source == .automatic {
            #expect(monitor.selection.source == (udevdAnswers ? .udev : .kernel), "\(monitor.selection)")
        } else {
            #expect(monitor.selection.source == .kernel)
        }
        let recorder = EventRecorder(monitor.events())

        let loop = try LoopDevice.attach(image)
        var attached = true
        defer { if attached { loop.detach() } }

        // udevd runs its rules (a blkid probe among them) before it passes the event on; when
        // the suite's start keeps the host busy (images built, probed and mounted on other loop
        // devices) a run once saw no event within 15 s.
        let appeared = await recorder.wait(timeout: .seconds(45)) { _ in !recorder.presents(at: loop.path).isEmpty }
        try #require(appeared, "no present event for \(loop.path) within 45 s (\(monitor.selection))")
        let snapshot = try #require(recorder.presents(at: loop.path).first)
        #expect(snapshot.sizeBytes == Self.imageSize)
        #expect(snapshot.loopBackingFile == image)
        #expect(snapshot.isLoop)
        #expect(snapshot.isReadOnly)
        #expect(snapshot.serial == nil)
        #expect(snapshot.sysName == loop.sysname)
        #expect(snapshot.diskSequence == UInt64(try Self.sysfs(loop.sysname, "diskseq")))
        #expect(snapshot.deviceNumber == DeviceNumber(try Self.sysfs(loop.sysname, "dev")))
        #expect(DriveIdentityRule.default.driveId(for: snapshot) == "DRIVE01")

        // The udev change and losetup's synthetic change follow: still one present.
        LoopDevice.settle()
        try await Task.sleep(for: .milliseconds(700))
        #expect(recorder.presents(at: loop.path).filter { $0.key == snapshot.key }.count == 1,
                "events: \(recorder.events.filter { $0.devicePath == loop.path })")

        loop.detach()
        attached = false
        let left = await recorder.wait { _ in !recorder.gones(of: snapshot.key).isEmpty }
        #expect(left, "no gone event for \(snapshot.key) within 15 s")
        try await Task.sleep(for: .milliseconds(500))
        #expect(recorder.gones(of: snapshot.key) == [.gone(snapshot.key, devicePath: loop.path)])
    }

    @Test("coldplug reports a loop device attached before the monitor started", arguments: [MonitorSource.automatic, .kernel])
    func coldplugSeesAttachedLoop(_ source: MonitorSource) async throws {
        let directory = try TestEnvironment.temporaryDirectory("monitor")
        defer { directory.cleanup() }
        let image = try Self.makeImage(in: directory, name: "DRIVE02.img")
        let loop = try LoopDevice.attach(image)
        defer { loop.detach() }
        // Let every attach event pass before the monitor's socket exists.
        LoopDevice.settle()
        try await Task.sleep(for: .milliseconds(300))

        let monitor = try DeviceMonitor(source: source)
        defer { monitor.stop() }
        let recorder = EventRecorder(monitor.events())
        let seen = await recorder.wait(timeout: .seconds(5)) { _ in !recorder.presents(at: loop.path).isEmpty }
        try #require(seen, "coldplug did not report \(loop.path)")
        let snapshot = try #require(recorder.presents(at: loop.path).first)
        #expect(snapshot.loopBackingFile == image)
        #expect(snapshot.sizeBytes == Self.imageSize)
        #expect(DriveIdentityRule.default.driveId(for: snapshot) == "DRIVE02")
        #expect(DeviceMonitor.currentSnapshot(of: loop.path) == snapshot)
    }

    @Test("stop ends the stream promptly")
    func stopEndsStream() async throws {
        let monitor = try DeviceMonitor()
        let recorder = EventRecorder(monitor.events())
        try await Task.sleep(for: .milliseconds(100))
        // stop() cancels the read source and finishes the stream before it returns; how soon the
        // recorder's task then sees the end depends on the test run's thread pool (other suites
        // block its two threads at times), so only stop() itself is timed.
        let started = ContinuousClock.now
        monitor.stop()
        #expect(ContinuousClock.now - started < .seconds(5))   // loose: a loaded run stalls for a second at times
        let finished = await recorder.wait(timeout: .seconds(30)) { _ in recorder.isFinished }
        #expect(finished)
        // A second call gets a finished stream, not a second monitor.
        let again = EventRecorder(monitor.events())
        #expect(await again.wait(timeout: .seconds(1)) { _ in again.isFinished })
    }
}
