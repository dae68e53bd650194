import Foundation
import IEDriveCore
import IEDriveExport

/// The writing of an export drive, blocking, on a thread of its own (``OwnThread``): the
/// writer process started on the device's descriptor, BitLocker and NTFS made, the blobs
/// written, the writer ended. A stop cancels the writer (killed, the drive rewritten later);
/// a request the writer does not answer within `writerTimeout` fails the drive.
struct ExportWriteRequest: Sendable {
    enum Outcome: Sendable {
        /// Written to the end (blobs that were not written are in the summary).
        case written(ExportSummary, writerPeakBytes: UInt64?)
        /// The drive failed.
        case failed(DriveFailure)
        /// The host could not run the writer (its program, its scratch directory): the drive waits.
        case host(String)
    }

    let device: ExportDevice
    let driveId: String
    let offer: ExportDriveInput.Offer
    let source: any StorageTarget
    let password: RecoveryPassword
    let description: String
    let scratchDirectory: String
    let writerUser: String?
    let writerExecutable: String
    let writerTimeout: Duration

    func run(stop: StopSignal, progress: @escaping @Sendable (ExportProgress) -> Void,
             blobDone: @escaping @Sendable (ExportedBlob) -> Void) async -> Outcome {
        await OwnThread.run("export \(driveId)") { write(stop: stop, progress: progress, blobDone: blobDone) }
    }

    private func write(stop: StopSignal, progress: (ExportProgress) -> Void, blobDone: (ExportedBlob) -> Void) -> Outcome {
        if let problem = ScratchDirectory.ensure(scratchDirectory) { return .host(problem) }
        // Scratch left by writers killed with an earlier daemon (before and after: such a writer
        // may still be dying when this drive starts).
        WriterScratch.removeOrphaned()
        defer { WriterScratch.removeOrphaned() }
        let cancellation = WriterCancellation()
        let token = stop.onStop { cancellation.cancel() }
        defer { stop.cancel(token) }
        let writer: WriterProcessClient
        do {
            writer = try WriterProcessClient(deviceFD: device.fd, executable: writerExecutable, user: writerUser)
        } catch {
            return .host("cannot start the writer process: \(error)")
        }
        writer.requestTimeout = writerTimeout
        writer.cancellation = cancellation
        do {
            try writer.format(size: device.size, cipher: .xtsAES256, password: password.revealedForUnlock, label: "IEEXPORT",
                              description: description)
            let exporter = DriveExporter(source: source, writer: writer, driveID: driveId, scratchDirectory: scratchDirectory)
            let summary = try exporter.run(offer.selection, totals: offer.totals, progress: progress, blobDone: blobDone)
            try writer.unmount()
            return .written(summary, writerPeakBytes: writer.usage?.peakResidentBytes)
        } catch let error as ExportRunError {
            switch error {
            case .drive(let failure): return .failed(Self.failure(failure))
            case .source(let refusal): return .failed(ExportDriveInput.failure(refusal, "listing the blobs of the storage account"))
            }
        } catch let error as DriveWriteError {
            return .failed(Self.failure(error))
        } catch {
            return .failed(DriveFailure(.failed, status: .internalError, "\(error)"))
        }
    }

    /// A drive's own failure: a device error is "Hardware error", the rest "Failed".
    static func failure(_ error: DriveWriteError) -> DriveFailure {
        DriveFailure(error.isDeviceFailure ? .hardwareError : .failed,
                     status: error.isDeviceFailure ? .diskNotFound : .diskOperationFailed, error.description)
    }
}

/// The export scratch directory (0700, the daemon's: the manifest is gathered there while a
/// drive is written), made on first use.
enum ScratchDirectory {
    static func ensure(_ path: String) -> String? {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            return nil
        } catch {
            return "cannot make the export scratch directory \(path): \(error)"
        }
    }
}
