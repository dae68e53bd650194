import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A drive manifest or DriveLog read back with Foundation's XMLParser (libxml2): an
/// independent reader, so the product's own XML code is not the judge of its output.
struct XMLBlob: Sendable, Hashable {
    struct Piece: Sendable, Hashable {
        /// `Block` or `PageRange`.
        var kind: String
        var offset: UInt64
        var length: UInt64
        var hash: String?
        /// DriveLog only.
        var status: String?
    }

    /// DriveLog only.
    var status: String?
    var blobPath = ""
    var filePath = ""
    var length: UInt64 = 0
    /// `BlockList`, `PageRangeList`, or nil when the blob has neither.
    var listKind: String?
    var pieces: [Piece] = []

    var pieceBytes: UInt64 { pieces.reduce(0) { $0 + $1.length } }
}

/// The parts of a `DriveManifest` or `DriveLog` document the tests look at.
struct XMLDriveDocument: Sendable {
    var root = ""
    var version: String?
    var driveID = ""
    var blobs: [XMLBlob] = []
    /// `DriveLog/Status`.
    var status: String?

    static func parse(_ data: Data) throws -> XMLDriveDocument {
        let delegate = Collector()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        guard parser.parse() else {
            throw XMLDocumentError(message: "not well-formed: \(parser.parserError.map { "\($0)" } ?? "?") at line \(parser.lineNumber)")
        }
        return delegate.document
    }

    static func parse(file path: String) throws -> XMLDriveDocument {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw XMLDocumentError(message: "cannot read \(path)")
        }
        return try parse(data)
    }

    static func parse(text: String) throws -> XMLDriveDocument { try parse(Data(text.utf8)) }

    func blob(filePath: String) -> XMLBlob? { blobs.first { $0.filePath == filePath } }
}

struct XMLDocumentError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

private final class Collector: NSObject, XMLParserDelegate {
    var document = XMLDriveDocument()
    private var path: [String] = []
    private var text = ""
    private var blob: XMLBlob?

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if path.isEmpty {
            document.root = name
            document.version = attributes["Version"]
        }
        path.append(name)
        text = ""
        switch name {
        case "Blob":
            blob = XMLBlob(status: attributes["Status"])
        case "BlockList", "PageRangeList":
            blob?.listKind = name
        case "Block", "PageRange":
            blob?.pieces.append(XMLBlob.Piece(kind: name, offset: UInt64(attributes["Offset"] ?? "") ?? .max,
                                              length: UInt64(attributes["Length"] ?? "") ?? .max,
                                              hash: attributes["Hash"], status: attributes["Status"]))
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let parent = path.count >= 2 ? path[path.count - 2] : ""
        switch (parent, name) {
        case ("Drive", "DriveId"), ("DriveLog", "DriveId"): document.driveID = text
        case ("DriveLog", "Status"): document.status = text
        case ("Blob", "BlobPath"): blob?.blobPath = text
        case ("Blob", "FilePath"): blob?.filePath = text
        case ("Blob", "Length"): blob?.length = UInt64(text) ?? .max
        case (_, "Blob"):
            if let blob { document.blobs.append(blob) }
            blob = nil
        default: break
        }
        path.removeLast()
        text = ""
    }
}
