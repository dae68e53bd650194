import IEDriveCore

/// Streaming validator for the drive manifest (drive-manifest.md §1–§8).
///
/// Feed the manifest's bytes in chunks of any size and pull items; each blob comes out as soon
/// as its `</Blob>` closes, so a manifest of a million blobs never sits in memory. Kept across
/// blobs: the header, the current list's defaults, a few counters and the duplicate-path set
/// (`BlobPathSet`, ~32 bytes per blob). Within a blob: its pieces (≤ 50,000 blocks).
///
/// ```swift
/// var validator = ManifestValidator()
/// for chunk in chunks {
///     try validator.feed(chunk)
///     while let item = try validator.next() { plan(item) }
/// }
/// validator.finish()
/// while let item = try validator.next() { plan(item) }
/// let summary = validator.summary!
/// ```
///
/// A structural problem (`ManifestRule`) throws `ManifestFormatError` and fails the whole
/// manifest, even after blobs have come out; per-blob problems ride on the blob
/// (`ManifestBlob.problem`). The decision table is on `ManifestRule`.
public struct ManifestValidator: Sendable {
    public let options: ManifestOptions
    var reader: XMLReader
    var failure: ManifestFormatError?
    public private(set) var summary: ManifestSummary?

    var version: String?
    var sawDrive = false
    var driveId: String?
    var credential: ManifestHeader.Credential = .none
    var credentialSeen = false
    var clientCreator: String?
    var clientCreatorSeen = false
    var headerEmitted = false

    var listCount = 0
    var list: ListState?
    var blob: BlobBuilder?
    var blobCount = 0
    var blobsWithProblems = 0
    var fileReferenceProblems = 0
    var totalBlobBytes: UInt64 = 0
    var totalPieceBytes: UInt64 = 0
    var paths = BlobPathSet()

    var capture: Capture?
    var inPiece = false

    struct ListState {
        var index: Int
        var id: String?
        var metadata: FileReference?
        var properties: FileReference?
        var sawBlob = false
        var sawMetadata = false
        var sawProperties = false
    }

    /// Text being collected for a value element (`DriveId`, `BlobPath`, `Length`, …).
    struct Capture {
        var element: String
        var depth: Int
        var location: XMLMark
        var attributes: [XMLAttribute]
        var text = ""
    }

    public init(options: ManifestOptions = ManifestOptions()) {
        self.options = options
        self.reader = XMLReader(limits: options.xml)
    }

    /// Appends manifest bytes. Throws when the document outgrows `options.xml.maxDocumentBytes`.
    public mutating func feed(_ chunk: some Collection<UInt8>) throws(ManifestFormatError) {
        if let failure { throw failure }
        do {
            try reader.feed(chunk)
        } catch {
            throw record(ManifestFormatError(error))
        }
    }

    /// Marks the end of the manifest.
    public mutating func finish() {
        if failure == nil, !reader.finished { reader.finish() }
    }

    /// The next header or blob; nil when more input is needed, or — after `finish()` — when the
    /// manifest is complete and valid (`summary` is then set).
    public mutating func next() throws(ManifestFormatError) -> ManifestItem? {
        if let failure { throw failure }
        do {
            while let event = try reader.next() {
                if let item = try handle(event) { return item }
            }
            if reader.finished, summary == nil { summary = try makeSummary() }
            return nil
        } catch let error as XMLError {
            throw record(ManifestFormatError(error))
        } catch let violation as RuleViolation {
            throw record(ManifestFormatError(rule: violation.rule, message: violation.message, location: reader.location(of: violation.mark)))
        } catch let error as ManifestFormatError {
            throw record(error)
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }

    /// Validates a whole manifest held in memory.
    public static func validate(_ bytes: some Collection<UInt8>,
                                options: ManifestOptions = ManifestOptions()) throws(ManifestFormatError) -> ValidatedManifest {
        var blobs: [ManifestBlob] = []
        let summary = try validate(chunks: CollectionOfOne(bytes), options: options) { item in
            if case .blob(let blob) = item { blobs.append(blob) }
        }
        return ValidatedManifest(summary: summary, blobs: blobs)
    }

    /// Validates a manifest arriving as a sequence of chunks, handing each item to `onItem`.
    public static func validate<Chunks: Sequence>(chunks: Chunks, options: ManifestOptions = ManifestOptions(),
                                                  onItem: (ManifestItem) -> Void) throws(ManifestFormatError) -> ManifestSummary
        where Chunks.Element: Collection<UInt8> {
        var validator = ManifestValidator(options: options)
        for chunk in chunks {
            try validator.feed(chunk)
            while let item = try validator.next() { onItem(item) }
        }
        validator.finish()
        while let item = try validator.next() { onItem(item) }
        guard let summary = validator.summary else { preconditionFailure("finished validator without summary") }
        return summary
    }

    private mutating func record(_ error: ManifestFormatError) -> ManifestFormatError {
        failure = error
        return error
    }

    var header: ManifestHeader? {
        guard let version, let driveId else { return nil }
        return ManifestHeader(version: version, driveId: driveId, credential: credential, clientCreator: clientCreator)
    }

    private func makeSummary() throws(ManifestFormatError) -> ManifestSummary {
        guard let header else {
            throw ManifestFormatError(rule: .missingElement, message: "the manifest has no Drive with a DriveId", location: reader.location)
        }
        return ManifestSummary(header: header, blobListCount: listCount, blobCount: blobCount,
                               blobsWithProblems: blobsWithProblems, fileReferenceProblems: fileReferenceProblems,
                               totalBlobBytes: totalBlobBytes, totalPieceBytes: totalPieceBytes,
                               documentBytes: reader.totalBytes,
                               duplicateSetBytes: paths.memoryBytes)
    }
}
