public import IEDriveCore

/// Streams a DriveLog: feed bytes, pull one `DriveLogBlob` per `</Blob>`; `version`, `driveId`
/// and, at the end, `status` are properties. Same pattern as `ManifestValidator`.
public struct DriveLogReader: Sendable {
    var reader: XMLReader
    public private(set) var version: String?
    public private(set) var driveId: String?
    public private(set) var status: DriveStatus?
    var blob: DriveLogBlob?
    var capture: (name: String, attributes: [XMLAttribute], text: String)?
    var section: String?

    public init(limits: XMLLimits = .driveLog) {
        reader = XMLReader(limits: limits)
    }

    public mutating func feed(_ bytes: some Collection<UInt8>) throws(DriveLogFormatError) {
        do { try reader.feed(bytes) } catch { throw Self.problem(error) }
    }

    public mutating func finish() { reader.finish() }

    /// The next blob; nil when more input is needed or (after `finish()`) at the end.
    public mutating func next() throws(DriveLogFormatError) -> DriveLogBlob? {
        do {
            while let event = try reader.next() {
                if let blob = try handle(event) { return blob }
            }
        } catch let error as XMLError {
            throw Self.problem(error)
        } catch let error as DriveLogFormatError {
            throw error
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
        if reader.finished, status == nil {
            throw DriveLogFormatError(message: "the log has no <Status>", location: reader.location)
        }
        // Without this a log with a Status and no DriveId ended "complete", and
        // DriveLogDocument.parse stopped the process on its precondition.
        if reader.finished, driveId == nil {
            throw DriveLogFormatError(message: "the log has no <DriveId>", location: reader.location)
        }
        return nil
    }

    private static func problem(_ error: XMLError) -> DriveLogFormatError {
        DriveLogFormatError(message: error.message, location: error.location, xmlKind: error.kind)
    }

    private func fail(_ message: String, _ line: Int, _ column: Int) -> DriveLogFormatError {
        DriveLogFormatError(message: message, location: DocumentLocation(line: line, column: column, elementPath: reader.elementPath))
    }

    private mutating func handle(_ event: XMLEvent) throws(DriveLogFormatError) -> DriveLogBlob? {
        switch event {
        case .start(let tag):
            try start(tag)
        case .text(let text, let line, let column):
            if capture != nil {
                capture?.text += text
            } else if !ManifestText.isWhitespace(text) {
                throw fail("unexpected text", line, column)
            }
        case .end(let name, let line, let column):
            if let done = capture {  // value elements cannot nest, so this end closes it
                capture = nil
                try value(done, line, column)
            } else if reader.depth == 3, name == "BlockList" || name == "PageRangeList" || name == "Metadata" || name == "Properties" {
                section = nil
            } else if reader.depth == 2, name == "Blob" {
                defer { blob = nil }
                return blob
            }
        }
        return nil
    }

    private mutating func start(_ tag: XMLStartTag) throws(DriveLogFormatError) {
        let status = tag.attribute("Status")
        let badStatus = fail("<\(tag.name)> has no valid Status", tag.line, tag.column)
        func code<Code: RawRepresentable>(_: Code.Type) throws(DriveLogFormatError) -> Code where Code.RawValue == String {
            guard let status, let code = Code(rawValue: status) else { throw badStatus }
            return code
        }
        guard capture == nil else { throw fail("<\(tag.name)> inside a value", tag.line, tag.column) }
        switch (reader.depth, tag.name, section) {
        case (1, "DriveLog", _):
            version = tag.attribute("Version") ?? ""
        case (2, "DriveId", _), (2, "Status", _):
            capture = (tag.name, tag.attributes, "")
        case (2, "Blob", _):
            blob = DriveLogBlob(status: try code(BlobStatus.self), blobPath: "", filePath: "", length: 0)
        case (3, "BlockList", _), (3, "PageRangeList", _):
            section = tag.name
            blob?.pieces = LoggedPieces(type: tag.name == "BlockList" ? .block : .page, items: [])
        case (3, "Metadata", _):
            section = tag.name
            let attachment = LoggedAttachment(status: try code(MetadataPropertiesStatus.self))
            blob?.metadata = attachment
        case (3, "Properties", _):
            section = tag.name
            let attachment = LoggedAttachment(status: try code(MetadataPropertiesStatus.self))
            blob?.properties = attachment
        case (3, _, nil) where ["BlobPath", "FilePath", "Snapshot", "Length", "LastModified", "ImportDisposition"].contains(tag.name):
            capture = (tag.name, tag.attributes, "")
        case (4, "Block", "BlockList"), (4, "PageRange", "PageRangeList"):
            guard let offset = tag.attribute("Offset").flatMap(ManifestText.uint64),
                  let length = tag.attribute("Length").flatMap(ManifestText.uint64) else {
                throw fail("<\(tag.name)> needs integer Offset and Length", tag.line, tag.column)
            }
            let md5 = tag.attribute("Hash").flatMap { MD5Digest(base16: $0) }
            let piece = LoggedPiece(offset: offset, length: length, blockID: tag.attribute("Id"), md5: md5,
                                    status: try code(PieceStatus.self))
            blob?.pieces?.items.append(piece)
        case (4, "GlobalPath", "Metadata"), (4, "Path", "Metadata"), (4, "GlobalPath", "Properties"), (4, "Path", "Properties"):
            capture = (tag.name, tag.attributes, "")
        default:
            throw fail("<\(tag.name)> is not part of a DriveLog here", tag.line, tag.column)
        }
    }

    private mutating func value(_ done: (name: String, attributes: [XMLAttribute], text: String),
                                _ line: Int, _ column: Int) throws(DriveLogFormatError) {
        let text = done.text
        switch done.name {
        case "DriveId": driveId = String(ManifestText.trimmed(text))
        case "Status":
            guard let code = DriveStatus(rawValue: String(ManifestText.trimmed(text))) else { throw fail("unknown drive status '\(text)'", line, column) }
            status = code
        case "BlobPath": blob?.blobPath = text
        case "FilePath": blob?.filePath = text
        case "Snapshot": blob?.snapshot = text
        case "LastModified": blob?.lastModified = text
        case "Length":
            guard let length = ManifestText.uint64(text) else { throw fail("Length '\(text)' is not an integer", line, column) }
            blob?.length = length
        case "ImportDisposition":
            guard let requested = ImportDisposition(rawValue: String(ManifestText.trimmed(text))),
                  let outcome = done.attributes.first(where: { $0.name == "Status" }).flatMap({ DispositionStatus(rawValue: $0.value) }) else {
                throw fail("ImportDisposition needs a disposition and a Status", line, column)
            }
            blob?.disposition = LoggedDisposition(requested: requested, status: outcome)
        case "GlobalPath", "Path":
            let md5 = done.attributes.first(where: { $0.name == "Hash" }).flatMap { MD5Digest(base16: $0.value) }
            let file = LoggedFile(path: text, md5: md5)
            let global = done.name == "GlobalPath"
            if section == "Metadata" {
                if global { blob?.metadata?.globalPath = file } else { blob?.metadata?.path = file }
            } else {
                if global { blob?.properties?.globalPath = file } else { blob?.properties?.path = file }
            }
        default:
            preconditionFailure("no value rule for \(done.name)")
        }
    }
}
