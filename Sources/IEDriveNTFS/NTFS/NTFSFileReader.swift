public import IEDriveCore
import IEDriveSystem

/// Reads one byte range of a file's unnamed data stream (decompressed; holes as zeros),
/// clamped to the file: a range past the end gives fewer bytes, or none. Keeps its volume
/// alive and closes the file before letting go of it.
public final class NTFSFileReader {
    private let volume: NTFSVolume
    private let path: VolumePath
    private var inode: NTFSInode?
    private var data: NTFSAttribute?
    /// The size of the file's data.
    public let fileSize: UInt64
    /// The range, clamped to the file, and the next byte to read.
    public let start: UInt64
    public let end: UInt64
    public private(set) var position: UInt64

    init(volume: NTFSVolume, path: VolumePath, inode: consuming NTFSInode, data: consuming NTFSAttribute,
         offset: UInt64, length: UInt64) {
        self.volume = volume
        self.path = path
        fileSize = data.size
        start = min(offset, fileSize)
        end = start + min(length, fileSize - start)
        position = start
        self.inode = consume inode
        self.data = consume data
    }

    deinit {
        // Attribute, then inode, then (when the properties go) the volume.
        data = nil
        inode = nil
    }

    /// Bytes read so far.
    public var bytesRead: UInt64 { position - start }

    /// The next bytes of the range into `buffer`: the count, 0 when the range is done.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(ReaderFailure) -> Int {
        let wanted = Int(min(UInt64(buffer.count), end - position))
        guard wanted > 0 else { return 0 }
        volume.device.clearReadError()
        let got = data?.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<wanted]), at: position) ?? -1
        guard got > 0 else { throw failure(errno: got < 0 ? Errno.lastFromCLibrary.rawValue : Errno.ioError.rawValue) }
        position += UInt64(got)
        return got
    }

    private func failure(errno error: Int32) -> ReaderFailure {
        if let failure = volume.device.readFailure(while: "reading a file", path: path.text) { return failure }
        switch Errno(rawValue: error) {
        case .permissionDenied, .notSupported:   // ENOTSUP is EOPNOTSUPP on Linux
            return ReaderFailure(.wrongKind, "The file's data cannot be read: it is encrypted or stored in a way NTFS-3G does not support (\(Errno(rawValue: error))).",
                                 path: path.text, errno: error)
        default:
            return volume.corrupt("Reading the file's data failed in the NTFS metadata at byte \(position) (\(Errno(rawValue: error))).",
                                  path: path, errno: error)
        }
    }
}

extension NTFSVolume {
    /// A reader of `length` bytes at `offset` of the file at `path`.
    public func openFile(_ path: String, offset: UInt64 = 0, length: UInt64 = .max) throws(ReaderFailure) -> NTFSFileReader {
        let path = try VolumePath(path)
        device.clearReadError()
        let inode = try readableFile(at: path)
        let data = try openData(of: inode, path: path)
        return NTFSFileReader(volume: self, path: path, inode: inode, data: data, offset: offset, length: length)
    }

    /// The inode of a plain file whose data can be read (not a directory, link, EFS file…).
    func readableFile(at path: VolumePath) throws(ReaderFailure) -> NTFSInode {
        let inode = try self.inode(at: path)
        if inode.isDirectory || inode.isReparsePoint || inode.isEncrypted || inode.isInterixSpecial {
            let what = inode.isDirectory && !inode.isReparsePoint ? "a directory"
                : inode.isEncrypted ? "an EFS-encrypted file" : "a link, device or other special file"
            throw ReaderFailure(.wrongKind, "This is \(what), not a file that can be read.", path: path.text)
        }
        return inode
    }

    /// The unnamed data stream of `inode`.
    func openData(of inode: borrowing NTFSInode, path: VolumePath) throws(ReaderFailure) -> NTFSAttribute {
        guard let data = inode.openData() else {
            let error = Errno.lastFromCLibrary.rawValue
            throw device.readFailure(while: "opening a file's data", path: path.text)
                ?? corrupt("The file's data stream cannot be opened (\(Errno(rawValue: error))).", path: path, errno: error)
        }
        return data
    }
}
