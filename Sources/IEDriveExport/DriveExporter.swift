public import IEDriveCore
internal import IEDriveManifest
internal import Crypto

/// What happened to one selected blob.
public struct ExportedBlob: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        /// On the drive, every block with its MD5 in the manifest.
        case completed = "Completed"
        /// Not written: NTFS cannot hold its name, or its name clashes with another file
        /// (states.md §4.2 `UnsupportedData`).
        case unsupportedData = "UnsupportedData"
        /// Not written: the drive had no room left for it (listed as incomplete).
        case didNotFit = "DidNotFit"
        /// The store refused to give its bytes.
        case blobRequestFailed = "BlobRequestFailed"
    }

    public var path: BlobPath
    public var filePath: String?
    public var length: UInt64
    public var status: Status
    public var reason: String?
}

/// The outcome of writing one drive. Only the blobs not written are kept (the others are
/// counted, and reported one by one as they end): memory does not grow with the drive.
public struct ExportSummary: Sendable {
    /// Blobs offered to the drive.
    public var offered = 0
    /// Blobs on the drive.
    public var completed = 0
    /// Blobs not on the drive, with why.
    public var incomplete: [ExportedBlob] = []
    public var bytesWritten: UInt64 = 0
    public var totalBytes: UInt64 = 0
    public var manifestPath: String = ""
}

/// What a selection holds in a store, counted in one pass before anything is written (the
/// progress's total; the "too small" verdict).
public struct ExportTotals: Sendable, Hashable {
    public var count = 0
    public var bytes: UInt64 = 0
    public var firstLength: UInt64?
    public var smallestLength: UInt64?

    public init() {}
}

/// Why writing a drive stopped: the drive failed, or the store stopped listing the selection.
public enum ExportRunError: Error, Sendable, CustomStringConvertible {
    case drive(DriveWriteError)
    case source(TargetError)

    public var description: String {
        switch self {
        case .drive(let error): error.description
        case .source(let error): "listing the blobs: \(error)"
        }
    }
}

/// Progress while writing: bytes of blob data written of those planned.
public struct ExportProgress: Sendable {
    public var bytesWritten: UInt64
    public var totalBytes: UInt64
    public var blobsDone: Int
    public var blobs: Int
    public var percentComplete: Int { totalBytes == 0 ? 100 : Int(bytesWritten * 100 / totalBytes) }
}

/// Writes selected blobs of a storage target onto an NTFS writer: for each blob, its file at
/// `\container\name` (data in 4 MiB blocks, each hashed with MD5 as it passes; the zero
/// blocks of a page blob left as holes), its `.properties` file and, when it has metadata,
/// its `.metadata` file; at the end `<DriveId>.manifest` at the root. Memory stays at one
/// block however large the drive: the manifest goes to a scratch file as blobs are written.
public final class DriveExporter {
    public static let blockSize: UInt64 = 4 << 20
    /// Room kept free on the drive per blob (MFT record, index entry, side files, manifest
    /// lines) and once (the manifest's head, NTFS's growth), when deciding what fits.
    static let perBlobOverhead: UInt64 = 16 << 10
    static let driveReserve: UInt64 = 4 << 20

    private let source: any StorageTarget
    private let writer: any DriveFileWriter
    private let driveID: String
    private let scratchDirectory: String

    public init(source: any StorageTarget, writer: any DriveFileWriter, driveID: String, scratchDirectory: String) {
        self.source = source
        self.writer = writer
        self.driveID = driveID
        self.scratchDirectory = scratchDirectory
    }

    /// Calls `body` with each blob `selection` names in `source`, in Azure's listing order
    /// (container, then name by UTF-8 bytes), each once, reading a page of the listing at a
    /// time (a selection is never held whole). Paths that match nothing are skipped
    /// (blob-list.md §2). `body` returns false to stop.
    public static func forEachSelected(_ selection: BlobListSelection, in source: any StorageTarget,
                                       _ body: (StoredBlobInfo) -> Bool) throws(TargetError) {
        for container in try source.containers().sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            var after: String?
            while true {
                let page = try source.list(container: container, prefix: "", startAfter: after, limit: 1000)
                for info in page where selection.selects(info.path) {
                    guard body(info) else { return }
                }
                guard page.count == 1000, let last = page.last else { break }
                after = last.path.name
            }
        }
    }

    /// The count and bytes of what `selection` names in `source` (one listing pass).
    public static func totals(_ selection: BlobListSelection, in source: any StorageTarget) throws(TargetError) -> ExportTotals {
        var totals = ExportTotals()
        try forEachSelected(selection, in: source) { info in
            totals.count += 1
            totals.bytes += info.length
            if totals.firstLength == nil { totals.firstLength = info.length }
            totals.smallestLength = min(totals.smallestLength ?? info.length, info.length)
            return true
        }
        return totals
    }

    /// Writes the blobs `selection` names in `source`, in listing order (``forEachSelected``,
    /// read as it goes); `totals` (``totals(_:in:)``) gives progress its total. A blob that no
    /// longer fits is listed as incomplete (never split across drives), as is one NTFS cannot
    /// name; `blobDone` hears of every blob as it ends. Throws `.drive` when the drive itself
    /// fails (the caller's verdict: hardware error), `.source` when the listing fails.
    public func run(_ selection: BlobListSelection, totals: ExportTotals, progress: (ExportProgress) -> Void,
                    blobDone: (ExportedBlob) -> Void = { _ in }) throws(ExportRunError) -> ExportSummary {
        var summary = ExportSummary()
        summary.totalBytes = totals.bytes
        var manifestText: [UInt8] = []
        let manifestFile = ScratchFile(directory: scratchDirectory, name: "manifest")
        defer { manifestFile.remove() }
        var manifest = ExportManifestWriter(driveId: driveID) { manifestText += Array($0.utf8) }
        var lastDirectory: [String]?
        let cluster = UInt64(writer.clusterSize)
        var report = ExportProgress(bytesWritten: 0, totalBytes: summary.totalBytes, blobsDone: 0, blobs: totals.count)

        var names = DriveNames()
        var manifestBytes: UInt64 = 0   // written to the scratch file so far
        var driveFailure: DriveWriteError?
        func write(_ info: StoredBlobInfo) throws(DriveWriteError) {
            summary.offered += 1
            defer {
                report.blobsDone += 1
                report.totalBytes = max(report.totalBytes, report.bytesWritten)
                progress(report)
            }
            func skip(_ status: ExportedBlob.Status, _ filePath: String?, _ reason: String) {
                let blob = ExportedBlob(path: info.path, filePath: filePath, length: info.length, status: status, reason: reason)
                summary.incomplete.append(blob)
                blobDone(blob)
            }
            let file: ExportFilePath
            do {
                file = try ExportFilePath(info.path)
            } catch {
                skip(.unsupportedData, nil, error.description)
                return
            }
            // Every name on the drive is one this exporter made: clashes Windows would see
            // (case, a file where a folder is, a side file's name) are found before writing.
            if let clash = names.clash(file) {
                skip(.unsupportedData, file.windowsPath, clash)
                return
            }
            let manifestEntry = UInt64(600 + info.path.text.utf8.count * 2 + (Int(info.length / Self.blockSize) + 1) * 120)
            let needed = (info.length + cluster - 1) / cluster * cluster + Self.perBlobOverhead
            let reserve = Self.driveReserve + manifestBytes + UInt64(manifestText.count) + manifestEntry
            guard writer.freeBytes >= needed + reserve else {
                skip(.didNotFit, file.windowsPath, "\(info.length) bytes do not fit in the \(writer.freeBytes) bytes left")
                return
            }
            let directory = Array(file.components.dropLast())
            if directory != lastDirectory {
                try writer.makeDirectory(directory)
                lastDirectory = directory
            }
            do {
                let pieces = try writeData(info, to: file, report: &report, progress: progress)
                let properties = AttachmentFileText.properties(info.properties)
                try writer.writeFile(file.sibling(suffix: ".properties"), bytes: properties)
                var metadataFile: ExportManifestWriter.SideFile?
                if let metadata = AttachmentFileText.metadata(info.metadata) {
                    try writer.writeFile(file.sibling(suffix: ".metadata"), bytes: metadata)
                    metadataFile = .init(path: file.windowsPath + ".metadata", md5: Self.md5(metadata))
                }
                manifest.write(ExportManifestWriter.Blob(
                    blobPath: info.path.text, filePath: file.windowsPath, length: info.length, type: info.type, pieces: pieces,
                    metadata: metadataFile, properties: .init(path: file.windowsPath + ".properties", md5: Self.md5(properties))))
                if manifestText.count > 1 << 20 {
                    try manifestFile.append(manifestText)
                    manifestBytes += UInt64(manifestText.count)
                    manifestText.removeAll(keepingCapacity: true)
                }
                names.add(file)
                summary.completed += 1
                blobDone(ExportedBlob(path: info.path, filePath: file.windowsPath, length: info.length, status: .completed, reason: nil))
            } catch let failure as BlobFailure {
                skip(failure.status, file.windowsPath, failure.reason)
            } catch let error as DriveWriteError {
                switch error {
                case .name: skip(.unsupportedData, file.windowsPath, "NTFS refused the name: \(error)")
                case .full: skip(.didNotFit, file.windowsPath, "\(error)")
                default: throw error
                }
            } catch {
                throw .fileSystem(errno: 5, detail: "\(error)")
            }
        }
        do throws(TargetError) {
            // Nothing counted, nothing listed again (blobs added since are not this drive's).
            if totals.count > 0 { try Self.forEachSelected(selection, in: source) { info in
                do throws(DriveWriteError) {
                    try write(info)
                    return true
                } catch {
                    driveFailure = error
                    return false
                }
            } }
        } catch {
            throw .source(error)
        }
        if let driveFailure { throw .drive(driveFailure) }
        manifest.finish()
        summary.bytesWritten = report.bytesWritten
        // The manifest, from the scratch file and what is still in memory, at the root.
        let manifestName = driveID + ".manifest"
        do {
            try manifestFile.append(manifestText)
            let size = try manifestFile.size()
            try writer.createFile([manifestName], size: size, sparse: false)
            var offset: UInt64 = 0
            try manifestFile.forEachChunk { chunk throws(DriveWriteError) in
                try writer.write(chunk, at: offset)
                offset += UInt64(chunk.count)
            }
            try writer.closeFile()
            manifestFile.remove()
        } catch let error as DriveWriteError {
            manifestFile.remove()
            throw .drive(error)
        } catch {
            manifestFile.remove()
            throw .drive(.fileSystem(errno: 5, detail: "the manifest's scratch file: \(error)"))
        }
        summary.manifestPath = "\\" + manifestName
        return summary
    }

    struct BlobFailure: Error {
        var status: ExportedBlob.Status
        var reason: String
    }

    /// The blob's data in blocks; page blobs skip blocks of zeros (left as holes, not listed).
    private func writeData(_ info: StoredBlobInfo, to file: ExportFilePath, report: inout ExportProgress,
                           progress: (ExportProgress) -> Void) throws -> [ExportManifestWriter.Piece] {
        let sparse = info.type == .page
        try writer.createFile(file.components, size: info.length, sparse: sparse)
        var pieces: [ExportManifestWriter.Piece] = []
        var offset: UInt64 = 0
        let writtenBefore = report.bytesWritten
        do {
            while offset < info.length {
                let length = min(Self.blockSize, info.length - offset)
                let bytes: [UInt8]
                do {
                    bytes = try source.read(info.path, range: offset..<offset + length)
                } catch {
                    throw BlobFailure(status: .blobRequestFailed, reason: "reading \(offset)..<\(offset + length): \(error)")
                }
                guard bytes.count == Int(length) else {
                    throw BlobFailure(status: .blobRequestFailed, reason: "the blob ended at \(offset + UInt64(bytes.count)), not \(info.length)")
                }
                if sparse {
                    // A page blob's ranges are its runs of pages holding data, at 512-byte
                    // granularity (never across a 4 MiB block); the zero pages stay holes.
                    for run in Self.nonZeroPageRuns(bytes) {
                        let range = Array(bytes[run])
                        try writer.write(range, at: offset + UInt64(run.lowerBound))
                        pieces.append(.init(offset: offset + UInt64(run.lowerBound), length: UInt64(run.count), md5: Self.md5(range)))
                    }
                } else {
                    try writer.write(bytes, at: offset)
                    pieces.append(.init(offset: offset, length: length, md5: Self.md5(bytes)))
                }
                offset += length
                report.bytesWritten += length
                progress(report)
            }
        } catch {
            // Not left half-written under the blob's name, nor counted as written.
            try? writer.discardFile()
            report.bytesWritten = writtenBefore
            throw error
        }
        try writer.closeFile()
        return pieces
    }

    static let pageSize = 512

    /// The runs of 512-byte pages of `bytes` that hold a non-zero byte (a last page shorter
    /// than 512 bytes counts as a page), as byte ranges, in order.
    static func nonZeroPageRuns(_ bytes: [UInt8]) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start: Int?
        bytes.withUnsafeBytes { raw in
            var page = 0
            while page < raw.count {
                let end = min(raw.count, page + pageSize)
                var zero = true
                var index = page
                // Eight bytes at a time, then what is left.
                while index + 8 <= end {
                    if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) != 0 { zero = false; break }
                    index += 8
                }
                if zero {
                    while index < end {
                        if raw[index] != 0 { zero = false; break }
                        index += 1
                    }
                }
                if zero, let begun = start {
                    runs.append(begun..<page)
                    start = nil
                } else if !zero, start == nil {
                    start = page
                }
                page = end
            }
        }
        if let start { runs.append(start..<bytes.count) }
        return runs
    }

    static func md5(_ bytes: [UInt8]) -> MD5Digest {
        MD5Digest(bytes: Array(Insecure.MD5.hash(data: bytes)))!
    }
}
