import ArgumentParser
import Foundation
import IEDriveCopy
import IEDriveCore
import IEDriveDaemon
import IEDriveExport
import IEDriveManifest
import IEDriveSystem

/// `iedrive export DEVICE --source PATH|URL (--blob-list FILE | --blob-path P... | --blob-prefix P...)`:
/// write blobs of a storage target onto a drive as the service does for an export job.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write blobs onto a drive as an export job does: BitLocker (our writer), NTFS, manifest.",
        discussion: """
            Erases DEVICE (a block device or an image file; the whole of it) and makes a \
            BitLocker volume on it (XTS-AES-256 by default, a fresh 48-digit recovery password, \
            no FUSE: iedrive's own BitLocker writer and libntfs-3g on its sectors), formats \
            NTFS, and writes the selected blobs of the source: \\CONTAINER\\NAME for each blob \
            (folders from "/"), a NAME.properties file beside it, NAME.metadata when it has \
            metadata, and <DriveId>.manifest at the root with the MD5 of every 4 MiB block \
            (drive-manifest.md §11). A blob is never split: what does not fit is listed as \
            incomplete, as is a blob whose name NTFS cannot hold (Unsupported data).

            The recovery password is shown once: written to --recovery-password-file (mode \
            0600, never overwritten) or printed on standard output with --print-recovery-password. \
            --verify then reopens the drive through the reader process (libdislocker, read-only) \
            and checks every block against the manifest.

            Exit status:
              0  every selected blob is on the drive
              5  the drive is written, but some blobs are not (incomplete: did not fit, \
            unsupported name, store refused a blob)
              4  the drive failed (Hardware error, Export blob list format invalid, Blob access \
            forbidden), or --verify found a difference
              1  cannot start (device, source)
              2  usage error
            """
    )

    @Argument(help: ArgumentHelp("Block device or image file to write (erased).", valueName: "device"))
    var device: String

    @Option(help: ArgumentHelp("Where the blobs are: a directory path, a file:// URL, or s3://BUCKET[/PREFIX] "
                               + "(AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).", valueName: "path|url"))
    var source: String

    @Option(help: ArgumentHelp("The storage account NAME inside the source (the daemon's layout: NAME/ under it).",
                               valueName: "name"))
    var account: String?

    @Option(help: ArgumentHelp("A blob-list XML file (blob-list.md) naming the blobs.", valueName: "file"))
    var blobList: String?

    @Option(help: ArgumentHelp("A blob to export, CONTAINER/NAME (repeatable).", valueName: "path"))
    var blobPath: [String] = []

    @Option(help: ArgumentHelp("A prefix of blobs to export, starting with / (\"/\" = everything; repeatable).",
                               valueName: "prefix"))
    var blobPrefix: [String] = []

    @Option(help: ArgumentHelp("The drive's id: the manifest is <id>.manifest (default: the device's file name).",
                               valueName: "id"))
    var driveId: String?

    @Option(help: ArgumentHelp("xts-aes-256 (default, the service's choice) or xts-aes-128.", valueName: "cipher"))
    var cipher: String = BitLockerCipher.xtsAES256.rawValue

    @Option(help: ArgumentHelp("Write the new recovery password to this file (created 0600; must not exist).",
                               valueName: "file"))
    var recoveryPasswordFile: String?

    @Flag(help: "Print the new recovery password on standard output (once).")
    var printRecoveryPassword = false

    @Option(help: ArgumentHelp("The NTFS volume label (default IEEXPORT).", valueName: "label"))
    var label: String = "IEEXPORT"

    @Flag(help: "After writing, reread the drive through the reader and check every block's MD5 against the manifest.")
    var verify = false

    @Flag(help: "JSON lines on standard output instead of text.")
    var json = false

    @Option(help: ArgumentHelp("Run the writer process as this user (default: iedrive-reader if it exists, else nobody).",
                               valueName: "name"))
    var writerUser: String?

    @OptionGroup var reader: ReaderOptions

    func validate() throws {
        let forms = (blobList == nil ? 0 : 1) + (blobPath.isEmpty && blobPrefix.isEmpty ? 0 : 1)
        guard forms == 1 else { throw ValidationError("Name the blobs with --blob-list, or with --blob-path/--blob-prefix.") }
        guard BitLockerCipher(name: cipher) != nil else { throw ValidationError("--cipher must be xts-aes-256 or xts-aes-128.") }
        guard (recoveryPasswordFile == nil) != !printRecoveryPassword else {
            throw ValidationError("Say where the new recovery password goes: --recovery-password-file FILE or --print-recovery-password.")
        }
        if let driveId {
            guard !driveId.isEmpty, driveId.utf16.count <= 128, NTFSName.problem(driveId + ".manifest") == nil else {
                throw ValidationError("--drive-id must be a name NTFS can hold (the manifest is <id>.manifest), at most 128 characters.")
            }
        }
    }

    func run() async throws {
        let started = ContinuousClock.now
        let selection = try readSelection()
        let store: any StorageTarget
        do {
            let opened = try StorageTargets.open(source)
            store = account.map { StorageTargets.account($0, of: opened) } ?? opened
        } catch {
            throw CommandFailure("the source \(source): \(error)", state: .storageAccountNotAccessible)
        }
        let totals: ExportTotals
        do {
            totals = try DriveExporter.totals(selection, in: store)
        } catch {
            throw fail(.blobAccessForbidden, "listing the source's blobs: \(error)")
        }
        let id = driveId ?? Self.stem(of: device)
        let fd: Int32
        do {
            fd = try SystemCall.open(device, .readWrite)
        } catch {
            throw CommandFailure("cannot open \(device) for writing: \(error)", state: .deviceUnavailable)
        }
        defer { SystemCall.close(fd) }
        let size: UInt64
        do {
            size = try SystemCall.seekToEnd(fd, subject: device)
        } catch {
            throw CommandFailure("cannot size \(device): \(error)", state: .deviceUnavailable)
        }
        let password = RecoveryPassword.random()
        // The password is handed over before anything is written: a drive whose key was lost is
        // worth nothing.
        try deliver(password)

        let scratch = (try? SystemCall.makeTemporaryDirectory(prefix: "/tmp/iedrive-export-")) ?? "/tmp"
        defer { if scratch != "/tmp" { try? SystemCall.unlinkat(SystemCall.currentDirectory, scratch, removingDirectory: true) } }
        let display = ExportDisplay(json: json || !Console.stderrIsTerminal)
        let summary: ExportSummary
        var writerRSS: UInt64?
        do {
            // The drive is written by iedrive-writer, an unprivileged process of its own that
            // gets the descriptor (BitLocker, NTFS, libntfs-3g run there, not here).
            let writer = try WriterProcessClient(deviceFD: fd, user: writerUser)
            try writer.format(size: size, cipher: BitLockerCipher(name: cipher)!, password: password.revealedForUnlock,
                              label: label, description: "iedrive export \(id)")
            let exporter = DriveExporter(source: store, writer: writer, driveID: id, scratchDirectory: scratch)
            summary = try exporter.run(selection, totals: totals) { display.progress($0) }
            try writer.unmount()
            writerRSS = writer.usage?.peakResidentBytes
        } catch let error as ExportRunError {
            display.end()
            switch error {
            case .drive(let failure): throw fail(failure.isDeviceFailure ? .hardwareError : .failed, failure.description)
            case .source(let refusal): throw fail(.blobAccessForbidden, "listing the source's blobs: \(refusal)")
            }
        } catch let error as DriveWriteError {
            display.end()
            throw fail(error.isDeviceFailure ? .hardwareError : .failed, error.description)
        } catch {
            display.end()
            throw fail(.failed, "\(error)")
        }
        display.end()
        for blob in summary.incomplete { display.incomplete(blob) }
        var verified: String?
        if verify {
            verified = try await VerifyAfterExport.run(device: device, password: password, manifest: summary.manifestPath, driveID: id,
                                                 reader: reader.configuration)
        }
        display.summary(summary, driveID: id, device: device, seconds: VerifyCommand.seconds(since: started), verified: verified,
                        writerPeakResidentBytes: writerRSS)
        if !summary.incomplete.isEmpty { throw ExitCode(ExitStatus.blobErrors) }
    }

    private func readSelection() throws -> BlobListSelection {
        do {
            if let blobList {
                let bytes = try SystemCall.readToEnd(SystemCall.open(blobList, .readOnly), limit: Int(BlobListLimits.standard.maxDocumentBytes),
                                                     subject: blobList)
                do {
                    return try BlobListFile.parse(bytes)
                } catch {
                    throw fail(.exportBlobListFormatInvalid, "\(blobList): \(error.message)")
                }
            }
            do {
                return try BlobListInline.selection(blobPaths: blobPath, prefixes: blobPrefix)
            } catch {
                throw ValidationError("the blob list is invalid: \(error.message)")
            }
        } catch let error as SystemCallError {
            throw CommandFailure("cannot read the blob list: \(error)", state: .invalidInput)
        }
    }

    private func deliver(_ password: RecoveryPassword) throws {
        if printRecoveryPassword {
            // Asked for on stdout: once, before anything is written; a JSON line among the others
            // when the output is JSON.
            if json || !Console.stderrIsTerminal {
                Console.out(JSONValue.object([("event", .string("recoveryPassword")), ("device", .string(device)),
                                              ("recoveryPassword", .string(password.revealedForUnlock))]).serialized())
            } else {
                Console.out(password.revealedForUnlock)
            }
            return
        }
        guard let recoveryPasswordFile else { return }
        do {
            let fd = try SystemCall.open(recoveryPasswordFile, [.writeOnly, .create, .exclusive], permissions: 0o600)
            defer { SystemCall.close(fd) }
            try SystemCall.writeAll(fd, Array((password.revealedForUnlock + "\n").utf8), subject: recoveryPasswordFile)
            try SystemCall.fsync(fd, subject: recoveryPasswordFile)
        } catch {
            throw CommandFailure("cannot write the recovery password to \(recoveryPasswordFile) (it must not exist yet): \(error)",
                                 state: .cannotStart)
        }
    }

    /// Reports a drive failure; the caller throws what it returns (so every defer runs).
    private func fail(_ state: DriveFailureState, _ reason: String) -> ExitCode {
        if json || !Console.stderrIsTerminal {
            Console.out(JSONValue.object([
                ("event", .string("failure")), ("state", .string(state.label)), ("token", .string(state.rawValue)),
                ("reason", .string(reason)),
            ]).serialized())
        }
        Console.error("iedrive export: \(state.label): \(reason)")
        return ExitCode(ExitStatus.driveFailed)
    }

    static func stem(of path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}
