import Foundation
import IEDriveNTFS
import IEDriveTestSupport

/// Scratch images and data for the writer's tests.
enum WriterTestImage {
    /// A sparse image of `size` bytes, open read-write (the caller closes it).
    static func create(_ path: String, size: UInt64) throws -> Int32 {
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0, ftruncate(fd, off_t(size)) == 0 else { throw POSIXError(.EIO) }
        return fd
    }

    /// Deterministic bytes that differ from block to block.
    static func pattern(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        var out = [UInt8](repeating: 0, count: count)
        for index in 0..<count {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            out[index] = UInt8(truncatingIfNeeded: state)
        }
        return out
    }

    /// Bytes of `path` backed by clusters (holes left out), from libntfs-3g's runlist.
    static func allocatedBytes(_ volume: NTFSVolume, _ path: String) throws -> UInt64 {
        guard case .mapped(let extents) = try volume.extents(of: path).mapping else { return UInt64.max }
        return extents.filter { $0.deviceOffset != nil }.reduce(0) { $0 + $1.length }
    }

    static func readAll(_ volume: NTFSVolume, _ path: String) throws -> [UInt8] {
        let reader = try volume.openFile(path)
        var out: [UInt8] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let got = try reader.read(into: buffer)
            if got == 0 { break }
            out.append(contentsOf: buffer[0..<got])
        }
        return out
    }

    /// dislocker-fuse (read-only) on `image`, ntfs-3g (read-only) on its `dislocker-file`:
    /// `body` gets the NTFS root. Both are unmounted afterwards, also when `body` throws.
    static func withDislockerNTFS<R>(image: String, password: String, in directory: TemporaryDirectory,
                                     _ body: (String) throws -> R) throws -> R {
        let fuse = directory.file("dislocker")
        let ntfs = directory.file("ntfs")
        try FileManager.default.createDirectory(atPath: fuse, withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: ntfs, withIntermediateDirectories: false)
        // Both daemonize. Their descriptors beyond 2 are closed first: a daemon that inherited
        // the pipes of a command another test is running (Process pipes are inheritable)
        // would keep that command's output open for as long as it runs.
        try daemon(["dislocker-fuse", "-r", "-V", image, "-p" + password, "--", fuse])
        defer { ScratchMount.unmount(fuse) }
        try daemon(["ntfs-3g", "-o", "ro", fuse + "/dislocker-file", ntfs])
        defer { ScratchMount.unmount(ntfs) }
        return try body(ntfs)
    }

    /// Starts a self-daemonizing command with only stdin/stdout/stderr (all /dev/null).
    static func daemon(_ arguments: [String]) throws {
        let launcher = "import os,sys; os.closerange(3, 65536); n=os.open('/dev/null', os.O_RDWR); "
            + "[os.dup2(n, f) for f in (0, 1, 2)]; os.execvp(sys.argv[1], sys.argv[1:])"
        try CommandRunner.check(["python3", "-c", launcher] + arguments)
    }
}
