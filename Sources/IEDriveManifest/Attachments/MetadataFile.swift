public import IEDriveCore

/// Reads a metadata file (metadata-properties.md §1): root `Metadata`, one child element per
/// pair, the element name being the metadata name. Hash verification is the caller's (it holds
/// the bytes and the manifest's `Hash`; mismatch → `Corrupted`).
///
/// Everything wrong with the content is `XmlReadFailed` (§4): bad XML, another root, a name that
/// is not an ASCII C# identifier, two names equal but for case, nested elements, non-whitespace
/// text between pairs, a value a header cannot carry, more than 8 KB of names and values.
/// Attributes are ignored (suggested in §1).
public enum MetadataFile {
    public static func parse(_ bytes: some Collection<UInt8>,
                             limits: XMLLimits = .metadataOrProperties) -> Result<BlobMetadata, FileProblem> {
        do {
            return .success(try read(bytes, limits: limits))
        } catch {
            return .failure(error)
        }
    }

    private static func read(_ bytes: some Collection<UInt8>, limits: XMLLimits) throws(FileProblem) -> BlobMetadata {
        var scan: XMLDocumentScan
        do { scan = try XMLDocumentScan(bytes, limits: limits) } catch { throw AttachmentProblem.xml(error) }
        var pairs: [BlobMetadata.Pair] = []
        var names: Set<String> = []
        var value: (name: String, text: String, location: DocumentLocation)?
        while true {
            let event: XMLEvent?
            do { event = try scan.next() } catch { throw AttachmentProblem.xml(error) }
            guard let event else { break }
            switch event {
            case .start(let tag):
                let location = scan.location(tag.line, tag.column)
                switch scan.depth {
                case 1:
                    guard tag.name == "Metadata" else { throw AttachmentProblem.read("the root element is <\(tag.name)>, not <Metadata>", tag.name, location) }
                case 2:
                    guard MetadataName.isValid(tag.name) else {
                        throw AttachmentProblem.read("'\(tag.name)' is not a valid metadata name (letters, digits, '_', not starting with a digit)",
                                                     tag.name, location)
                    }
                    guard names.insert(tag.name.lowercased()).inserted else {
                        throw AttachmentProblem.read("metadata name '\(tag.name)' appears twice (names are case-insensitive)", tag.name, location)
                    }
                    value = (tag.name, "", location)
                default:
                    throw AttachmentProblem.read("<\(tag.name)> is nested inside a metadata value", tag.name, location)
                }
            case .text(let text, let line, let column):
                if value != nil {
                    value?.text += text
                } else if !ManifestText.isWhitespace(text) {
                    throw AttachmentProblem.read("text outside a metadata element", "Metadata", scan.location(line, column))
                }
            case .end:
                guard let finished = value else { continue }
                value = nil
                guard MetadataName.isValidValue(finished.text) else {
                    throw AttachmentProblem.read("the value of '\(finished.name)' contains a control character", finished.name, finished.location)
                }
                pairs.append(BlobMetadata.Pair(name: finished.name, value: finished.text))
                let metadata = BlobMetadata(pairs: pairs)
                guard metadata.totalBytes <= MetadataName.maxTotalBytes else {
                    throw AttachmentProblem.read("names and values exceed \(MetadataName.maxTotalBytes) bytes", finished.name, finished.location)
                }
            }
        }
        return BlobMetadata(pairs: pairs)
    }
}

/// Building the `XmlReadFailed` problems of metadata and properties files.
enum AttachmentProblem {
    static func read(_ message: String, _ element: String, _ location: DocumentLocation) -> FileProblem {
        FileProblem(status: .xmlReadFailed, message: message, element: element, location: location)
    }

    static func xml(_ error: XMLError) -> FileProblem {
        let element = error.location.elementPath.split(separator: "/").last.map(String.init) ?? ""
        return FileProblem(status: .xmlReadFailed, message: error.message, element: element, location: error.location)
    }
}
