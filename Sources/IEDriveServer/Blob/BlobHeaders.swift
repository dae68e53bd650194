import HTTPTypes
import Hummingbird
import IEDriveCore

/// Headers of the Blob endpoint's answers, and a blob's properties and metadata to and from
/// headers (`Content-Type`, `x-ms-blob-content-type`, `x-ms-meta-NAME`, …).
enum BlobHeaders {
    /// The version the endpoint answers as (what azure-storage-blob 12.31 sends).
    static let version = "2026-10-06"

    static func name(_ text: String) -> HTTPField.Name { HTTPField.Name(text)! }

    static func common(requestId: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[name("x-ms-request-id")] = requestId
        headers[name("x-ms-version")] = version
        headers[.date] = BlobDates.rfc1123Now()
        headers[.server] = "iedrive"
        return headers
    }

    /// A stored blob's properties as a GET or HEAD answers them (without Content-Length).
    static func properties(of info: StoredBlobInfo, into headers: inout HTTPFields) {
        let properties = info.properties
        headers[.lastModified] = properties.lastModified
        if let etag = properties.etag { headers[.eTag] = "\"\(etag)\"" }
        headers[.contentType] = properties.contentType ?? "application/octet-stream"
        if let md5 = properties.contentMD5 { headers[name("Content-MD5")] = md5.base64 }
        if let value = properties.contentEncoding { headers[.contentEncoding] = value }
        if let value = properties.contentLanguage { headers[.contentLanguage] = value }
        if let value = properties.cacheControl { headers[.cacheControl] = value }
        headers[name("x-ms-blob-type")] = info.type.rawValue
        headers[name("x-ms-creation-time")] = properties.lastModified
        headers[name("x-ms-lease-status")] = "unlocked"
        headers[name("x-ms-lease-state")] = "available"
        headers[name("x-ms-server-encrypted")] = "true"
        headers[name("x-ms-access-tier")] = "Hot"
        headers[name("x-ms-access-tier-inferred")] = "true"
        headers[.acceptRanges] = "bytes"
        for pair in info.metadata.pairs {
            headers[name("x-ms-meta-" + pair.name)] = pair.value
        }
    }

    /// Metadata from a request's `x-ms-meta-NAME` headers (names as sent, minus the prefix).
    static func metadata(from request: Request) throws(BlobServiceError) -> BlobMetadata {
        var pairs: [BlobMetadata.Pair] = []
        for field in request.headers where field.name.canonicalName.hasPrefix("x-ms-meta-") {
            let metadataName = String(field.name.rawName.dropFirst("x-ms-meta-".count))
            guard !metadataName.isEmpty else { throw .invalidInput("A metadata header has no name after x-ms-meta-.") }
            pairs.append(BlobMetadata.Pair(name: metadataName, value: field.value))
        }
        let metadata = BlobMetadata(pairs: pairs)
        guard metadata.totalBytes <= 8 * 1024 else {
            throw BlobServiceError(.badRequest, "MetadataTooLarge", "The metadata's names and values exceed 8 KiB.")
        }
        return metadata
    }

    /// Properties a write sets: `x-ms-blob-content-*` (Put Blob also takes the plain
    /// `Content-Type` … headers of its body when the `x-ms-` form is absent).
    static func properties(from request: Request, bodyHeadersToo: Bool) throws(BlobServiceError) -> BlobProperties {
        func value(_ suffix: String, plain: HTTPField.Name) -> String? {
            request.headers[name("x-ms-blob-" + suffix)] ?? (bodyHeadersToo ? request.headers[plain] : nil)
        }
        var properties = BlobProperties()
        properties.contentType = value("content-type", plain: .contentType)
        properties.contentEncoding = value("content-encoding", plain: .contentEncoding)
        properties.contentLanguage = value("content-language", plain: .contentLanguage)
        properties.cacheControl = value("cache-control", plain: .cacheControl)
        if let md5 = request.headers[name("x-ms-blob-content-md5")] {
            guard let digest = MD5Digest(base64: md5) else {
                throw .invalidInput("x-ms-blob-content-md5 is not the base64 of 16 bytes.")
            }
            properties.contentMD5 = digest
        }
        return properties
    }
}
