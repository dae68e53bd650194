public import IEDriveCore

/// Writes the manifest the service leaves at the root of an export drive
/// (drive-manifest.md §11): `DriveManifest Version="2014-11-01"`, the drive id, the service as
/// `ClientCreator`, and one `Blob` per file written, with its blocks (or page ranges) and
/// their MD5s, and the hashes of its properties and metadata files. Streamed to a sink blob by
/// blob, so a drive of a million blobs never holds its manifest in memory.
///
/// Not `Sendable`: it owns the caller's sink closure.
public struct ExportManifestWriter {
    public static let version = "2014-11-01"
    public static let clientCreator = "Windows Azure Import/Export service"

    /// One block or page range of a written blob.
    public struct Piece: Sendable, Hashable {
        public var offset: UInt64
        public var length: UInt64
        public var md5: MD5Digest
        public init(offset: UInt64, length: UInt64, md5: MD5Digest) {
            self.offset = offset
            self.length = length
            self.md5 = md5
        }
    }

    /// A side file (properties or metadata): its drive path and the MD5 of its bytes.
    public struct SideFile: Sendable, Hashable {
        public var path: String
        public var md5: MD5Digest
        public init(path: String, md5: MD5Digest) {
            self.path = path
            self.md5 = md5
        }
    }

    public struct Blob: Sendable, Hashable {
        public var blobPath: String
        /// `\container\name`, Windows separators.
        public var filePath: String
        public var snapshot: String?
        public var length: UInt64
        public var type: BlobType
        public var pieces: [Piece]
        public var metadata: SideFile?
        public var properties: SideFile
        public init(blobPath: String, filePath: String, snapshot: String? = nil, length: UInt64, type: BlobType,
                    pieces: [Piece], metadata: SideFile?, properties: SideFile) {
            self.blobPath = blobPath
            self.filePath = filePath
            self.snapshot = snapshot
            self.length = length
            self.type = type
            self.pieces = pieces
            self.metadata = metadata
            self.properties = properties
        }
    }

    public let driveId: String
    private let sink: (String) -> Void
    private var started = false
    private var finished = false
    public private(set) var blobsWritten = 0

    public init(driveId: String, sink: @escaping (String) -> Void) {
        self.driveId = driveId
        self.sink = sink
    }

    /// Block ids as the service writes them: base64 of a little-endian 32-bit counter.
    public static func blockID(_ index: Int) -> String {
        let value = UInt32(truncatingIfNeeded: index)
        return Base64.encode([UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF),
                              UInt8(value >> 24)])
    }

    public mutating func write(_ blob: Blob) {
        precondition(!finished, "write after finish")
        begin()
        blobsWritten += 1
        var out = "      <Blob>\n"
        out += "        <BlobPath>\(XMLEscaping.text(blob.blobPath))</BlobPath>\n"
        out += "        <FilePath>\(XMLEscaping.text(blob.filePath))</FilePath>\n"
        if let snapshot = blob.snapshot { out += "        <Snapshot>\(XMLEscaping.text(snapshot))</Snapshot>\n" }
        out += "        <Length>\(blob.length)</Length>\n"
        let list = blob.type.listElement
        if blob.pieces.isEmpty {
            out += "        <\(list) />\n"
        } else {
            out += "        <\(list)>\n"
            for (index, piece) in blob.pieces.enumerated() {
                let id = blob.type == .block ? " Id=\"\(Self.blockID(index))\"" : ""
                out += "          <\(blob.type.pieceElement) Offset=\"\(piece.offset)\" Length=\"\(piece.length)\"\(id)"
                    + " Hash=\"\(piece.md5.hex)\"/>\n"
            }
            out += "        </\(list)>\n"
        }
        if let metadata = blob.metadata {
            out += "        <MetadataPath Hash=\"\(metadata.md5.hex)\">\(XMLEscaping.text(metadata.path))</MetadataPath>\n"
        }
        out += "        <PropertiesPath Hash=\"\(blob.properties.md5.hex)\">"
            + "\(XMLEscaping.text(blob.properties.path))</PropertiesPath>\n"
        out += "      </Blob>\n"
        sink(out)
    }

    public mutating func finish() {
        precondition(!finished, "finish twice")
        begin()
        finished = true
        sink("    </BlobList>\n  </Drive>\n</DriveManifest>\n")
    }

    private mutating func begin() {
        guard !started else { return }
        started = true
        sink("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DriveManifest Version=\"\(Self.version)\">\n  <Drive>\n"
             + "    <DriveId>\(XMLEscaping.text(driveId))</DriveId>\n"
             + "    <ClientCreator>\(Self.clientCreator)</ClientCreator>\n    <BlobList>\n")
    }
}
