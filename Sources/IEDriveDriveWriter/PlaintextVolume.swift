internal import CWriterSupport
internal import IEDriveSystem
public import IEDriveExport

/// The plaintext side of a volume being written: `dataSize` bytes a file system may use, at
/// `volumeOffset` of a read-write descriptor (not owned). With a key, BitLocker's XTS-AES
/// sectors and its relocated first sectors (CWriterSupport's encrypted_volume.c); without one,
/// a plain volume. Owns its C handle.
public final class PlaintextVolume {
    let handle: OpaquePointer
    public let dataSize: UInt64

    public init(fd: Int32, volumeOffset: UInt64 = 0, dataSize: UInt64, sectorSize: Int = 512, key: [UInt8]?,
                headerSize: UInt64 = 0, headerOffset: UInt64 = 0) throws(DriveWriteError) {
        let made: OpaquePointer?
        if let key {
            made = key.withUnsafeBufferPointer {
                iedrive_encrypted_volume_new(fd, volumeOffset, dataSize, UInt32(sectorSize), $0.baseAddress, $0.count,
                                             headerSize, headerOffset)
            }
        } else {
            made = iedrive_encrypted_volume_new(fd, volumeOffset, dataSize, UInt32(sectorSize), nil, 0, 0, 0)
        }
        guard let made else { throw .bitLocker("the volume's cipher could not be set up (key of \(key?.count ?? 0) bytes)") }
        handle = made
        self.dataSize = dataSize
    }

    deinit { iedrive_encrypted_volume_free(handle) }

    public func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws(DriveWriteError) {
        guard bytes.count > 0 else { return }
        let put = iedrive_encrypted_volume_pwrite(handle, bytes.baseAddress, Int64(bytes.count), Int64(offset))
        guard put == Int64(bytes.count) else { throw failure(offset: offset, doing: "writing \(bytes.count) bytes") }
    }

    public func write(_ bytes: [UInt8], at offset: UInt64) throws(DriveWriteError) {
        var failure: DriveWriteError?
        bytes.withUnsafeBytes { raw in
            do throws(DriveWriteError) { try write(raw, at: offset) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Reads plaintext (clamped to the data size): the bytes read.
    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws(DriveWriteError) -> Int {
        let got = iedrive_encrypted_volume_pread(handle, buffer.baseAddress, Int64(buffer.count), Int64(offset))
        guard got >= 0 else { throw failure(offset: offset, doing: "reading \(buffer.count) bytes") }
        return Int(got)
    }

    public func sync() throws(DriveWriteError) {
        let error = iedrive_encrypted_volume_sync(handle)
        guard error == 0 else { throw .device(errno: error, offset: 0, detail: "flushing the drive") }
    }

    /// Writes the data extents of the first `size` bytes of `fd` (a sparse image) at the same
    /// offsets, 1 MiB at a time; its holes are left unwritten. Then flushes.
    func copyDataExtents(of fd: Int32, size: UInt64, subject: String) throws {
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 4096)
        defer { buffer.deallocate() }
        for extent in try SystemCall.dataExtents(fd, size: size, subject: subject) {
            var done: UInt64 = 0
            while done < extent.length {
                let piece = Int(min(UInt64(chunk), extent.length - done))
                let got = try SystemCall.pread(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<piece]),
                                               at: extent.offset + done, subject: subject)
                guard got > 0 else { break }
                try write(UnsafeRawBufferPointer(rebasing: buffer[0..<got]), at: extent.offset + done)
                done += UInt64(got)
            }
        }
        try sync()
    }

    public var bytesWritten: UInt64 { iedrive_encrypted_volume_bytes_written(handle) }

    /// The first device error so far, if any.
    public var deviceError: DriveWriteError? {
        let errno = iedrive_encrypted_volume_device_error(handle)
        guard errno != 0 else { return nil }
        return .device(errno: errno, offset: iedrive_encrypted_volume_device_error_offset(handle), detail: "device I/O")
    }

    private func failure(offset: UInt64, doing: String) -> DriveWriteError {
        if let deviceError { return deviceError }
        let errno = currentErrno()
        if errno == 28 { return .full(detail: "\(doing) at byte \(offset) is past the volume's \(dataSize) bytes") }
        return .device(errno: errno, offset: offset, detail: doing)
    }
}

func currentErrno() -> Int32 { iedrive_writer_errno() }
