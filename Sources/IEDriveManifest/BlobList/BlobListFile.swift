public import IEDriveCore

/// The export blob-list XML (blob-list.md §1): root `BlobList` holding `BlobPath` and
/// `BlobPathPrefix` elements in any order and number, names case-sensitive.
public enum BlobListFile {
    /// Parses and validates a blob-list file. `strict` makes an `AzureFileList` section invalid
    /// (§5 item 10); by default it is skipped.
    public static func parse(_ bytes: some Collection<UInt8>, strict: Bool = false,
                             limits: XMLLimits = .blobList) throws(BlobListFormatError) -> BlobListSelection {
        var scan: XMLDocumentScan
        do { scan = try XMLDocumentScan(bytes, limits: limits) } catch { throw xmlProblem(error) }
        var entries: [BlobListEntries.Entry] = []
        var open: (tag: XMLStartTag, text: String, location: DocumentLocation)?
        var skipping = 0
        var rootLocation: DocumentLocation?
        while true {
            let event: XMLEvent?
            do { event = try scan.next() } catch { throw xmlProblem(error) }
            guard let event else { break }
            switch event {
            case .start(let tag):
                let location = scan.location(tag.line, tag.column)
                if skipping > 0 {
                    skipping += 1
                    continue
                }
                switch scan.depth {
                case 1:
                    guard tag.name == "BlobList" else {
                        throw BlobListFormatError(rule: .rootElement, message: "the root element is <\(tag.name)>, not <BlobList>", location: location)
                    }
                    rootLocation = location
                case 2 where tag.name == "BlobPath" || tag.name == "BlobPathPrefix":
                    open = (tag, "", location)
                case 2 where tag.name == "AzureFileList":
                    if strict {
                        throw BlobListFormatError(rule: .azureFileList, message: "an AzureFileList cannot be exported by Import/Export",
                                                  location: location)
                    }
                    skipping = 1
                case 2:
                    throw BlobListFormatError(rule: .unknownElement,
                                              message: "<\(tag.name)> is not BlobPath or BlobPathPrefix (names are case-sensitive)",
                                              location: location)
                default:
                    throw BlobListFormatError(rule: .unexpectedContent, message: "<\(tag.name)> cannot be nested in <\(open?.tag.name ?? "")>",
                                              location: location)
                }
            case .text(let text, let line, let column):
                if skipping > 0 { continue }
                if open != nil {
                    open?.text += text
                } else if !ManifestText.isWhitespace(text) {
                    throw BlobListFormatError(rule: .unexpectedContent, message: "text directly inside <BlobList>",
                                              location: scan.location(line, column))
                }
            case .end:
                if skipping > 0 {
                    skipping -= 1
                    continue
                }
                guard let element = open else { continue }
                open = nil
                do {
                    entries.append(try entry(element.tag, text: element.text))
                } catch {
                    var located = error
                    located.location = element.location
                    throw located
                }
            }
        }
        do {
            return try BlobListEntries.selection(entries)
        } catch {
            var located = error
            located.location = rootLocation
            throw located
        }
    }

    private static func entry(_ tag: XMLStartTag, text: String) throws(BlobListFormatError) -> BlobListEntries.Entry {
        if tag.name == "BlobPathPrefix" { return try BlobListEntries.prefix(text) }
        let snapshots = try BlobListEntries.snapshots(includeSnapshots: tag.attribute("IncludeSnapshots"),
                                                      snapshotTime: tag.attribute("SnapshotTime"), entry: text)
        return try BlobListEntries.path(text, snapshots: snapshots)
    }

    private static func xmlProblem(_ error: XMLError) -> BlobListFormatError {
        BlobListFormatError(rule: .xml, message: error.message, location: error.location, xmlKind: error.kind)
    }
}
