public import IEDriveCore

/// Writes a legacy DriveLog (drive-logs.md §4) — the error log or the verbose log — blob by
/// blob to a sink, so a verbose log of a million blobs is never held in memory. The output
/// matches the spec's examples byte for byte: two-space indentation, LF line ends, pieces as
/// empty elements with `Offset`, `Length`, `Id`, `Hash`, `Status` in that order.
///
/// The error log keeps only what failed (§4, "filters out successful operations"): a blob only
/// if its status is not `Completed`, and inside it only the pieces, metadata and properties
/// whose status is not `Completed`; `BlobPath`, `FilePath`, `Length` and the disposition stay.
/// The drive `Status` is always written, last.
///
/// Not `Sendable`: it owns the caller's sink closure; create it where the log is written.
public struct DriveLogWriter {
    public enum Level: Sendable, Hashable {
        case error
        case verbose
    }

    public static let version = "2014-11-01"

    public let level: Level
    public let driveId: String
    private let sink: (String) -> Void
    private var started = false
    private var finished = false
    public private(set) var blobsWritten = 0

    /// `sink` receives the document in pieces (a line or a few); concatenated they are the file.
    public init(level: Level, driveId: String, sink: @escaping (String) -> Void) {
        self.level = level
        self.driveId = driveId
        self.sink = sink
    }

    /// Adds one blob (dropped from an error log when it is `Completed`).
    public mutating func write(_ blob: DriveLogBlob) {
        precondition(!finished, "write after finish")
        begin()
        if level == .error, blob.status == .completed { return }
        blobsWritten += 1
        var out = "  <Blob Status=\"\(blob.status.rawValue)\">\n"
        out += element("BlobPath", blob.blobPath)
        out += element("FilePath", blob.filePath)
        if let snapshot = blob.snapshot { out += element("Snapshot", snapshot) }
        out += element("Length", String(blob.length))
        if let lastModified = blob.lastModified { out += element("LastModified", lastModified) }
        if let disposition = blob.disposition {
            out += "    <ImportDisposition Status=\"\(disposition.status.rawValue)\">\(disposition.requested.rawValue)</ImportDisposition>\n"
        }
        sink(out)
        if let pieces = blob.pieces { writePieces(pieces) }
        if let metadata = blob.metadata { writeAttachment("Metadata", metadata) }
        if let properties = blob.properties { writeAttachment("Properties", properties) }
        sink("  </Blob>\n")
    }

    /// Writes the drive status and closes the document.
    public mutating func finish(status: DriveStatus) {
        precondition(!finished, "finish twice")
        begin()
        finished = true
        sink("  <Status>\(status.rawValue)</Status>\n</DriveLog>\n")
    }

    private mutating func begin() {
        guard !started else { return }
        started = true
        sink("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DriveLog Version=\"\(Self.version)\">\n"
             + "  <DriveId>\(XMLEscaping.text(driveId))</DriveId>\n")
    }

    private func element(_ name: String, _ value: String) -> String {
        "    <\(name)>\(XMLEscaping.text(value))</\(name)>\n"
    }

    private func writePieces(_ pieces: LoggedPieces) {
        let items = level == .error ? pieces.items.filter { $0.status != .completed } : pieces.items
        let list = pieces.type.listElement
        if items.isEmpty {
            if level == .verbose { sink("    <\(list)/>\n") }
            return
        }
        sink("    <\(list)>\n")
        for item in items {
            var line = "      <\(pieces.type.pieceElement) Offset=\"\(item.offset)\" Length=\"\(item.length)\""
            if let id = item.blockID { line += " Id=\"\(XMLEscaping.attribute(id))\"" }
            if let md5 = item.md5 { line += " Hash=\"\(md5.hex)\"" }
            line += " Status=\"\(item.status.rawValue)\"/>\n"
            sink(line)
        }
        sink("    </\(list)>\n")
    }

    private func writeAttachment(_ name: String, _ attachment: LoggedAttachment) {
        if level == .error, attachment.status == .completed { return }
        let files = [("GlobalPath", attachment.globalPath), ("Path", attachment.path)].compactMap { pair in
            pair.1.map { (pair.0, $0) }
        }
        guard !files.isEmpty else {
            sink("    <\(name) Status=\"\(attachment.status.rawValue)\"/>\n")
            return
        }
        var out = "    <\(name) Status=\"\(attachment.status.rawValue)\">\n"
        for (element, file) in files {
            let hash = file.md5.map { " Hash=\"\($0.hex)\"" } ?? ""
            out += "      <\(element)\(hash)>\(XMLEscaping.text(file.path))</\(element)>\n"
        }
        sink(out + "    </\(name)>\n")
    }
}
