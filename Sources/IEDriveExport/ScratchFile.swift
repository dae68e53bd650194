internal import IEDriveSystem

/// A private file in a scratch directory, appended to and read back in chunks (the export
/// manifest while a drive is written), removed when done.
final class ScratchFile {
    let path: String
    private var fd: Int32 = -1

    init(directory: String, name: String) {
        path = directory + "/iedrive-\(name)-\(SystemCall.getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    func append(_ bytes: [UInt8]) throws(SystemCallError) {
        if fd < 0 { fd = try SystemCall.open(path, [.readWrite, .create, .exclusive], permissions: 0o600) }
        guard !bytes.isEmpty else { return }
        try SystemCall.writeAll(fd, bytes, subject: path)
    }

    func size() throws(SystemCallError) -> UInt64 {
        if fd < 0 { try append([]) }
        return try SystemCall.seekToEnd(fd, subject: path)
    }

    func forEachChunk(_ body: ([UInt8]) throws(DriveWriteError) -> Void) throws {
        let total = try size()
        var offset: UInt64 = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while offset < total {
            let got = try buffer.withUnsafeMutableBytes { raw throws(SystemCallError) in
                try SystemCall.pread(fd, into: raw, at: offset, subject: path)
            }
            guard got > 0 else { break }
            try body(Array(buffer[0..<got]))
            offset += UInt64(got)
        }
    }

    func remove() {
        if fd >= 0 { SystemCall.close(fd) }
        fd = -1
        try? SystemCall.unlink(path)
    }
}
