internal import CWriterSupport
public import IEDriveExport

/// NTFS mounted read-write with libntfs-3g on a `PlaintextVolume` (kept alive by this
/// writer): directories, one file open at a time written at offsets, a clean unmount. Paths
/// are the components of a drive path (`["pictures", "bob", "desert.jpg"]`). Owns its C handle;
/// `unmount()` must be called to write everything out (deinit only releases).
public final class NTFSWriter: DriveFileWriter {
    private var handle: OpaquePointer?
    public let volume: PlaintextVolume

    public init(mounting volume: PlaintextVolume) throws(DriveWriteError) {
        guard let handle = iedrive_ntfs_writer_mount(volume.handle) else {
            let errno = currentErrno()
            if let deviceError = volume.deviceError { throw deviceError }
            throw .fileSystem(errno: errno, detail: "mounting the new NTFS read-write")
        }
        self.handle = handle
        self.volume = volume
    }

    /// Not unmounted: given up. Open files stay as they are and the volume stays flagged dirty.
    deinit {
        if let handle { _ = iedrive_ntfs_writer_abandon(handle) }
    }

    public var freeBytes: UInt64 { handle.map { iedrive_ntfs_writer_free_bytes($0) } ?? 0 }
    public var clusterSize: Int { handle.map { Int(iedrive_ntfs_writer_cluster_size($0)) } ?? 4096 }

    public func makeDirectory(_ components: [String]) throws(DriveWriteError) {
        let handle = try open()
        let path = Self.utf16(components)
        let error = path.withUnsafeBufferPointer { iedrive_ntfs_writer_make_directory(handle, $0.baseAddress, $0.count) }
        if error != 0 { throw failure(error, path: components) }
    }

    /// Creates the file (its directory must exist) and keeps it open for `write`.
    public func createFile(_ components: [String], size: UInt64, sparse: Bool) throws(DriveWriteError) {
        let handle = try open()
        let path = Self.utf16(components)
        let error = path.withUnsafeBufferPointer {
            iedrive_ntfs_writer_create_file(handle, $0.baseAddress, $0.count, size, sparse ? 1 : 0)
        }
        if error != 0 { throw failure(error, path: components) }
    }

    public func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws(DriveWriteError) {
        let handle = try open()
        guard bytes.count > 0 else { return }
        let error = iedrive_ntfs_writer_write(handle, bytes.baseAddress, bytes.count, offset)
        if error != 0 { throw failure(error, path: nil) }
    }

    public func write(_ bytes: [UInt8], at offset: UInt64) throws(DriveWriteError) {
        var failure: DriveWriteError?
        bytes.withUnsafeBytes { raw in
            do throws(DriveWriteError) { try write(raw, at: offset) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    public func discardFile() throws(DriveWriteError) {
        let handle = try open()
        let error = iedrive_ntfs_writer_discard_file(handle)
        if error != 0 { throw failure(error, path: nil) }
    }

    public func closeFile() throws(DriveWriteError) {
        let handle = try open()
        let error = iedrive_ntfs_writer_close_file(handle)
        if error != 0 { throw failure(error, path: nil) }
    }

    /// Writes everything out and releases libntfs-3g; the writer is unusable afterwards.
    public func unmount() throws(DriveWriteError) {
        guard let handle else { return }
        self.handle = nil
        let error = iedrive_ntfs_writer_unmount(handle)
        if error != 0 { throw failure(error, path: nil) }
    }

    private func open() throws(DriveWriteError) -> OpaquePointer {
        guard let handle else { throw .fileSystem(errno: 9, detail: "the NTFS writer was already unmounted") }
        return handle
    }

    private func failure(_ errno: Int32, path: [String]?) -> DriveWriteError {
        if let deviceError = volume.deviceError { return deviceError }
        switch errno {
        case 28: return .full(detail: "no free clusters left for \(path.map { "\\" + $0.joined(separator: "\\") } ?? "the file")")
        case 17, 20, 21, 22, 36, 84:
            if let path { return .name(errno: errno, path: "\\" + path.joined(separator: "\\")) }
            return .fileSystem(errno: errno, detail: "libntfs-3g")
        default:
            return .fileSystem(errno: errno, detail: path.map { "at \\" + $0.joined(separator: "\\") } ?? "libntfs-3g")
        }
    }

    static func utf16(_ components: [String]) -> [UInt16] {
        Array(components.joined(separator: "/").utf16)
    }
}
