import Foundation
import IEDriveSystem

/// A file system mounted for one test on a fresh directory and always unmounted afterwards
/// (also when the body throws): a tmpfs, or an ext4 image on a loop device that is detached
/// after the unmount. Needs root.
public enum ScratchMount {
    /// Mounts a tmpfs with `options` (e.g. `["ro"]`, `["size=1m"]`) and runs `body` with the
    /// mount point.
    public static func tmpfs<R>(options: [String] = [], _ body: (String) throws -> R) throws -> R {
        let directory = try TestEnvironment.temporaryDirectory("tmpfs")
        defer { directory.cleanup() }
        let mountpoint = directory.file("mnt")
        try FileManager.default.createDirectory(atPath: mountpoint, withIntermediateDirectories: false)
        var arguments = ["mount", "-t", "tmpfs"]
        if !options.isEmpty { arguments += ["-o", options.joined(separator: ",")] }
        try CommandRunner.check(arguments + ["iedrive-test", mountpoint])
        defer { unmount(mountpoint) }
        return try body(mountpoint)
    }

    /// Makes an ext4 file system of `megabytes` MiB (no blocks reserved for root, so "full"
    /// means full), mounts it read-write through a loop device, and runs `body` with the
    /// mount point.
    public static func ext4<R>(megabytes: Int, _ body: (String) throws -> R) throws -> R {
        let directory = try TestEnvironment.temporaryDirectory("ext4")
        defer { directory.cleanup() }
        let image = directory.file("fs.img")
        let mountpoint = directory.file("mnt")
        try FileManager.default.createDirectory(atPath: mountpoint, withIntermediateDirectories: false)
        try CommandRunner.check(["truncate", "-s", "\(megabytes)M", image])
        try CommandRunner.check(["mkfs.ext4", "-q", "-F", "-m", "0", "-E", "nodiscard", image])
        return try LoopDevice.with(image, readOnly: false) { loop in
            try CommandRunner.check(["mount", "-t", "ext4", loop.path, mountpoint])
            defer { unmount(mountpoint) }
            return try body(mountpoint)
        }
    }

    /// dislocker-fuse (read-only) on the BitLocker `image`, ntfs-3g (read-only) on its
    /// `dislocker-file`, in `directory`: `body` gets the NTFS root. Both are unmounted
    /// afterwards, also when `body` throws. (The test key goes on dislocker-fuse's command
    /// line: it has no other way to take one.)
    public static func dislockerNTFS<R>(image: String, password: String, in directory: TemporaryDirectory,
                                        _ body: (String) throws -> R) throws -> R {
        let fuse = directory.file("dislocker")
        let ntfs = directory.file("ntfs")
        try FileManager.default.createDirectory(atPath: fuse, withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: ntfs, withIntermediateDirectories: false)
        try daemon(["dislocker-fuse", "-r", "-V", image, "-p" + password, "--", fuse])
        defer { unmount(fuse) }
        try daemon(["ntfs-3g", "-o", "ro", fuse + "/dislocker-file", ntfs])
        defer { unmount(ntfs) }
        return try body(ntfs)
    }

    /// Starts a self-daemonizing command with only stdin/stdout/stderr (all /dev/null): a
    /// daemon that inherited the pipes of a command another test runs (Process pipes are
    /// inheritable) would keep that command's output open for as long as it lives.
    static func daemon(_ arguments: [String]) throws {
        let launcher = "import os,sys; os.closerange(3, 65536); n=os.open('/dev/null', os.O_RDWR); "
            + "[os.dup2(n, f) for f in (0, 1, 2)]; os.execvp(sys.argv[1], sys.argv[1:])"
        try CommandRunner.check(["python3", "-c", launcher] + arguments)
    }

    /// Remounts `mountpoint` with `options` (e.g. `["remount", "ro"]`).
    public static func remount(_ mountpoint: String, options: [String]) throws {
        try CommandRunner.check(["mount", "-o", options.joined(separator: ","), mountpoint])
    }

    /// Unmounts, retrying while busy, then lazily as a last resort.
    public static func unmount(_ mountpoint: String) {
        for attempt in 0..<10 {
            if let result = try? CommandRunner.run(["umount", mountpoint]), result.status == 0 { return }
            SystemClock.sleep(microseconds: UInt32(50_000 * (attempt + 1)))
        }
        _ = try? CommandRunner.run(["umount", "--lazy", mountpoint])
    }
}
