import Foundation
import IEDriveTestSupport
import Testing

/// The fake failing drive itself: a random 16 MiB image served by faultfs, a read-only loop
/// device on the served file, and reads of that device that succeed, fail with EIO or hang
/// exactly as the rules say. Also pins down the caching facts FaultFS's doc comment states.
@Suite(.requiresLoopDevices, .requiresFUSE, .serialized)
struct FaultFSTests {
    static let mib = 1 << 20
    static let imageSize = 16 * mib

    @Test("with no faults the loop device reads back the image, byte for byte")
    func readsWholeDevice() throws {
        try withFaultyDrive { mount, loop, image in
            let fd = try openDevice(loop.path)
            defer { close(fd) }
            var offset = 0
            while offset < Self.imageSize {
                let outcome = readAt(fd, offset: offset, count: Self.mib)
                try #require(outcome == .bytes(Array(image[offset..<offset + Self.mib])), "at \(offset)")
                offset += Self.mib
            }
            #expect(readAt(fd, offset: Self.imageSize, count: 4096) == .bytes([]))
            let stats = try mount.stats()
            #expect(stats.failed == 0)
            #expect(stats.served > 0)
            #expect(stats.bytes >= Self.imageSize)
        }
    }

    @Test("an eio rule fails reads of its range with EIO, every time, until it is cleared")
    func eioRule() throws {
        try withFaultyDrive { mount, loop, image in
            let bad = 8 * Self.mib
            let good = ReadOutcome.bytes(Array(image[bad..<bad + 4096]))
            #expect(readOnce(loop.path, offset: bad, count: 4096) == good)

            try mount.setFaults([.eio(offset: bad, length: 4096)])
            #expect(try mount.stats().rules == 1)
            // Drop the loop device's own copy of those bytes; faultfs serves the image with
            // direct I/O, so no FUSE page cache holds them either and the read reaches faultfs.
            try loop.flushBuffers()
            #expect(readOnce(loop.path, offset: bad, count: 4096) == .failed(errno: EIO))
            // A failed page is never cached: the same read fails again, no flush, no O_DIRECT.
            #expect(readOnce(loop.path, offset: bad, count: 4096) == .failed(errno: EIO))
            #expect(readOnce(loop.path, offset: bad, count: 4096, direct: true) == .failed(errno: EIO))
            #expect(readOnce(loop.path, offset: 0, count: 4096) == .bytes(Array(image[0..<4096])))
            #expect(readOnce(loop.path, offset: bad + 4096, count: 4096) == .bytes(Array(image[bad + 4096..<bad + 8192])))
            #expect(try mount.stats().failed >= 3)

            try mount.setFaults([])
            #expect(readOnce(loop.path, offset: bad, count: 4096) == good)
        }
    }

    @Test("eio-after stops a sequential copy at that byte with EIO, as a pulled drive would")
    func eioAfterRule() throws {
        try withFaultyDrive { mount, loop, image in
            let pulledAt = 12 * Self.mib
            try mount.setFaults([.eioAfter(offset: pulledAt)])

            let fd = try openDevice(loop.path)
            defer { close(fd) }
            var copied: [UInt8] = []
            var failure: Int32?
            while copied.count < Self.imageSize, failure == nil {
                switch readAt(fd, offset: copied.count, count: Self.mib) {
                case .bytes(let chunk) where chunk.isEmpty: failure = 0
                case .bytes(let chunk): copied += chunk // short near the failing bytes
                case .failed(let code): failure = code
                }
            }
            #expect(failure == EIO)
            #expect(copied.count == pulledAt)
            #expect(copied == Array(image[0..<pulledAt]))
            #expect(readOnce(loop.path, offset: Self.imageSize - 4096, count: 4096) == .failed(errno: EIO))
            #expect(readOnce(loop.path, offset: pulledAt - 4096, count: 4096) == .bytes(Array(image[pulledAt - 4096..<pulledAt])))
        }
    }

    @Test("a hang rule holds a read until the rule is removed, then the read returns the right bytes")
    func hangRule() throws {
        try withFaultyDrive { mount, loop, image in
            let slow = 6 * Self.mib
            try mount.setFaults([.hang(offset: slow, length: 4096)])

            let result = ReadBox()
            let done = DispatchSemaphore(value: 0)
            let path = loop.path
            Thread.detachNewThread {
                result.set(readOnce(path, offset: slow, count: 4096))
                done.signal()
            }
            // The read reached faultfs and waits there …
            try #require(try waitFor(seconds: 10) { try mount.stats().hanging == 1 })
            // … and stays waiting.
            #expect(done.wait(timeout: .now() + .milliseconds(300)) == .timedOut)
            #expect(result.get() == nil)

            try mount.setFaults([])
            try #require(done.wait(timeout: .now() + .seconds(10)) == .success, "read still blocked after the rule was removed")
            #expect(result.get() == .bytes(Array(image[slow..<slow + 4096])))
            let stats = try mount.stats()
            #expect(stats.hung >= 1)
            #expect(stats.hanging == 0)
        }
    }

    @Test("bytes read once stay cached while the loop device is open; flushbufs or O_DIRECT see a later fault")
    func cachedPagesHideLaterFaults() throws {
        try withFaultyDrive { mount, loop, image in
            let offset = 4 * Self.mib
            let good = ReadOutcome.bytes(Array(image[offset..<offset + 4096]))
            let fd = try openDevice(loop.path)
            defer { close(fd) }
            #expect(readAt(fd, offset: offset, count: 4096) == good)

            try mount.setFaults([.eio(offset: offset, length: 4096)])
            let readsBefore = try mount.stats().reads
            // Served from the loop device's page cache: faultfs is not even asked.
            #expect(readAt(fd, offset: offset, count: 4096) == good)
            #expect(try mount.stats().reads == readsBefore)
            #expect(readOnce(loop.path, offset: offset, count: 4096, direct: true) == .failed(errno: EIO))

            try loop.flushBuffers()
            #expect(readAt(fd, offset: offset, count: 4096) == .failed(errno: EIO))
        }
    }

    @Test("the served image is read-only")
    func servedFileIsReadOnly() throws {
        let directory = try TestEnvironment.temporaryDirectory("faultfs-test")
        defer { directory.cleanup() }
        let image = directory.file("small.img")
        try Data(repeating: 0x5A, count: 65536).write(to: URL(fileURLWithPath: image))
        let before = try sha256(of: image)
        try FaultFS.with(image: image) { mount in
            let attributes = try FileManager.default.attributesOfItem(atPath: mount.imagePath)
            #expect(attributes[.size] as? Int == 65536)
            #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o777 } == 0o444)
            let writable = open(mount.imagePath, O_RDWR | O_CLOEXEC)
            let code = errno
            if writable >= 0 { close(writable) }
            #expect(writable == -1)
            #expect(code == EROFS)
            #expect(readOnce(mount.imagePath, offset: 100, count: 10) == .bytes(Array(repeating: 0x5A, count: 10)))
        }
        #expect(try sha256(of: image) == before)
    }

    @Test("FaultFS.with cleans up after a throwing body that left a loop device attached")
    func cleansUpAfterThrowAndLeftoverLoop() throws {
        let directory = try TestEnvironment.temporaryDirectory("faultfs-test")
        defer { directory.cleanup() }
        let image = directory.file("small.img")
        try Data(repeating: 1, count: Self.mib).write(to: URL(fileURLWithPath: image))
        struct Boom: Error {}

        var mountpoint = ""
        var pid: Int32 = 0
        var leftover = ""
        defer {
            // Only if FaultFS.with failed to: this test attached it.
            if !leftover.isEmpty, FaultFS.loopDevices(backedBy: mountpoint).contains(leftover) {
                _ = try? CommandRunner.run(["losetup", "--detach", leftover])
            }
        }
        #expect(throws: Boom.self) {
            try FaultFS.with(image: image) { mount in
                mountpoint = mount.mountpoint
                pid = mount.processIdentifier
                leftover = try CommandRunner.check(["losetup", "--find", "--show", "--read-only", mount.imagePath])
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                LoopDevice.settle()
                throw Boom()
            }
        }
        #expect(!leftover.isEmpty)
        #expect(!FaultFS.isMounted(mountpoint))
        #expect(FaultFS.loopDevices(backedBy: mountpoint).isEmpty)
        #expect(kill(pid, 0) == -1 && errno == ESRCH, "faultfs \(pid) still exists")
    }

    @Test("a loop device still open when FaultFS.with ends: lazy unmount, EIO, gone on close")
    func lazyUnmountWhileLoopDeviceIsOpen() throws {
        let directory = try TestEnvironment.temporaryDirectory("faultfs-test")
        defer { directory.cleanup() }
        let image = directory.file("small.img")
        let bytes = try randomBytes(Self.mib)
        try Data(bytes).write(to: URL(fileURLWithPath: image))

        var mountpoint = ""
        var pid: Int32 = 0
        var device = ""
        var fd: Int32 = -1
        defer {
            if fd >= 0 { close(fd) }
            // Only if autoclear did not: this test attached it.
            if !device.isEmpty, FileManager.default.fileExists(atPath: "/sys/block/\((device as NSString).lastPathComponent)/loop") {
                _ = try? CommandRunner.run(["losetup", "--detach", device])
            }
        }
        try FaultFS.with(image: image) { mount in
            mountpoint = mount.mountpoint
            pid = mount.processIdentifier
            device = try CommandRunner.check(["losetup", "--find", "--show", "--read-only", mount.imagePath])
                .trimmingCharacters(in: .whitespacesAndNewlines)
            LoopDevice.settle()
            fd = try openDevice(device)
            #expect(readAt(fd, offset: 0, count: 4096) == .bytes(Array(bytes[0..<4096])))
        }
        #expect(!FaultFS.isMounted(mountpoint))
        #expect(kill(pid, 0) == -1 && errno == ESRCH, "faultfs \(pid) still exists")
        // faultfs is gone, so the device's uncached bytes cannot be read any more.
        #expect(readAt(fd, offset: Self.mib / 2, count: 4096) == .failed(errno: EIO))
        close(fd)
        fd = -1
        // FaultFS.with's `losetup --detach` set autoclear on the busy device: it goes on close.
        let sysfs = "/sys/block/\((device as NSString).lastPathComponent)/loop"
        #expect(try waitFor(seconds: 5) { !FileManager.default.fileExists(atPath: sysfs) }, "\(device) still attached")
    }

    // MARK: - Helpers

    /// A random image in a fresh temporary directory, served by faultfs, attached read-only;
    /// afterwards checks that the mount, the loop device and faultfs are all gone.
    private func withFaultyDrive(_ body: (FaultFS.Mount, LoopDevice, [UInt8]) throws -> Void) throws {
        let directory = try TestEnvironment.temporaryDirectory("faultfs-test")
        defer { directory.cleanup() }
        let image = directory.file("drive.img")
        let bytes = try randomBytes(Self.imageSize)
        try Data(bytes).write(to: URL(fileURLWithPath: image))
        let before = try sha256(of: image)

        var mountpoint = ""
        var pid: Int32 = 0
        try FaultFS.with(image: image) { mount in
            mountpoint = mount.mountpoint
            pid = mount.processIdentifier
            try LoopDevice.with(mount.imagePath, readOnly: true) { loop in
                try body(mount, loop, bytes)
            }
        }
        #expect(!FaultFS.isMounted(mountpoint))
        #expect(FaultFS.loopDevices(backedBy: mountpoint).isEmpty)
        #expect(kill(pid, 0) == -1 && errno == ESRCH, "faultfs \(pid) still exists")
        #expect(try sha256(of: image) == before, "image changed")
    }

    private func randomBytes(_ count: Int) throws -> [UInt8] {
        guard let urandom = FileHandle(forReadingAtPath: "/dev/urandom") else {
            throw TestSupportError.setup("cannot open /dev/urandom")
        }
        defer { try? urandom.close() }
        let data = try urandom.read(upToCount: count) ?? Data()
        try #require(data.count == count)
        return Array(data)
    }

    private func waitFor(seconds: Double, _ condition: () throws -> Bool) throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(20_000)
        }
        return try condition()
    }
}

/// What one pread(2) gave: the bytes (fewer at a short read), or errno.
enum ReadOutcome: Equatable, Sendable, CustomStringConvertible {
    case bytes([UInt8])
    case failed(errno: Int32)

    var description: String {
        switch self {
        case .bytes(let bytes): "\(bytes.count) bytes"
        case .failed(let code): "errno \(code) (\(String(cString: strerror(code))))"
        }
    }
}

private func openDevice(_ path: String) throws -> Int32 {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw TestSupportError.setup("cannot open \(path): \(String(cString: strerror(errno)))") }
    return fd
}

/// One pread(2) of `count` bytes at `offset` on an open descriptor, into a page-aligned
/// buffer (O_DIRECT needs one).
private func readAt(_ fd: Int32, offset: Int, count: Int) -> ReadOutcome {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 4096)
    defer { buffer.deallocate() }
    var got: Int
    repeat { got = pread(fd, buffer.baseAddress, count, off_t(offset)) } while got < 0 && errno == EINTR
    if got < 0 { return .failed(errno: errno) }
    return .bytes(Array(buffer[..<got]))
}

/// O_DIRECT: Glibc's Swift module leaves it out (glibc defines it only under _GNU_SOURCE).
#if arch(arm64) || arch(arm)
private let oDirect: Int32 = 0o200000
#else
private let oDirect: Int32 = 0o40000 // x86_64 and asm-generic
#endif

/// Opens `path` (buffered, or with O_DIRECT), reads once, closes.
private func readOnce(_ path: String, offset: Int, count: Int, direct: Bool = false) -> ReadOutcome {
    let fd = open(path, O_RDONLY | O_CLOEXEC | (direct ? oDirect : 0))
    if fd < 0 { return .failed(errno: errno) }
    defer { close(fd) }
    return readAt(fd, offset: offset, count: count)
}

private final class ReadBox: @unchecked Sendable {
    private let lock = NSLock()
    private var outcome: ReadOutcome?

    func set(_ value: ReadOutcome) { lock.withLock { outcome = value } }
    func get() -> ReadOutcome? { lock.withLock { outcome } }
}
