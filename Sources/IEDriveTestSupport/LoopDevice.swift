import Foundation
import IEDriveSystem

/// A loop device attached for one test and always detached afterwards, also when the body
/// throws or an expectation fails (``LoopDevice/with(_:readOnly:partitionNodes:_:)`` detaches in a `defer`).
public struct LoopDevice: Sendable {
    public let path: String
    public let image: String

    /// `/dev/loopN` → `loopN`.
    public var sysname: String { (path as NSString).lastPathComponent }

    /// Attaches `image` (read-only unless told otherwise), waits for udev to settle, runs
    /// `body`, detaches. With `partitionNodes`, partition nodes are made with `partx -a`
    /// (this kernel parses no partition tables itself).
    public static func with<R>(_ image: String, readOnly: Bool = true, partitionNodes: Bool = false,
                               _ body: (LoopDevice) throws -> R) throws -> R {
        var arguments = ["losetup", "--find", "--show"]
        if readOnly { arguments.append("--read-only") }
        arguments.append(image)
        let path = try CommandRunner.check(arguments).trimmingCharacters(in: .whitespacesAndNewlines)
        let device = LoopDevice(path: path, image: image)
        defer { device.detach() }
        if partitionNodes { try CommandRunner.check(["partx", "--add", path]) }
        settle()
        return try body(device)
    }

    /// Attaches `image` and returns at once (no settle), for tests that watch the attach
    /// themselves. The caller must `defer { device.detach() }` right after this returns.
    public static func attach(_ image: String, readOnly: Bool = true) throws -> LoopDevice {
        var arguments = ["losetup", "--find", "--show"]
        if readOnly { arguments.append("--read-only") }
        arguments.append(image)
        let path = try CommandRunner.check(arguments).trimmingCharacters(in: .whitespacesAndNewlines)
        return LoopDevice(path: path, image: image)
    }

    /// `udevadm settle` when udevd runs, so udev's view of the device is complete.
    public static func settle() {
        if TestEnvironment.udevdRunning {
            _ = try? CommandRunner.run(["udevadm", "settle", "--timeout=10"])
        }
    }

    /// Detaches, retrying while something (udev's blkid, say) still has it open.
    public func detach() {
        _ = try? CommandRunner.run(["partx", "--delete", path])
        for attempt in 0..<20 {
            if let result = try? CommandRunner.run(["losetup", "--detach", path]), result.status == 0 { break }
            SystemClock.sleep(microseconds: UInt32(50_000 * (attempt + 1)))
        }
        Self.settle()
    }

    /// Drops the device's cached pages (`blockdev --flushbufs`, BLKFLSBUF). Data read once
    /// stays cached while anyone holds the device open, so a fault set later on those bytes
    /// (see `FaultFS`) is invisible to buffered readers until this or the last close.
    public func flushBuffers() throws {
        try CommandRunner.check(["blockdev", "--flushbufs", path])
    }

    /// Partition node `n` (`/dev/loop3p1`).
    public func partitionNode(_ number: Int) -> String { "\(path)p\(number)" }
}
