import Foundation
import IEDriveCore
import IEDriveDevices
import IEDriveTestSupport
import Testing

@Suite struct ImageProbeTests {
    @Test("every BitLocker fixture probes as BitLocker, To Go told apart", .requiresFixtures)
    func fixtures() throws {
        let images = try Fixtures.images()
        #expect(images.count >= 19)
        for image in images {
            let before = try sha256(of: image.path)
            let report = try DeviceProber().probe(path: image.path)
            let reference = try BlkidExport.probe(image.path)
            let volume = try #require(report.volumes.first, "\(image.name)")
            #expect(volume.type == reference["TYPE"], "\(image.name)")
            #expect(volume.type == "BitLocker", "\(image.name)")
            #expect(volume.version == reference["VERSION"], "\(image.name)")
            #expect(volume.usage == "crypto")
            #expect(volume.isBitLockerToGo == image.isToGo, "\(image.name)")
            #expect(report.device == nil)
            #expect(DriveVerdict.evaluate(report, allowUnencrypted: false).acceptable, "\(image.name)")
            #expect(try sha256(of: image.path) == before)
        }
    }

    @Test("a 1 TiB sparse image is probed without reading it")
    func sparseTerabyte() throws {
        let scratch = try TestEnvironment.temporaryDirectory("sparse")
        defer { scratch.cleanup() }
        let path = scratch.file("huge.img")
        try CommandRunner.check(["truncate", "-s", "1T", path])
        try CommandRunner.check(["mkfs.ext4", "-q", "-F", "-L", "HUGE", "-E", "nodiscard,lazy_itable_init=1", "-O", "^has_journal", path])

        let readBefore = try bytesReadByThisThread()
        let report = try DeviceProber().probe(path: path)
        let read = try bytesReadByThisThread() - readBefore
        #expect(report.size == 1 << 40)
        #expect(report.volumes.first?.type == "ext4")
        #expect(report.volumes.first?.label == "HUGE")
        #expect(read < 64 << 20, "probe read \(read) bytes of a 1 TiB image")
    }

    @Test("a file that is not a disk image is probed, not refused")
    func randomBytes() throws {
        let scratch = try TestEnvironment.temporaryDirectory("random")
        defer { scratch.cleanup() }
        let path = scratch.file("noise.img")
        try CommandRunner.check(["sh", "-c", "head -c 1048576 /dev/zero | tr '\\0' 'x' > \"$0\"", path])
        let report = try DeviceProber().probe(path: path)
        #expect(report.volumes.isEmpty)
        #expect(report.partitionTable == nil)
        #expect(DriveVerdict.evaluate(report, allowUnencrypted: false).failure == .bitLockerVolumeNotFound)
    }

    @Test("errors: missing path, directory, empty file")
    func errors() throws {
        let scratch = try TestEnvironment.temporaryDirectory("errors")
        defer { scratch.cleanup() }
        #expect(throws: ProbeError.notFound(path: scratch.file("absent"))) {
            try DeviceProber().probe(path: scratch.file("absent"))
        }
        #expect(throws: ProbeError.isDirectory(path: scratch.path)) { try DeviceProber().probe(path: scratch.path) }
        let empty = scratch.file("empty.img")
        #expect(FileManager.default.createFile(atPath: empty, contents: nil))
        #expect(throws: ProbeError.empty(path: empty, isBlockDevice: false)) { try DeviceProber().probe(path: empty) }
        #expect(throws: ProbeError.notBlockDeviceOrFile(path: "/dev/null", kind: "character device")) {
            try DeviceProber().probe(path: "/dev/null")
        }
    }

    /// Bytes this thread has read (`rchar`: every byte read(2)/pread(2) returned, page-cache
    /// hits included). Per thread, so tests running in parallel do not count.
    private func bytesReadByThisThread() throws -> Int {
        let text = try String(contentsOfFile: "/proc/thread-self/io", encoding: .utf8)
        let line = text.split(separator: "\n").first { $0.hasPrefix("rchar:") } ?? "rchar: 0"
        return Int(line.split(separator: " ").last ?? "0") ?? 0
    }
}
