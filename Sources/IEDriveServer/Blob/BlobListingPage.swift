import IEDriveCore

/// One page of List Blobs: blobs and, with a delimiter, the virtual folders (`BlobPrefix`) that
/// stand for every blob below them. The marker is the last name (or folder) of the page
/// before; a folder marker skips everything below it.
struct BlobListingPage {
    enum Item {
        case blob(StoredBlobInfo)
        case prefix(String)
    }

    var items: [Item] = []
    var nextMarker: String?

    static func collect(_ storage: BlobStorage, _ container: String, _ listing: BlobListing) throws(BlobServiceError) -> BlobListingPage {
        var page = BlobListingPage()
        var after = listing.marker
        var lastPrefix: String? = listing.marker.flatMap { marker in
            listing.delimiter.flatMap { marker.hasSuffix($0) ? marker : nil }
        }
        let batch = 1_000
        while true {
            let found = try storage.run("listing container \(container)") { () throws(TargetError) in
                try storage.target.list(container: container, prefix: listing.prefix, startAfter: after, limit: batch)
            }
            for info in found {
                let name = info.path.name
                if let lastPrefix, name.hasPrefix(lastPrefix) { continue }
                let item: Item
                if let delimiter = listing.delimiter, let folder = folder(of: name, prefix: listing.prefix, delimiter: delimiter) {
                    lastPrefix = folder
                    item = .prefix(folder)
                } else {
                    item = .blob(info)
                }
                if page.items.count == listing.maxResults {
                    page.nextMarker = marker(of: page.items[page.items.count - 1])
                    return page
                }
                page.items.append(item)
            }
            guard found.count == batch, let last = found.last else { return page }
            after = last.path.name
        }
    }

    /// The folder a name falls in: the prefix plus the name up to and including the first
    /// delimiter after the prefix; nil when there is none.
    static func folder(of name: String, prefix: String, delimiter: String) -> String? {
        let rest = name.dropFirst(prefix.count)
        guard let range = rest.range(of: delimiter) else { return nil }
        return prefix + rest[..<range.upperBound]
    }

    static func marker(of item: Item) -> String {
        switch item {
        case .blob(let info): info.path.name
        case .prefix(let folder): folder
        }
    }

    static func blobXML(_ info: StoredBlobInfo, includeMetadata: Bool) -> String {
        let properties = info.properties
        var xml = "<Blob><Name>\(BlobXML.escaped(info.path.name))</Name><Properties>"
        xml += BlobXML.element("Creation-Time", properties.lastModified) + BlobXML.element("Last-Modified", properties.lastModified)
        xml += BlobXML.element("Etag", properties.etag.map { "\"\($0)\"" }) + "<Content-Length>\(info.length)</Content-Length>"
        xml += BlobXML.element("Content-Type", properties.contentType ?? "application/octet-stream")
        xml += BlobXML.element("Content-Encoding", properties.contentEncoding) + BlobXML.element("Content-Language", properties.contentLanguage)
        xml += BlobXML.element("Content-MD5", properties.contentMD5?.base64) + BlobXML.element("Cache-Control", properties.cacheControl)
        xml += "<Content-Disposition /><BlobType>\(info.type.rawValue)</BlobType><AccessTier>Hot</AccessTier>"
        xml += "<AccessTierInferred>true</AccessTierInferred><LeaseStatus>unlocked</LeaseStatus><LeaseState>available</LeaseState>"
        xml += "<ServerEncrypted>true</ServerEncrypted></Properties>"
        if includeMetadata {
            xml += "<Metadata>"
            for pair in info.metadata.pairs where BlobMetadataName.isXMLName(pair.name) {
                xml += "<\(pair.name)>\(BlobXML.escaped(pair.value))</\(pair.name)>"
            }
            xml += "</Metadata>"
        }
        return xml + "</Blob>"
    }
}

/// Metadata names are C# identifiers in Azure (letters, digits, `_`, not starting with a digit),
/// which are XML names too; a name that is not (possible in an imported metadata file) is left
/// out of XML listings rather than breaking them.
enum BlobMetadataName {
    static func isXMLName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0 == "-" || $0 == "." || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }
}
