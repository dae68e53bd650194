public import IEDriveCore

/// Why an export blob list is invalid (blob-list.md §5), with the entry at fault. The drive gets
/// status `BlobListFormatInvalid`, Preview label "Export blob list format invalid", API state
/// `CompletedMoreInfo` with `copyStatus` `ExportBlobListFormatInvalid`.
public struct BlobListFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The §5 items, in order.
    public enum Rule: String, Sendable, Hashable, CaseIterable {
        /// Item 1: not well-formed XML (see `xmlKind`).
        case xml
        /// Item 1: the root is not `BlobList`.
        case rootElement
        /// Item 2: wrong case or unknown element.
        case unknownElement
        /// Text, or an element, where neither belongs.
        case unexpectedContent
        /// Item 3.
        case empty
        /// Item 4.
        case prefixWithoutSlash
        /// Item 5: `//logo.bmp` — the root container must be spelled `$root`.
        case rootContainerNotNamed
        /// Item 6.
        case missingContainer
        /// Item 7.
        case invalidContainer
        /// Item 8.
        case nameTooLong
        /// Another blob-name rule (`BlobName`).
        case invalidBlobName
        /// Item 9.
        case snapshotAttributes
        /// Item 10 (strict mode).
        case azureFileList
        /// Item 11: inline list over 32 KB, or inline JSON of the wrong shape.
        case inlineTooLarge
        case inlineFormat
        /// A `BlobListLimits` bound (see `limit`): the file is too long, has too many entries,
        /// nests too deep, or holds a token longer than any valid entry could be.
        case limitExceeded
    }

    public var rule: Rule
    public var message: String
    /// The offending `BlobPath` / `BlobPathPrefix` text, when one is at fault.
    public var entry: String?
    /// Where, for the XML form.
    public var location: DocumentLocation?
    public var xmlKind: XMLError.Kind?
    /// The bound crossed, for `.limitExceeded`.
    public var limit: BlobListLimits.Limit?

    public init(rule: Rule, message: String, entry: String? = nil, location: DocumentLocation? = nil, xmlKind: XMLError.Kind? = nil,
                limit: BlobListLimits.Limit? = nil) {
        self.rule = rule
        self.message = message
        self.entry = entry
        self.location = location
        self.xmlKind = xmlKind
        self.limit = limit
    }

    public var status: DriveStatus { .blobListFormatInvalid }
    public var failureState: DriveFailureState { .exportBlobListFormatInvalid }

    public var description: String {
        var text = "\(status.rawValue): \(message)"
        if let entry { text += " (entry '\(entry)')" }
        if let location { text += " at \(location)" }
        return text
    }
}
