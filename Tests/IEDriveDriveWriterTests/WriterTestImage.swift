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
}
