internal import CReaderSupport
import IEDriveCore
import IEDriveSystem

/// Owns the C block source libntfs-3g reads the volume through (CReaderSupport's
/// `iedrive_block_source`): a byte range of the device descriptor, or a BitLocker volume's
/// decrypted bytes. It only reads, and remembers device read errors.
struct VolumeDevice: ~Copyable {
    let source: OpaquePointer

    /// `size` bytes (nil: to the end) at `offset` of `fd`, which stays the caller's.
    init(fd: Int32, offset: UInt64, size: UInt64?) throws(ReaderFailure) {
        var deviceSize: UInt64 = 0
        var sectorSize: UInt32 = 512
        let error = iedrive_fd_geometry(fd, &deviceSize, &sectorSize)
        guard error == 0 else {
            throw ReaderFailure(.internalError, "The drive descriptor cannot be used: \(Errno(rawValue: error)).", errno: error)
        }
        guard offset < deviceSize else {
            throw ReaderFailure(.badRequest, "The volume offset \(offset) is not inside the \(deviceSize)-byte device.")
        }
        let available = deviceSize - offset
        guard let source = iedrive_block_source_fd(fd, offset, min(size ?? available, available), sectorSize) else {
            throw ReaderFailure(.internalError, "Out of memory.", errno: Errno.noMemory.rawValue)
        }
        self.source = source
    }

    /// The decrypted bytes of `bitLocker`, which must outlive this device.
    init(bitLocker: borrowing BitLockerVolume) throws(ReaderFailure) {
        guard let source = iedrive_block_source_dislocker(bitLocker.context, bitLocker.size, bitLocker.sectorSize) else {
            throw ReaderFailure(.internalError, "Out of memory.", errno: Errno.noMemory.rawValue)
        }
        self.source = source
    }

    deinit { iedrive_block_source_free(source) }

    var size: UInt64 { iedrive_block_source_size(source) }
    var sectorSize: UInt32 { iedrive_block_source_sector_size(source) }

    /// The first device read error since ``clearReadError()``, if any.
    var readError: Errno? {
        let code = iedrive_block_source_read_error(source)
        return code == 0 ? nil : Errno(rawValue: code)
    }

    func clearReadError() { iedrive_block_source_clear_read_error(source) }

    /// Up to `buffer.count` bytes at `offset`: the count read, or nil on a read error.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) -> Int? {
        let got = iedrive_block_source_pread(source, buffer.baseAddress, Int64(buffer.count), Int64(offset))
        return got < 0 ? nil : Int(got)
    }

    /// The failure for a device read error seen since the last clear, if there was one.
    func readFailure(while doing: String, path: String? = nil) -> ReaderFailure? {
        guard let error = readError else { return nil }
        let offset = iedrive_block_source_read_error_offset(source)
        return ReaderFailure(.deviceReadError,
                             "The drive failed a read at volume offset \(offset) while \(doing) (\(error)); check the drive and its cable.",
                             path: path, errno: error.rawValue)
    }
}
