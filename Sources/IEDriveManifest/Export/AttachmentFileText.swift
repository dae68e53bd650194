public import IEDriveCore

/// The properties and metadata files the service writes beside each exported blob
/// (metadata-properties.md §1, §2, §6): UTF-8 XML with a declaration, two-space indentation,
/// LF line ends, elements in the spec's order. The bytes are what the manifest's `Hash` covers.
public enum AttachmentFileText {
    /// `<Properties>` with every property that has a value, in `BlobProperties.elementNames` order.
    public static func properties(_ properties: BlobProperties) -> [UInt8] {
        var lines: [(String, String)] = []
        if let value = properties.lastModified { lines.append(("Last-Modified", value)) }
        if let value = properties.etag { lines.append(("Etag", value)) }
        if let value = properties.contentLength { lines.append(("Content-Length", String(value))) }
        if let value = properties.contentType { lines.append(("Content-Type", value)) }
        if let value = properties.contentMD5 { lines.append(("Content-MD5", value.base64)) }
        if let value = properties.contentEncoding { lines.append(("Content-Encoding", value)) }
        if let value = properties.contentLanguage { lines.append(("Content-Language", value)) }
        if let value = properties.cacheControl { lines.append(("Cache-Control", value)) }
        return document("Properties", lines)
    }

    /// `<Metadata>` with one element per pair (the element is the metadata name, a C#
    /// identifier, so it needs no escaping); nil when there is none (no file is written).
    public static func metadata(_ metadata: BlobMetadata) -> [UInt8]? {
        guard !metadata.pairs.isEmpty else { return nil }
        return document("Metadata", metadata.pairs.map { ($0.name, $0.value) })
    }

    private static func document(_ root: String, _ elements: [(String, String)]) -> [UInt8] {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<\(root)>\n"
        for (name, value) in elements {
            text += "  <\(name)>\(XMLEscaping.text(value))</\(name)>\n"
        }
        text += "</\(root)>\n"
        return Array(text.utf8)
    }
}
