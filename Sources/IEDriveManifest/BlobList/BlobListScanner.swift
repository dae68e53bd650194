import IEDriveCore

/// The XML side of a blob list, shared by `BlobListReader` and `BlobListValidator`: the
/// streaming XML reader with `BlobListLimits`, the document's shape (§1: root `BlobList`,
/// `BlobPath` and `BlobPathPrefix` children, an `AzureFileList` skipped or refused, nothing
/// else), and each entry handed out raw — its text and attributes, not yet checked against
/// the naming rules. The first problem is kept and thrown again by every later call.
struct BlobListScanner: Sendable {
    let strict: Bool
    let limits: BlobListLimits
    var xml: XMLReader
    /// Checked on every call; `failure` is only read once it is set (copying an optional error
    /// out on every event cost more than the rest of the bookkeeping).
    private(set) var failed = false
    private(set) var failure: BlobListFormatError?

    private(set) var entryCount = 0
    private(set) var isComplete = false
    private var open: RawEntry?
    private var skippingDepth = 0
    private var rootLine = 0
    private var rootColumn = 0

    /// A `BlobPath` or `BlobPathPrefix` element as written: its decoded text, its snapshot
    /// attributes, and where it starts.
    struct RawEntry {
        var isPrefix: Bool
        var includeSnapshots: String?
        var snapshotTime: String?
        var text: String
        var line: Int
        var column: Int

        var location: DocumentLocation {
            DocumentLocation(line: line, column: column, elementPath: isPrefix ? "/BlobList/BlobPathPrefix" : "/BlobList/BlobPath")
        }
    }

    init(strict: Bool, limits: BlobListLimits) {
        self.strict = strict
        self.limits = limits
        self.xml = XMLReader(limits: limits.xml)
    }

    var documentBytes: UInt64 { xml.totalBytes }

    mutating func feed(_ chunk: some Collection<UInt8>) throws(BlobListFormatError) {
        if failed { throw failure! }
        do {
            try xml.feed(chunk)
        } catch {
            throw record(problem(error))
        }
    }

    mutating func finish() {
        if !failed, !xml.finished { xml.finish() }
    }

    /// The next entry; nil when more input is needed, or — after `finish()` — at the end of a
    /// well-formed list (`isComplete` is then true).
    mutating func next() throws(BlobListFormatError) -> RawEntry? {
        if failed { throw failure! }
        do {
            while let event = try xml.next() {
                if let entry = try handle(event) { return entry }
            }
        } catch let error as XMLError {
            throw record(problem(error))
        } catch let error as BlobListFormatError {
            throw record(error)
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
        if xml.finished, !isComplete {
            guard entryCount > 0 else {
                throw record(BlobListFormatError(rule: .empty, message: "the blob list selects nothing; it cannot be empty",
                                                 location: DocumentLocation(line: rootLine, column: rootColumn, elementPath: "/BlobList")))
            }
            isComplete = true
        }
        return nil
    }

    /// Fails the list for `error` in `entry`, which `next()` handed out.
    mutating func reject(_ entry: RawEntry, _ error: BlobListFormatError) -> BlobListFormatError {
        var located = error
        located.location = entry.location
        return record(located)
    }

    private mutating func record(_ error: BlobListFormatError) -> BlobListFormatError {
        failed = true
        failure = error
        return error
    }

    private mutating func handle(_ event: XMLEvent) throws(BlobListFormatError) -> RawEntry? {
        switch event {
        case .start(let tag):
            if skippingDepth > 0 {
                skippingDepth += 1
                return nil
            }
            try start(tag)
        case .text(let text, let line, let column):
            if skippingDepth > 0 { return nil }
            if open != nil {
                open!.text += text
            } else if !ManifestText.isWhitespace(text) {
                throw BlobListFormatError(rule: .unexpectedContent, message: "text directly inside <BlobList>",
                                          location: location(line, column))
            }
        case .end:
            if skippingDepth > 0 {
                skippingDepth -= 1
                return nil
            }
            guard let element = open else { return nil }
            open = nil
            return element
        }
        return nil
    }

    private mutating func start(_ tag: XMLStartTag) throws(BlobListFormatError) {
        switch xml.depth {
        case 1:
            guard tag.name == "BlobList" else {
                throw BlobListFormatError(rule: .rootElement, message: "the root element is <\(tag.name)>, not <BlobList>",
                                          location: location(tag.line, tag.column))
            }
            rootLine = tag.line
            rootColumn = tag.column
        case 2 where tag.name == "BlobPath" || tag.name == "BlobPathPrefix":
            guard entryCount < limits.maxEntries else {
                throw BlobListFormatError(rule: .limitExceeded,
                                          message: "the blob list has more than \(limits.maxEntries) entries. " + BlobListLimits.splitAdvice,
                                          location: location(tag.line, tag.column), limit: .entries)
            }
            entryCount += 1
            let isPrefix = tag.name == "BlobPathPrefix"
            let noSnapshotAttributes = isPrefix || tag.attributes.isEmpty
            open = RawEntry(isPrefix: isPrefix,
                            includeSnapshots: noSnapshotAttributes ? nil : tag.attribute("IncludeSnapshots"),
                            snapshotTime: noSnapshotAttributes ? nil : tag.attribute("SnapshotTime"),
                            text: "", line: tag.line, column: tag.column)
        case 2 where tag.name == "AzureFileList":
            if strict {
                throw BlobListFormatError(rule: .azureFileList, message: "an AzureFileList cannot be exported by Import/Export",
                                          location: location(tag.line, tag.column))
            }
            skippingDepth = 1
        case 2:
            throw BlobListFormatError(rule: .unknownElement,
                                      message: "<\(tag.name)> is not BlobPath or BlobPathPrefix (names are case-sensitive)",
                                      location: location(tag.line, tag.column))
        default:
            let parent = open.map { $0.isPrefix ? "BlobPathPrefix" : "BlobPath" } ?? ""
            throw BlobListFormatError(rule: .unexpectedContent, message: "<\(tag.name)> cannot be nested in <\(parent)>",
                                      location: location(tag.line, tag.column))
        }
    }

    /// Where an event of the open elements is; the path is built only for an error.
    private func location(_ line: Int, _ column: Int) -> DocumentLocation {
        DocumentLocation(line: line, column: column, elementPath: xml.elementPath)
    }

    private func problem(_ error: XMLError) -> BlobListFormatError {
        if case .limitExceeded(let limit) = error.kind {
            let message = limit == .documentBytes
                ? "the blob list is longer than \(BlobListLimits.describe(limits.maxDocumentBytes)). " + BlobListLimits.splitAdvice
                : error.message
            return BlobListFormatError(rule: .limitExceeded, message: message, location: error.location,
                                       xmlKind: error.kind, limit: BlobListLimits.Limit(limit))
        }
        return BlobListFormatError(rule: .xml, message: error.message, location: error.location, xmlKind: error.kind)
    }
}
