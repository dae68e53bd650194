internal import IEDriveSystem
public import IEDriveExport

/// Makes a fresh NTFS on a `PlaintextVolume` without FUSE and without writing the volume's
/// free space: mkntfs formats a sparse scratch file of the volume's size (a quick format
/// writes only the file system's own structures), and the scratch file's data extents are
/// copied onto the volume through its cipher. What mkntfs left as holes stays unwritten on
/// the drive, as BitLocker's "used space only" encryption leaves free space.
public enum NTFSFormatter {
    /// mkntfs, from ntfs-3g; searched in sbin as well (root's non-login shells may lack it).
    public static let candidates = ["/usr/sbin/mkntfs", "/sbin/mkntfs", "/usr/bin/mkntfs"]

    /// Formats `volume` (its whole data size) with 4 KiB clusters, `label` as the volume
    /// label. `scratchDirectory` holds the scratch file while it is copied (sparse: a few MiB
    /// for small volumes, the $Bitmap and $LogFile for large ones).
    public static func format(_ volume: PlaintextVolume, label: String, scratchDirectory: String) throws(DriveWriteError) {
        guard let mkntfs = candidates.first(where: { SystemCall.isExecutable($0) }) else {
            throw .format("mkntfs was not found (install the ntfs-3g package)")
        }
        let sectors = volume.dataSize / 512
        guard sectors >= 2048 else { throw .format("the volume (\(volume.dataSize) bytes) is smaller than 1 MiB") }
        let scratch = scratchDirectory + "/ntfs-\(SystemCall.getpid()).scratch"
        do {
            let fd = try SystemCall.open(scratch, [.readWrite, .create, .truncate], permissions: 0o600)
            defer {
                SystemCall.close(fd)
                try? SystemCall.unlink(scratch)
            }
            try SystemCall.ftruncate(fd, length: volume.dataSize, subject: scratch)
            try runMkntfs(mkntfs, scratch: scratch, sectors: sectors, label: label)
            try volume.copyDataExtents(of: fd, size: volume.dataSize, subject: scratch)
        } catch let error as SystemCallError {
            throw .format("\(error)")
        } catch let error as DriveWriteError {
            throw error
        } catch {
            throw .format("\(error)")
        }
    }

    private static func runMkntfs(_ mkntfs: String, scratch: String, sectors: UInt64, label: String) throws {
        // The geometry is given because a file has none; the last argument is the sector count
        // (the volume, which leaves mkntfs's backup boot sector inside it).
        let arguments = [mkntfs, "-F", "-Q", "-q", "-s", "512", "-c", "4096", "-p", "0", "-H", "255", "-S", "63",
                         "-L", label, scratch, String(sectors)]
        let log = scratch + ".log"
        let logFD = try SystemCall.open(log, [.readWrite, .create, .truncate], permissions: 0o600)
        defer {
            SystemCall.close(logFD)
            try? SystemCall.unlink(log)
        }
        let pid = try SystemCall.spawn(mkntfs, arguments: arguments, environment: ["PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C"],
                                       descriptors: [-1, logFD, logFD])
        let status = try SystemCall.waitpid(pid)
        guard status.terminationSignal == nil, status.exitStatus == 0 else {
            var output: [UInt8] = []
            if let readFD = try? SystemCall.open(log, .readOnly) {
                defer { SystemCall.close(readFD) }
                output = (try? SystemCall.readToEnd(readFD, limit: 4096, subject: log)) ?? []
            }
            let text = String(decoding: output, as: UTF8.self).split(separator: "\n").suffix(3).joined(separator: "; ")
            throw DriveWriteError.format("mkntfs failed (exit \(status.exitStatus)): \(text)")
        }
    }
}
