import IEDriveCore

/// One `Blob` element while it streams in: its children in any order (drive-manifest.md §1),
/// each at most once, checked against each other as soon as both sides are known. `build()`
/// turns it into a `ManifestBlob`, deciding the per-blob problem if any.
struct BlobBuilder {
    let index: Int
    let listIndex: Int
    let listID: String?
    let location: XMLMark
    let options: ManifestOptions

    /// Value children already given (`childBit`), each allowed once.
    var seen: UInt16 = 0
    var blobPathText: String?
    var blobPath: Result<BlobPath, BlobPathError>?
    var blobPathLocation: XMLMark?
    var filePathText: String?
    var filePath: Result<DriveRelativePath, DriveRelativePathError>?
    var filePathLocation: XMLMark?
    var length: UInt64?
    var lengthLocation: XMLMark?
    var pieces: PieceChecker?
    var listClosed = false
    var disposition: ImportDisposition?
    var clientData: String?
    var snapshot: SnapshotTime?
    var ownMetadata: FileReference?
    var ownProperties: FileReference?

    /// A bit per value child of `Blob`, for the at-most-once rule without hashing names.
    static func childBit(_ name: String) -> UInt16 {
        switch name {
        case "BlobPath": 1
        case "FilePath": 2
        case "ClientData": 4
        case "Snapshot": 8
        case "Length": 16
        case "ImportDisposition": 32
        case "MetadataPath": 64
        case "PropertiesPath": 128
        default: 0
        }
    }

    /// Records a value child; false when it was already given.
    mutating func see(_ name: String) -> Bool {
        let bit = Self.childBit(name)
        guard seen & bit == 0 else { return false }
        seen |= bit
        return true
    }

    init(index: Int, listIndex: Int, listID: String?, location: XMLMark, options: ManifestOptions) {
        self.index = index
        self.listIndex = listIndex
        self.listID = listID
        self.location = location
        self.options = options
    }

    mutating func setLength(_ value: UInt64, at location: XMLMark) throws(RuleViolation) {
        length = value
        lengthLocation = location
        guard let pieces else { return }
        try checkLength(for: pieces.type)
        if listClosed {
            try pieces.checkComplete(blobLength: value, at: location)
        } else {
            try pieces.checkPartial(blobLength: value, at: location)
        }
    }

    mutating func startList(_ type: BlobType, at location: XMLMark) throws(RuleViolation) {
        if let existing = pieces {
            let message = existing.type == type ? "a second <\(type.listElement)> in one blob"
                : "a blob has both a BlockList and a PageRangeList"
            throw RuleViolation(rule: existing.type == type ? .repeatedElement : .blobType, message: message, mark: location)
        }
        pieces = PieceChecker(type: type, maxPageRanges: options.maxPageRangesPerBlob)
        if length != nil { try checkLength(for: type) }
    }

    mutating func addPiece(_ tag: XMLStartTag, at location: XMLMark) throws(RuleViolation) {
        try pieces?.add(tag, blobLength: length, at: location)
    }

    mutating func endList(at location: XMLMark) throws(RuleViolation) {
        listClosed = true
        if let length, let pieces { try pieces.checkComplete(blobLength: length, at: location) }
    }

    /// Size ceiling and page alignment of `Length`, reported at the `Length` element.
    private func checkLength(for type: BlobType) throws(RuleViolation) {
        guard let length, let lengthLocation else { return }
        let ceiling = options.sizeLimits.maxLength(of: type)
        guard length <= ceiling else {
            throw RuleViolation(rule: .blobSize,
                                      message: "Length \(length) exceeds the \(options.sizeLimits.rawValue) \(type == .block ? "block" : "page") blob ceiling of \(ceiling) bytes",
                                      mark: lengthLocation)
        }
        if type == .page, length % PieceRules.pageSize != 0 {
            throw RuleViolation(rule: .pageAlignment, message: "page blob Length \(length) is not a multiple of 512",
                                      mark: lengthLocation)
        }
    }

    /// The finished blob; the list defaults are attached as given (the blob's own files replace
    /// them, `ManifestBlob.metadata`).
    func build(listMetadata: FileReference?, listProperties: FileReference?,
               locate: (XMLMark) -> DocumentLocation) throws(RuleViolation) -> ManifestBlob {
        func missing(_ element: String) -> RuleViolation {
            RuleViolation(rule: .missingElement, message: "the blob starting on line \(location.line) has no <\(element)>",
                                mark: location)
        }
        guard let blobPathText, let blobPath else { throw missing("BlobPath") }
        guard let filePathText, let filePath else { throw missing("FilePath") }
        guard let length else { throw missing("Length") }
        guard let pieces else { throw missing("BlockList or PageRangeList") }
        return ManifestBlob(
            index: index, listIndex: listIndex, listID: listID, line: location.line,
            blobPathText: blobPathText, blobPath: try? blobPath.get(),
            filePathText: filePathText, filePath: try? filePath.get(),
            length: length, type: pieces.type, pieces: pieces.pieces, importDisposition: disposition,
            clientData: clientData, snapshot: snapshot,
            ownMetadata: ownMetadata, ownProperties: ownProperties,
            listMetadata: listMetadata, listProperties: listProperties,
            problem: problem(filePath: filePath, blobPath: blobPath, locate: locate))
    }

    /// The file is opened before the blob is written, so a file-name problem is reported first.
    private func problem(filePath: Result<DriveRelativePath, DriveRelativePathError>,
                         blobPath: Result<BlobPath, BlobPathError>, locate: (XMLMark) -> DocumentLocation) -> BlobProblem? {
        if case .failure(let error) = filePath {
            return BlobProblem(status: error.isLength ? .fileNameTooLong : .fileNameInvalid,
                               message: "FilePath '\(filePathText ?? "")': \(error)", element: "FilePath", location: filePathLocation.map(locate))
        }
        if case .failure(let error) = blobPath {
            return BlobProblem(status: .blobRequestFailed,
                               message: "BlobPath '\(blobPathText ?? "")' is not a valid blob address: \(error)",
                               element: "BlobPath", location: blobPathLocation.map(locate))
        }
        return nil
    }
}
