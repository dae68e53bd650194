import IEDriveCore
import IEDriveExport
import IEDriveManifest

/// Which blobs a drive of an export job is offered, in order. The drives of one job are written
/// one after another (the supervisor runs one at a time per export job), so the plan is
/// first-fit in Azure's listing order and never splits a blob:
///
/// - the first drive written gets the job's selection (`blobList` inline, or the blob-list XML
///   at `blobListBlobPath` in the job's storage account);
/// - each later drive gets what the drives written before it left over: the job's incomplete
///   blob list (`incompleteBlobListUri`), or nothing when they left nothing.
///
/// A drive that failed wrote nothing that counts, so it changes nothing: the next drive is
/// offered what it was offered. A drive rewritten after a restart is offered what is left at
/// that moment (prefixes resolved again: blobs added to the account since are included).
struct ExportDriveInput {
    enum Source: Equatable {
        case jobSelection
        case blobListBlob(BlobPath)
        case incompleteList(BlobPath)
        case nothingLeft
    }

    let job: Job
    let driveId: String
    let target: any StorageTarget

    /// Where this drive's blobs come from.
    func source() throws(DriveFailure) -> Source {
        let writtenBefore = job.drives.contains { drive in
            guard drive.driveId != driveId else { return false }
            switch drive.state {
            case .completed, .completedMoreInfo, .shippedBack:
                if case .failed = drive.outcome { return false }
                return drive.outcome != .none && drive.outcome != .notReceived
            default:
                return false
            }
        }
        if writtenBefore {
            guard let uri = job.incompleteBlobListUri else { return .nothingLeft }
            return .incompleteList(try listPath(ofURI: uri))
        }
        if let listPath = job.export?.blobListBlobPath, !listPath.isEmpty {
            let relative = listPath.hasPrefix("/") ? String(listPath.dropFirst()) : listPath
            do {
                return .blobListBlob(try BlobPath.parse(relative))
            } catch {
                throw DriveFailure(.exportBlobListFormatInvalid, status: .blobListFormatInvalid,
                                   "blobListBlobPath '\(listPath)' is not a blob path: \(error)")
            }
        }
        return .jobSelection
    }

    /// What this drive is offered: a selection, and what it holds in the account now
    /// (counted; the blobs themselves are read again as they are written).
    struct Offer: Sendable {
        var selection: BlobListSelection
        var totals: ExportTotals
    }

    /// The selection to offer this drive, counted in the account.
    func offer(from source: Source) throws(DriveFailure) -> Offer {
        let selection: BlobListSelection
        switch source {
        case .nothingLeft:
            return Offer(selection: BlobListSelection(paths: [], prefixes: []), totals: ExportTotals())
        case .jobSelection:
            let export = job.export ?? ExportSpecification()
            do {
                selection = try BlobListInline.selection(blobPaths: export.blobPaths, prefixes: export.blobPathPrefixes)
            } catch {
                throw DriveFailure(.exportBlobListFormatInvalid, status: .blobListFormatInvalid,
                                   "the job's blob list is invalid: \(error.message)")
            }
        case .blobListBlob(let path), .incompleteList(let path):
            selection = try readList(at: path)
        }
        do {
            return Offer(selection: selection, totals: try DriveExporter.totals(selection, in: target))
        } catch {
            throw Self.failure(error, "listing the blobs of the storage account")
        }
    }

    /// A blob-list XML stored in the account, read whole (bounded by the blob-list limit) and
    /// validated.
    private func readList(at path: BlobPath) throws(DriveFailure) -> BlobListSelection {
        let limit = BlobListLimits.standard.maxDocumentBytes
        let bytes: [UInt8]
        do {
            guard let info = try target.info(path) else {
                throw DriveFailure(.blobAccessForbidden, status: .blobRequestForbidden,
                                   "the blob list \(path.text) does not exist in the storage account")
            }
            guard info.length <= limit else {
                throw DriveFailure(.exportBlobListFormatInvalid, status: .blobListFormatInvalid,
                                   "the blob list \(path.text) is \(info.length) bytes; at most \(limit) are read")
            }
            bytes = try target.read(path, range: 0..<info.length)
        } catch let failure as DriveFailure {
            throw failure
        } catch let error as TargetError {
            throw Self.failure(error, "reading the blob list \(path.text)")
        } catch {
            throw DriveFailure(.failed, status: .internalError, "reading the blob list \(path.text): \(error)")
        }
        do {
            return try BlobListFile.parse(bytes)
        } catch {
            throw DriveFailure(.exportBlobListFormatInvalid, status: .blobListFormatInvalid,
                               "the blob list \(path.text) is invalid: \(error.message)")
        }
    }

    /// A store's refusal is "Blob access forbidden"; its other troubles (I/O, a conflict) are
    /// the target's failure state.
    static func failure(_ error: TargetError, _ doing: String) -> DriveFailure {
        if case .notAccessible = error {
            return DriveFailure(.blobAccessForbidden, status: .blobRequestForbidden, "\(doing) was refused: \(error)")
        }
        return DriveFailure(error.driveFailureState, status: error.driveStatus, "\(doing) failed: \(error)")
    }

    /// The incomplete list's blob path from its URI (`<target display name>/<container>/<name>`).
    private func listPath(ofURI uri: String) throws(DriveFailure) -> BlobPath {
        let base = target.displayName.hasSuffix("/") ? String(target.displayName.dropLast()) : target.displayName
        guard uri.hasPrefix(base + "/"), let path = try? BlobPath.parse(String(uri.dropFirst(base.count + 1))) else {
            throw DriveFailure(.failed, status: .internalError,
                               "the job's incomplete blob list \(uri) is not in its storage account \(base)")
        }
        return path
    }
}
