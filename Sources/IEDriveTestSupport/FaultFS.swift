import Foundation
import IEDriveSystem

/// A fake failing drive: Tests/Tools/faultfs.c, a read-only FUSE file system that serves one
/// image and makes chosen reads fail with EIO or hang. Attach a loop device to the served
/// file and the device's own reads fail, the way a damaged or pulled drive's do.
///
/// Nest the loop device inside the mount, so it is detached before the file system goes:
///
///     try FaultFS.with(image: path) { mount in
///         try LoopDevice.with(mount.imagePath, readOnly: true) { loop in ... }
///     }
///
/// Caching, as measured on this kernel (6.18) through `losetup --direct-io=off`:
/// - faultfs opens the image with FOPEN_DIRECT_IO, so every read the loop driver makes of
///   its backing file reaches faultfs. With the FUSE page cache (`-o page_cache`) a range read
///   once is served from memory and a later fault on it is never seen, not even by O_DIRECT
///   readers of the loop device (the loop driver reads its backing file buffered).
/// - A range that failed is never cached: reading it again through the loop device fails
///   again, with no flush and no O_DIRECT (a buffered read reaches faultfs twice: the
///   readahead attempt, then the single-page retry).
/// - A range that was read *successfully* stays in the loop device's page cache while anyone
///   holds the device open; a fault set afterwards is hidden from buffered readers until
///   `LoopDevice.flushBuffers()` (BLKFLSBUF) or the last close. O_DIRECT readers always see it.
/// - A buffered read that spans good and failing bytes returns the good bytes (a short read);
///   the next read, at the first failing offset, fails with EIO.
public enum FaultFS {
    /// One fault, as a line of faultfs's control file. Offsets and lengths are bytes of the
    /// image (= bytes of a loop device attached to it).
    public enum Rule: Sendable, Hashable, CustomStringConvertible {
        /// A read overlapping `offset..<offset+length` fails with EIO.
        case eio(offset: Int, length: Int)
        /// A read overlapping `offset..<offset+length` waits until the rule is removed (polled
        /// every 50 ms), then proceeds. Hang rules win over EIO rules. Through a loop device,
        /// later reads of other offsets wait behind the held one too (measured: the loop
        /// driver's worker serves its queue one request at a time), as on a hung drive.
        case hang(offset: Int, length: Int)
        /// A read reaching `offset` or beyond fails with EIO: a drive pulled mid-copy.
        case eioAfter(offset: Int)
        /// On a `writable` mount, a write reaching `offset` or beyond fails with EIO (reads
        /// still succeed): a drive that fails writes.
        case writeEIOAfter(offset: Int)
        /// On a `writable` mount, a write overlapping `offset..<offset+length` fails with EIO.
        case writeEIO(offset: Int, length: Int)
        /// On a `writable` mount, a write overlapping `offset..<offset+length` waits until the
        /// rule is removed: a drive that stops answering writes (a daemon caught mid-write).
        case writeHang(offset: Int, length: Int)

        /// The control-file line.
        public var description: String {
            switch self {
            case .eio(let offset, let length): "eio \(offset) \(length)"
            case .hang(let offset, let length): "hang \(offset) \(length)"
            case .eioAfter(let offset): "eio-after \(offset)"
            case .writeEIOAfter(let offset): "write-eio-after \(offset)"
            case .writeEIO(let offset, let length): "write-eio \(offset) \(length)"
            case .writeHang(let offset, let length): "write-hang \(offset) \(length)"
            }
        }

        var isValid: Bool {
            switch self {
            case .eio(let offset, let length), .hang(let offset, let length), .writeEIO(let offset, let length),
                 .writeHang(let offset, let length):
                offset >= 0 && length > 0
            case .eioAfter(let offset), .writeEIOAfter(let offset): offset >= 0
            }
        }
    }

    /// Counters from `MOUNTPOINT/.stats`, for reads of the image file since the mount.
    public struct Stats: Sendable, Equatable, CustomStringConvertible {
        /// Read requests faultfs received.
        public var reads: Int
        /// Reads answered with data.
        public var served: Int
        /// Reads answered with an error (EIO from a rule, or the image's own error).
        public var failed: Int
        /// Reads that met a hang rule, ever.
        public var hung: Int
        /// Reads waiting on a hang rule right now.
        public var hanging: Int
        /// Bytes served.
        public var bytes: Int
        /// Rules in force (the control file is re-checked when the stats are read).
        public var rules: Int

        public var description: String {
            "reads \(reads) served \(served) failed \(failed) hung \(hung) hanging \(hanging) bytes \(bytes) rules \(rules)"
        }
    }

    /// A mounted faultfs.
    public struct Mount: Sendable {
        /// The directory faultfs is mounted on.
        public let mountpoint: String
        /// The served copy of the image: attach the loop device to this.
        public let imagePath: String
        /// The control file faultfs reads its rules from.
        public let controlPath: String
        /// faultfs's stderr (malformed rules, unmount trouble).
        public let logPath: String
        /// The faultfs process (gone once `FaultFS.with` returns).
        public let processIdentifier: Int32

        /// Replaces the rules. The control file is replaced by rename, so a read sees the old
        /// rules or the new ones; faultfs checks it on every read, no remount needed.
        public func setFaults(_ rules: [Rule]) throws {
            try FaultFS.writeControlFile(controlPath, rules: rules)
        }

        public func stats() throws -> Stats {
            let text = try readWholeFile(mountpoint + "/.stats")
            var values: [String: Int] = [:]
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: " ")
                if fields.count == 2, let value = Int(fields[1]) { values[String(fields[0])] = value }
            }
            func value(_ name: String) throws -> Int {
                guard let value = values[name] else {
                    throw TestSupportError.setup("faultfs .stats has no \(name):\n\(text)")
                }
                return value
            }
            return Stats(reads: try value("reads"), served: try value("served"), failed: try value("failed"),
                         hung: try value("hung"), hanging: try value("hanging"), bytes: try value("bytes"),
                         rules: try value("rules"))
        }

        public func log() -> String {
            (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        }
    }

    /// Mounts `image` through faultfs with `faults` in force, runs `body`, and always unmounts
    /// and reaps faultfs afterwards, also when `body` throws. A loop device still attached to
    /// `imagePath` then is detached (it can only be this test's); if the mount is still busy,
    /// it is unmounted lazily and faultfs stopped, which fails the device's further reads.
    /// `writable`: the image is served read-write (`-o writable`), for drives written by tests.
    public static func with<R>(image: String, faults: [Rule] = [], writable: Bool = false,
                               _ body: (Mount) throws -> R) throws -> R {
        let directory = try TestEnvironment.temporaryDirectory("faultfs")
        defer { directory.cleanup() }
        // /proc/self/mounts and loop devices' backing_file name canonical paths.
        let mountpoint = URL(fileURLWithPath: directory.path).resolvingSymlinksInPath().path + "/mnt"
        let control = directory.file("faults")
        let logPath = directory.file("faultfs.log")
        try FileManager.default.createDirectory(atPath: mountpoint, withIntermediateDirectories: false)
        try writeControlFile(control, rules: faults)
        guard FileManager.default.createFile(atPath: logPath, contents: nil),
              let log = FileHandle(forWritingAtPath: logPath) else {
            throw TestSupportError.setup("cannot create \(logPath)")
        }
        defer { try? log.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try binary())
        process.arguments = [image, mountpoint, "-f", "-o", "faults=\(control)"] + (writable ? ["-o", "writable"] : [])
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        try process.run()

        let name = (image as NSString).lastPathComponent
        let mount = Mount(mountpoint: mountpoint, imagePath: mountpoint + "/" + name, controlPath: control,
                          logPath: logPath, processIdentifier: process.processIdentifier)
        defer { tearDown(mount, process) }
        try waitUntilMounted(mount, process)
        return try body(mount)
    }

    /// The faultfs executable, compiled from Tests/Tools/faultfs.c on first use into
    /// `.build/test-tools/faultfs-<source hash>` (under a lock, so parallel tests build it once).
    public static func binary() throws -> String {
        let source = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Tools/faultfs.c").path
        let tools = TestEnvironment.repositoryRoot.appendingPathComponent(".build/test-tools").path
        let output = "\(tools)/faultfs-\(try sha256(of: source).prefix(16))"
        let lock = try FileLock(path: tools + "/faultfs.lock")
        defer { lock.release() }
        if FileManager.default.isExecutableFile(atPath: output) { return output }
        let flags = try CommandRunner.check(["pkg-config", "--cflags", "--libs", "fuse3"])
            .split(whereSeparator: \.isWhitespace).map(String.init)
        let partial = output + ".partial"
        try CommandRunner.check(["cc", "-Wall", "-Wextra", "-O2", "-o", partial, source] + flags)
        do {
            try SystemCall.rename(partial, output)
        } catch {
            throw TestSupportError.setup("cannot rename \(partial): \(error.errno)")
        }
        // Builds of older sources are of no further use.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: tools)) ?? []
        where name.hasPrefix("faultfs-") && "\(tools)/\(name)" != output {
            try? FileManager.default.removeItem(atPath: "\(tools)/\(name)")
        }
        return output
    }

    // MARK: - Mounting and unmounting

    static func writeControlFile(_ path: String, rules: [Rule]) throws {
        if let bad = rules.first(where: { !$0.isValid }) {
            throw TestSupportError.setup("invalid faultfs rule: \(bad)")
        }
        let text = rules.map { "\($0)\n" }.joined()
        // Write beside, then rename over: faultfs never reads half a file, and it notices the
        // new inode even when size and mtime match the old file's.
        let temporary = "\(path).\(UUID().uuidString)"
        try text.write(toFile: temporary, atomically: false, encoding: .utf8)
        do {
            try SystemCall.rename(temporary, path)
        } catch {
            throw TestSupportError.setup("cannot rename \(temporary): \(error.errno)")
        }
    }

    private static func waitUntilMounted(_ mount: Mount, _ process: Process) throws {
        let deadline = Date().addingTimeInterval(10)
        while !isMounted(mount.mountpoint) {
            guard process.isRunning else {
                throw TestSupportError.setup("faultfs exited (\(process.terminationStatus)) before mounting:\n\(mount.log())")
            }
            guard Date() < deadline else {
                throw TestSupportError.setup("faultfs did not mount \(mount.mountpoint) within 10 s:\n\(mount.log())")
            }
            SystemClock.sleep(microseconds: 20_000)
        }
    }

    /// Unmounts and reaps; never throws, logs what it had to force.
    private static func tearDown(_ mount: Mount, _ process: Process) {
        // Let reads held by hang rules go on, so nothing waits on a rule nobody will clear.
        try? mount.setFaults([])
        var lazily = false
        if isMounted(mount.mountpoint), !unmount(mount.mountpoint) {
            let leftovers = loopDevices(backedBy: mount.mountpoint)
            if !leftovers.isEmpty {
                warn("loop devices still attached to \(mount.imagePath): \(leftovers.joined(separator: " ")); detaching")
                for device in leftovers { _ = try? CommandRunner.run(["losetup", "--detach", device]) }
            }
            var unmounted = false
            for attempt in 0..<5 where !unmounted {
                SystemClock.sleep(microseconds: UInt32(50_000 * (attempt + 1)))
                unmounted = unmount(mount.mountpoint)
            }
            if !unmounted {
                warn("\(mount.mountpoint) still busy; unmounting lazily and stopping faultfs")
                _ = try? CommandRunner.run(["fusermount3", "-u", "-z", mount.mountpoint])
                lazily = true
            }
        }
        // Unmounted, faultfs exits by itself. After a lazy unmount it would go on serving the
        // open files; stopped, it leaves their further reads failing with EIO.
        if lazily || !waitForExit(process, seconds: 5) {
            process.terminate()
            if !waitForExit(process, seconds: 5) {
                warn("faultfs \(process.processIdentifier) ignored SIGTERM; killing it")
                try? SystemCall.kill(process.processIdentifier, .kill)
                process.waitUntilExit()
            }
        }
        // A faultfs that died leaves a dead mount ("Transport endpoint is not connected").
        if isMounted(mount.mountpoint) {
            _ = try? CommandRunner.run(["fusermount3", "-u", "-z", mount.mountpoint])
        }
    }

    private static func unmount(_ mountpoint: String) -> Bool {
        guard let result = try? CommandRunner.run(["fusermount3", "-u", mountpoint]) else { return false }
        return result.status == 0 || !isMounted(mountpoint)
    }

    private static func waitForExit(_ process: Process, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning {
            guard Date() < deadline else { return false }
            SystemClock.sleep(microseconds: 20_000)
        }
        return true
    }

    private static func warn(_ message: String) {
        FileHandle.standardError.write(Data("FaultFS: \(message)\n".utf8))
    }

    /// Whether `path` is a mount point now, from /proc/self/mounts.
    public static func isMounted(_ path: String) -> Bool {
        guard let text = try? readWholeFile("/proc/self/mounts") else { return false }
        return text.split(separator: "\n").contains { line in
            let fields = line.split(separator: " ")
            return fields.count > 1 && unescapeMountField(fields[1]) == path
        }
    }

    /// Loop devices whose backing file lies under `directory` (a canonical path), from
    /// /sys/block/loop*/loop/backing_file.
    public static func loopDevices(backedBy directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/sys/block")) ?? []
        return names.filter { $0.hasPrefix("loop") }.sorted().compactMap { name in
            guard let backing = try? String(contentsOfFile: "/sys/block/\(name)/loop/backing_file", encoding: .utf8),
                  backing.trimmingCharacters(in: .newlines).hasPrefix(directory + "/") else { return nil }
            return "/dev/" + name
        }
    }

    /// /proc/mounts writes space, tab, newline and backslash as `\ooo`.
    private static func unescapeMountField(_ field: Substring) -> String {
        guard field.contains("\\") else { return String(field) }
        var bytes: [UInt8] = []
        var iterator = Array(field.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "\\"), iterator.count >= 3,
               let value = UInt8(String(decoding: iterator.prefix(3), as: UTF8.self), radix: 8) {
                bytes.append(value)
                iterator = iterator.dropFirst(3)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Reads a file to its end with read(2): FUSE files opened with direct I/O cannot be mapped,
/// and their reported size may already be stale.
func readWholeFile(_ path: String) throws -> String {
    let fd: Int32
    do {
        fd = try SystemCall.open(path, .readOnly)
    } catch {
        throw TestSupportError.setup("cannot open \(path): \(error.errno)")
    }
    defer { SystemCall.close(fd) }
    do {
        return String(decoding: try SystemCall.readToEnd(fd, limit: Int.max - 1, subject: path), as: UTF8.self)
    } catch {
        throw TestSupportError.setup("cannot read \(path): \(error.errno)")
    }
}
