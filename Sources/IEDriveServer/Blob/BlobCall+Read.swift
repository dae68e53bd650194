import HTTPTypes
import Hummingbird
import IEDriveCore
import IEDriveStorageAccounts
import IEDriveSystem

/// Get Blob Properties, Get Blob (whole or a range), Get Blob Metadata, Get Block List.
extension BlobCall {
    func info(_ storage: BlobStorage, _ path: BlobPath) throws(BlobServiceError) -> StoredBlobInfo {
        let exists = try storage.run("reading container \(path.container)") { () throws(TargetError) in
            try storage.target.containerExists(path.container)
        }
        guard exists else { throw .containerNotFound(path.container) }
        guard let info = try storage.run("reading blob \(path)", { () throws(TargetError) in try storage.target.info(path) }) else {
            throw .blobNotFound(path.name)
        }
        return info
    }

    func blobProperties(_ storage: BlobStorage, _ path: BlobPath) throws(BlobServiceError) -> Response {
        let info = try info(storage, path)
        var headers = HTTPFields()
        BlobHeaders.properties(of: info, into: &headers)
        headers[.contentLength] = "\(info.length)"
        return Response(status: .ok, headers: headers)
    }

    func blobMetadata(_ storage: BlobStorage, _ path: BlobPath) throws(BlobServiceError) -> Response {
        let info = try info(storage, path)
        var headers: HTTPFields = [.contentLength: "0"]
        if let etag = info.properties.etag { headers[.eTag] = "\"\(etag)\"" }
        headers[.lastModified] = info.properties.lastModified
        for pair in info.metadata.pairs { headers[BlobHeaders.name("x-ms-meta-" + pair.name)] = pair.value }
        return Response(status: .ok, headers: headers)
    }

    func download(_ request: Request, _ storage: BlobStorage, _ path: BlobPath, grant: StorageAuthorizer.Grant) throws(BlobServiceError) -> Response {
        let info = try info(storage, path)
        var headers = HTTPFields()
        BlobHeaders.properties(of: info, into: &headers)
        if case .sas(let overrides) = grant {
            if let value = overrides.contentType { headers[.contentType] = value }
            if let value = overrides.contentEncoding { headers[.contentEncoding] = value }
            if let value = overrides.contentLanguage { headers[.contentLanguage] = value }
            if let value = overrides.cacheControl { headers[.cacheControl] = value }
            if let value = overrides.contentDisposition { headers[.contentDisposition] = value }
        }
        var start: UInt64 = 0, end = info.length   // [start, end)
        var status = HTTPResponse.Status.ok
        if let text = request.headers[BlobHeaders.name("x-ms-range")] ?? request.headers[.range] {
            guard let range = Self.byteRange(text) else {
                throw BlobServiceError(.badRequest, "InvalidHeaderValue", "The range '\(text)' is not bytes=START-[END].")
            }
            guard range.start < info.length else {
                var error = BlobServiceError(.rangeNotSatisfiable, "InvalidRange", "The range specified is invalid for the current size of the resource.")
                error.authenticationDetail = nil
                throw error
            }
            start = range.start
            end = min(info.length, range.end.map { $0 + 1 } ?? info.length)
            status = .partialContent
            headers[.contentRange] = "bytes \(start)-\(end - 1)/\(info.length)"
            if let md5 = info.properties.contentMD5 {
                headers[BlobHeaders.name("x-ms-blob-content-md5")] = md5.base64
                headers[BlobHeaders.name("Content-MD5")] = nil
            }
            if request.headers[BlobHeaders.name("x-ms-range-get-content-md5")] == "true" {
                guard end - start <= 4 << 20 else {
                    throw BlobServiceError(.badRequest, "OutOfRangeInput", "x-ms-range-get-content-md5 needs a range of at most 4 MiB.")
                }
                headers[BlobHeaders.name("Content-MD5")] = try Self.rangeMD5(storage, path, start: start, end: end)
            }
        }
        headers[.contentLength] = "\(end - start)"
        let target = storage.target
        let first = start, last = end
        return Response(status: status, headers: headers, body: ResponseBody(contentLength: Int(end - start)) { writer in
            var offset = first
            while offset < last {
                let bytes = try target.read(path, range: offset..<min(last, offset + (1 << 20)))
                guard !bytes.isEmpty else { break }
                try await writer.write(ByteBuffer(bytes: bytes))
                offset += UInt64(bytes.count)
            }
            try await writer.finish(nil)
        })
    }

    func getBlockList(_ storage: BlobStorage, _ path: BlobPath) throws(BlobServiceError) -> Response {
        let exists = try storage.run("reading container \(path.container)") { () throws(TargetError) in
            try storage.target.containerExists(path.container)
        }
        guard exists else { throw .containerNotFound(path.container) }
        var xml = BlobXML.declaration + "<BlockList><CommittedBlocks />"
        let uncommitted = storage.blocks.list(path.container, path.name).sorted { $0.id < $1.id }
        xml += uncommitted.isEmpty ? "<UncommittedBlocks />" : "<UncommittedBlocks>" + uncommitted.map {
            "<Block><Name>\(BlobXML.escaped($0.id))</Name><Size>\($0.length)</Size></Block>"
        }.joined() + "</UncommittedBlocks>"
        return Self.xmlResponse(xml + "</BlockList>")
    }

    /// `bytes=START-END` (inclusive) or `bytes=START-`.
    static func byteRange(_ text: String) -> (start: UInt64, end: UInt64?)? {
        guard text.hasPrefix("bytes=") else { return nil }
        let parts = text.dropFirst(6).split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let start = UInt64(parts[0]) else { return nil }
        if parts[1].isEmpty { return (start, nil) }
        guard let end = UInt64(parts[1]), end >= start else { return nil }
        return (start, end)
    }

    static func rangeMD5(_ storage: BlobStorage, _ path: BlobPath, start: UInt64, end: UInt64) throws(BlobServiceError) -> String {
        let bytes = try storage.run("reading blob \(path)") { () throws(TargetError) in
            try storage.target.read(path, range: start..<end)
        }
        var md5 = StorageMD5()
        md5.update(bytes)
        return MD5Digest(bytes: md5.finalize())!.base64
    }
}
