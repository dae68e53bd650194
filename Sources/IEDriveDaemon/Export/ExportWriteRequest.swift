import Foundation
import IEDriveCore
import IEDriveExport
import IEDriveSystem

/// The blocking part of an export drive, on a thread of its own (never on the cooperative
/// pool: a drive takes minutes and the pool has a thread per core): the device opened
/// read-write, the writer process started on its descriptor, BitLocker and NTFS made, the
/// blobs written, the writer ended. A stop kills the writer; the drive is then rewritten.
struct ExportWriteRequest: Sendable {
    enum Outcome: Sendable {
        /// Written to the end (blobs that were not written are in the summary).
        case written(ExportSummary, writerPeakBytes: UInt64?)
        /// The drive failed.
        case failed(DriveFailure)
        /// The device could not be opened: the host's problem, not the drive's.
        case host(String)
    }

    let devicePath: String
    let driveId: String
    let blobs: [StoredBlobInfo]
    let source: any StorageTarget
    let password: RecoveryPassword
    let description: String
    let scratchDirectory: String
    let writerUser: String?
    let writerExecutable: String
    let writerTimeout: Duration

    func run(stop: StopSignal, progress: @escaping @Sendable (ExportProgress) -> Void) async -> Outcome {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: write(stop: stop, progress: progress)) }
            thread.name = "export \(driveId)"
            thread.start()
        }
    }

    private func write(stop: StopSignal, progress: (ExportProgress) -> Void) -> Outcome {
        let fd: Int32
        do {
            fd = try SystemCall.open(devicePath, .readWrite)
        } catch {
            return .host("cannot open \(devicePath) for writing: \(error)")
        }
        defer { SystemCall.close(fd) }
        let size: UInt64
        do {
            size = try SystemCall.seekToEnd(fd, subject: devicePath)
        } catch {
            return .failed(DriveFailure(.hardwareError, status: .diskNotFound, "cannot size \(devicePath): \(error)"))
        }
        guard size >= ExportTrip.minimumDriveBytes else {
            return .failed(DriveFailure(.unsupportedDisk, status: .diskOperationFailed,
                                        "the drive holds \(size) bytes; an export drive needs at least "
                                        + "\(ExportTrip.minimumDriveBytes >> 20) MiB for BitLocker and NTFS"))
        }
        if let failure = ScratchDirectory.ensure(scratchDirectory) { return .failed(failure) }
        do {
            let writer = try WriterProcessClient(deviceFD: fd, executable: writerExecutable, user: writerUser)
            writer.requestTimeout = writerTimeout
            let pid = writer.pid
            let token = stop.onStop { try? SystemCall.kill(pid, .kill) }
            defer { stop.cancel(token) }
            try writer.format(size: size, cipher: .xtsAES256, password: password.revealedForUnlock, label: "IEEXPORT",
                              description: description)
            let exporter = DriveExporter(source: source, writer: writer, driveID: driveId, scratchDirectory: scratchDirectory)
            let summary = try exporter.run(blobs, progress: progress)
            try writer.unmount()
            return .written(summary, writerPeakBytes: writer.usage?.peakResidentBytes)
        } catch {
            let state: DriveFailureState = error.isDeviceFailure ? .hardwareError : .failed
            return .failed(DriveFailure(state, status: error.isDeviceFailure ? .diskNotFound : .diskOperationFailed,
                                        error.description))
        }
    }
}

/// The export scratch directory (0700, root's), made on first use.
enum ScratchDirectory {
    static func ensure(_ path: String) -> DriveFailure? {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            return nil
        } catch {
            return DriveFailure(.failed, status: .internalError, "cannot make the export scratch directory \(path): \(error)")
        }
    }
}
