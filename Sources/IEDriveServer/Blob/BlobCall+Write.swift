import HTTPTypes
import Hummingbird
import IEDriveCore
import IEDriveManifest
import IEDriveStorageAccounts
import IEDriveSystem

/// Put Blob, Put Block, Put Block List, Set Blob Metadata and Properties, Delete Blob.
extension BlobCall {
    /// Put Blob: the body becomes the blob (block blobs only), its MD5 checked against
    /// `Content-MD5` when sent and stored as the blob's Content-MD5 (unless the client sets
    /// `x-ms-blob-content-md5`).
    func putBlob(_ request: Request, _ storage: BlobStorage, _ path: BlobPath) async throws -> Response {
        guard request.headers[BlobHeaders.name("x-ms-blob-type")] == "BlockBlob" else {
            throw BlobServiceError(.badRequest, "InvalidHeaderValue", "Only block blobs are written here (x-ms-blob-type: BlockBlob).")
        }
        try requireContainer(storage, path.container)
        let length = try Self.contentLength(request)
        guard length <= 5_000 << 20 else {
            throw BlobServiceError(.contentTooLarge, "RequestBodyTooLarge", "Put Blob takes at most 5,000 MiB; upload larger blobs in blocks.")
        }
        let staged = StagedBlobID("blob-endpoint-\(UInt64.random(in: 0...UInt64.max))")
        let blob = storage.target.stage(staged, length: length, expectsLargeWrites: false)
        let digest: [UInt8]
        do {
            try storage.run("staging blob \(path)") { () throws(TargetError) in try blob.createNow() }
            digest = try await Self.receive(request.body, into: blob, expected: length, path: path)
        } catch {
            try? storage.target.discardStaging(staged)
            throw error
        }
        if let sent = request.headers[BlobHeaders.name("Content-MD5")], MD5Digest(base64: sent)?.bytes != digest {
            try? storage.target.discardStaging(staged)
            throw BlobServiceError(.badRequest, "Md5Mismatch", "The MD5 value specified in the request did not match the MD5 value calculated by the server.")
        }
        var properties = try BlobHeaders.properties(from: request, bodyHeadersToo: true)
        if properties.contentMD5 == nil { properties.contentMD5 = MD5Digest(bytes: digest) }
        let metadata = try BlobHeaders.metadata(from: request)
        try publish(storage, staged, path, length: length, properties: properties, metadata: metadata)
        storage.blocks.discard(path.container, path.name)
        return try created(storage, path, contentMD5: digest)
    }

    /// Put Block: the body is kept as an uncommitted block; `Content-MD5`, when sent, must match.
    func putBlock(_ request: Request, _ storage: BlobStorage, _ path: BlobPath, blockId: String) async throws -> Response {
        try requireContainer(storage, path.container)
        let length = try Self.contentLength(request)
        guard length <= 4_000 << 20 else {
            throw BlobServiceError(.contentTooLarge, "RequestBodyTooLarge", "A block is at most 4,000 MiB.")
        }
        let file = try storage.blocks.begin(path.container, path.name, blockId: blockId)
        let digest: [UInt8]
        do {
            digest = try await Self.receive(request.body, into: file.fd, expected: length)
            SystemCall.close(file.fd)
        } catch {
            SystemCall.close(file.fd)
            try? SystemCall.unlink(file.temporary)
            throw error
        }
        if let sent = request.headers[BlobHeaders.name("Content-MD5")], MD5Digest(base64: sent)?.bytes != digest {
            try? SystemCall.unlink(file.temporary)
            throw BlobServiceError(.badRequest, "Md5Mismatch", "The MD5 value specified in the request did not match the MD5 value calculated by the server.")
        }
        try storage.blocks.finish(temporary: file.temporary, final: file.final)
        var headers: HTTPFields = [.contentLength: "0"]
        headers[BlobHeaders.name("Content-MD5")] = MD5Digest(bytes: digest)!.base64
        headers[BlobHeaders.name("x-ms-request-server-encrypted")] = "true"
        return Response(status: .created, headers: headers)
    }

    /// Put Block List: the listed uncommitted blocks, in order, become the blob.
    func putBlockList(_ request: Request, _ storage: BlobStorage, _ path: BlobPath) async throws -> Response {
        try requireContainer(storage, path.container)
        let body = try await request.body.collect(upTo: 8 << 20)
        let entries: [BlockListDocument.Entry]
        do {
            entries = try BlockListDocument.parse(Array(buffer: body))
        } catch {
            throw BlobServiceError(.badRequest, "InvalidXmlDocument", "The block list is not valid: \(error.description).")
        }
        var blocks: [(path: String, length: UInt64)] = []
        for entry in entries {
            guard entry.source != .committed, let block = storage.blocks.block(path.container, path.name, blockId: entry.id) else {
                throw BlobServiceError(.badRequest, "InvalidBlockList",
                                       "The specified block list is invalid: block \(entry.id) is not an uncommitted block of this blob.")
            }
            blocks.append(block)
        }
        let length = blocks.reduce(0) { $0 + $1.length }
        let staged = StagedBlobID("blob-endpoint-\(UInt64.random(in: 0...UInt64.max))")
        let blob = storage.target.stage(staged, length: length, expectsLargeWrites: false)
        do {
            try blob.createNow()
            var offset: UInt64 = 0
            for block in blocks {
                try Self.copy(block.path, into: blob, at: offset)
                offset += block.length
            }
        } catch {
            try? storage.target.discardStaging(staged)
            throw BlobServiceError(.internalServerError, "InternalError", "Assembling blob \(path) failed: \(error)")
        }
        let properties = try BlobHeaders.properties(from: request, bodyHeadersToo: false)
        let metadata = try BlobHeaders.metadata(from: request)
        try publish(storage, staged, path, length: length, properties: properties, metadata: metadata)
        storage.blocks.discard(path.container, path.name)
        return try created(storage, path, contentMD5: nil)
    }

    func setMetadata(_ request: Request, _ storage: BlobStorage, _ path: BlobPath) throws(BlobServiceError) -> Response {
        let current = try info(storage, path)
        let metadata = try BlobHeaders.metadata(from: request)
        return try describe(storage, path, properties: current.properties, metadata: metadata)
    }

    func setProperties(_ request: Request, _ storage: BlobStorage, _ path: BlobPath) throws(BlobServiceError) -> Response {
        let current = try info(storage, path)
        var properties = try BlobHeaders.properties(from: request, bodyHeadersToo: false)
        if properties.contentMD5 == nil { properties.contentMD5 = nil }   // Set Blob Properties replaces them all
        return try describe(storage, path, properties: properties, metadata: current.metadata)
    }

    func deleteBlob(_ storage: BlobStorage, _ path: BlobPath) throws(BlobServiceError) -> Response {
        try requireContainer(storage, path.container)
        let deleted = try storage.run("deleting blob \(path)") { () throws(TargetError) in try storage.target.delete(path) }
        guard deleted else { throw .blobNotFound(path.name) }
        storage.blocks.discard(path.container, path.name)
        var headers: HTTPFields = [.contentLength: "0"]
        headers[BlobHeaders.name("x-ms-delete-type-permanent")] = "true"
        return Response(status: .accepted, headers: headers)
    }

    // MARK: Helpers

    private func describe(_ storage: BlobStorage, _ path: BlobPath, properties: BlobProperties,
                          metadata: BlobMetadata) throws(BlobServiceError) -> Response {
        let changed = try storage.run("changing blob \(path)") { () throws(TargetError) in
            try storage.target.updateDescription(path, properties: properties, metadata: metadata)
        }
        guard changed else { throw .blobNotFound(path.name) }
        let info = try info(storage, path)
        var headers: HTTPFields = [.contentLength: "0"]
        if let etag = info.properties.etag { headers[.eTag] = "\"\(etag)\"" }
        headers[.lastModified] = info.properties.lastModified
        headers[BlobHeaders.name("x-ms-request-server-encrypted")] = "true"
        return Response(status: .ok, headers: headers)
    }

    private func requireContainer(_ storage: BlobStorage, _ container: String) throws(BlobServiceError) {
        let exists = try storage.run("reading container \(container)") { () throws(TargetError) in try storage.target.containerExists(container) }
        guard exists else { throw .containerNotFound(container) }
    }

    private func publish(_ storage: BlobStorage, _ staged: StagedBlobID, _ path: BlobPath, length: UInt64,
                         properties: BlobProperties, metadata: BlobMetadata) throws(BlobServiceError) {
        let request = PublishRequest(staged: staged, path: path, type: .block, length: length, disposition: .overwrite,
                                     properties: properties, metadata: metadata)
        // Publishing makes the staged bytes durable before the name appears.
        _ = try storage.run("publishing blob \(path)") { () throws(TargetError) in try storage.target.publish([request]) }
    }

    private func created(_ storage: BlobStorage, _ path: BlobPath, contentMD5: [UInt8]?) throws(BlobServiceError) -> Response {
        let info = try info(storage, path)
        var headers: HTTPFields = [.contentLength: "0"]
        if let etag = info.properties.etag { headers[.eTag] = "\"\(etag)\"" }
        headers[.lastModified] = info.properties.lastModified
        if let contentMD5 { headers[BlobHeaders.name("Content-MD5")] = MD5Digest(bytes: contentMD5)!.base64 }
        headers[BlobHeaders.name("x-ms-request-server-encrypted")] = "true"
        return Response(status: .created, headers: headers)
    }

    static func contentLength(_ request: Request) throws(BlobServiceError) -> UInt64 {
        guard let text = request.headers[.contentLength], let length = UInt64(text) else {
            throw BlobServiceError(.lengthRequired, "MissingContentLengthHeader", "Content-Length is required.")
        }
        return length
    }

    /// Writes the body into the staged blob from offset 0 as it arrives; returns its MD5.
    /// Refuses a body longer or shorter than `expected`.
    static func receive(_ body: RequestBody, into blob: any StagedBlob, expected: UInt64, path: BlobPath) async throws -> [UInt8] {
        try await receive(body, expected: expected) { bytes, offset in
            try Self.check(blob.writeNow(bytes, at: offset, md5: nil), path)
        }
    }

    /// The same into a file (an uncommitted block).
    static func receive(_ body: RequestBody, into fd: Int32, expected: UInt64) async throws -> [UInt8] {
        try await receive(body, expected: expected) { bytes, offset in
            try SystemCall.pwriteAll(fd, bytes, at: offset, subject: "block body")
        }
    }

    private static func receive(_ body: RequestBody, expected: UInt64,
                                write: (UnsafeRawBufferPointer, UInt64) throws -> Void) async throws -> [UInt8] {
        var md5 = StorageMD5()
        var offset: UInt64 = 0
        for try await buffer in body {
            guard offset + UInt64(buffer.readableBytes) <= expected else {
                throw BlobServiceError(.badRequest, "InvalidInput", "The body is longer than its Content-Length.")
            }
            try buffer.withUnsafeReadableBytes { bytes throws in
                md5.update(bytes)
                try write(bytes, offset)
            }
            offset += UInt64(buffer.readableBytes)
        }
        guard offset == expected else {
            throw BlobServiceError(.badRequest, "InvalidInput", "The body ended after \(offset) of \(expected) bytes.")
        }
        return md5.finalize()
    }

    /// A staged write that did not happen, as the 500 the client gets.
    static func check(_ written: StagedWriteResult, _ path: BlobPath) throws(BlobServiceError) {
        switch written {
        case .written: return
        case .failed(let errno):
            throw BlobServiceError(.internalServerError, "InternalError", "Writing blob \(path) failed (errno \(errno)).")
        case .notOpened(let error):
            throw BlobServiceError(.internalServerError, "InternalError", "Staging blob \(path) failed: \(error).")
        }
    }

    static func copy(_ path: String, into blob: any StagedBlob, at offset: UInt64) throws {
        let source = try SystemCall.open(path, [.readOnly])
        defer { SystemCall.close(source) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var position: UInt64 = 0
        while true {
            let count = try buffer.withUnsafeMutableBytes { raw in try SystemCall.pread(source, into: raw, at: position, subject: path) }
            if count == 0 { return }
            let written = buffer.withUnsafeBytes { raw in
                blob.writeNow(UnsafeRawBufferPointer(rebasing: raw.prefix(count)), at: offset + position, md5: nil)
            }
            if case .failed(let errno) = written { throw TargetError.io("assembling a blob from its blocks", errno: errno) }
            if case .notOpened(let error) = written { throw error }
            position += UInt64(count)
        }
    }
}
