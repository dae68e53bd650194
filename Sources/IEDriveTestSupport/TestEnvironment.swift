public import Foundation
import IEDriveSystem

/// Where things are and what this machine can do, for test traits:
/// see `Traits.swift` (`.requiresLoopDevices`, `.requiresFixtures`, `.requiresFUSE`).
public enum TestEnvironment {
    /// The repository root (this file is Sources/IEDriveTestSupport/TestEnvironment.swift).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func script(_ name: String) -> String {
        repositoryRoot.appendingPathComponent("scripts").appendingPathComponent(name).path
    }

    /// The `iedrive` executable built beside the running test bundle.
    public static var iedriveBinary: String { builtExecutable("iedrive") }

    /// The `iedrive-reader` executable built beside the running test bundle.
    public static var readerBinary: String { builtExecutable("iedrive-reader") }

    /// The executable `name` of this package, built beside the running test bundle.
    public static func builtExecutable(_ name: String) -> String {
        let testBinary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: testBinary).deletingLastPathComponent()
        // On Linux the test binary is <build>/debug/<name>.xctest; the tools sit beside it.
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        return repositoryRoot.appendingPathComponent(".build/debug/\(name)").path
    }

    public static var isRoot: Bool { SystemCall.geteuid() == 0 }

    public static var canAttachLoopDevices: Bool {
        isRoot && FileManager.default.fileExists(atPath: "/dev/loop-control")
    }

    /// /dev/fuse exists and fusermount3 is on PATH.
    public static var canMountFUSE: Bool {
        FileManager.default.fileExists(atPath: "/dev/fuse") && isOnPath("fusermount3")
    }

    /// Whether an executable `name` is in one of PATH's directories.
    public static func isOnPath(_ name: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(name)")
        }
    }

    /// udevd is running when it answers a ping on its control socket (a dead udevd leaves
    /// the socket file behind, so its existence proves nothing). Asked once per process.
    public static let udevdRunning: Bool = {
        guard FileManager.default.fileExists(atPath: "/run/udev/control") else { return false }
        return (try? CommandRunner.run(["udevadm", "control", "--ping", "--timeout=2"]))?.status == 0
    }()

    /// A fresh directory for one test, removed by `cleanup()` (call it in a `defer`).
    public static func temporaryDirectory(_ label: String) throws -> TemporaryDirectory {
        try TemporaryDirectory(label: label)
    }
}

/// A scratch directory under /tmp that removes itself.
public struct TemporaryDirectory: Sendable {
    public let path: String

    init(label: String) throws {
        let base = ProcessInfo.processInfo.environment["IEDRIVE_TEST_TMP"] ?? "/tmp"
        do {
            path = try SystemCall.makeTemporaryDirectory(prefix: "\(base)/iedrive-\(label)-")
        } catch {
            throw TestSupportError.setup("mkdtemp failed under \(base): \(error.errno)")
        }
    }

    public func file(_ name: String) -> String { path + "/" + name }

    public func cleanup() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
