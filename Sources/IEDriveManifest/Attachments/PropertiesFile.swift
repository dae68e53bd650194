public import IEDriveCore

/// Reads a properties file (metadata-properties.md §2): root `Properties`, optional children
/// `Last-Modified`, `Etag`, `Content-Length`, `Content-Type`, `Content-MD5`,
/// `Content-Encoding`, `Content-Language`, `Cache-Control` (exact spelling).
///
/// `XmlReadFailed` (§4) for bad XML, another root, a child given twice, nested elements,
/// `Content-MD5` that is not base64 of 16 bytes, `Content-Length` that is not an integer, and —
/// only when `strict` — unknown elements, which are otherwise skipped silently (the spec's
/// lenient default). Values are trimmed of surrounding white space, as HTTP header values are.
/// Export-only elements are parsed; `BlobProperties.importable` drops them.
public enum PropertiesFile {
    public static func parse(_ bytes: some Collection<UInt8>, strict: Bool = false,
                             limits: XMLLimits = .metadataOrProperties) -> Result<BlobProperties, FileProblem> {
        do {
            return .success(try read(bytes, strict: strict, limits: limits))
        } catch {
            return .failure(error)
        }
    }

    private static func read(_ bytes: some Collection<UInt8>, strict: Bool, limits: XMLLimits) throws(FileProblem) -> BlobProperties {
        var scan: XMLDocumentScan
        do { scan = try XMLDocumentScan(bytes, limits: limits) } catch { throw AttachmentProblem.xml(error) }
        var properties = BlobProperties()
        var seen: Set<String> = []
        var value: (name: String, text: String, location: DocumentLocation)?
        var skipping = 0
        while true {
            let event: XMLEvent?
            do { event = try scan.next() } catch { throw AttachmentProblem.xml(error) }
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
                    guard tag.name == "Properties" else {
                        throw AttachmentProblem.read("the root element is <\(tag.name)>, not <Properties>", tag.name, location)
                    }
                case 2:
                    guard BlobProperties.elementNames.contains(tag.name) else {
                        if strict { throw AttachmentProblem.read("<\(tag.name)> is not a blob property", tag.name, location) }
                        skipping = 1
                        continue
                    }
                    guard seen.insert(tag.name).inserted else {
                        throw AttachmentProblem.read("<\(tag.name)> appears twice", tag.name, location)
                    }
                    value = (tag.name, "", location)
                default:
                    throw AttachmentProblem.read("<\(tag.name)> is nested inside a property", tag.name, location)
                }
            case .text(let text, let line, let column):
                if skipping > 0 { continue }
                if value != nil {
                    value?.text += text
                } else if !ManifestText.isWhitespace(text) {
                    throw AttachmentProblem.read("text outside a property element", "Properties", scan.location(line, column))
                }
            case .end:
                if skipping > 0 {
                    skipping -= 1
                    continue
                }
                guard let finished = value else { continue }
                value = nil
                try assign(finished.name, String(ManifestText.trimmed(finished.text)), to: &properties, at: finished.location)
            }
        }
        return properties
    }

    private static func assign(_ name: String, _ text: String, to properties: inout BlobProperties,
                               at location: DocumentLocation) throws(FileProblem) {
        switch name {
        case "Last-Modified": properties.lastModified = text
        case "Etag": properties.etag = text
        case "Content-Length":
            guard let length = ManifestText.uint64(text) else {
                throw AttachmentProblem.read("Content-Length '\(text)' is not a decimal integer", name, location)
            }
            properties.contentLength = length
        case "Content-Type": properties.contentType = text
        case "Content-MD5":
            guard let md5 = MD5Digest(base64: text) else {
                throw AttachmentProblem.read("Content-MD5 '\(text)' is not base64 of a 16-byte MD5 (not Base16 like manifest hashes)",
                                             name, location)
            }
            properties.contentMD5 = md5
        case "Content-Encoding": properties.contentEncoding = text
        case "Content-Language": properties.contentLanguage = text
        case "Cache-Control": properties.cacheControl = text
        default: preconditionFailure("unhandled property \(name)")
        }
    }
}
