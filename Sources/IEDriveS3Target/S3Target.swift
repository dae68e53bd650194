import Foundation
public import IEDriveCore
public import IEDriveS3
import NIOCore
import Synchronization

/// A storage target in an S3 bucket (Ceph RGW, MinIO, Amazon S3): blob `CONTAINER/NAME` is
/// the object `PREFIX/CONTAINER/NAME` (``S3BlobLayout``), its properties and metadata stored
/// with it (``S3BlobDescription``). Blobs are staged as ``S3StagedBlob``s: in memory up to one
/// part, else as a multipart upload under `PREFIX/.iedrive/staging/`; a blob becomes visible
/// only when published whole (one PUT, or the completed upload copied to its key inside the
/// store). Every call may block on the network; transient failures are retried by the
/// client's ``S3RetryPolicy``, and what stays refused is `TargetError.notAccessible`.
public final class S3Target: StorageTarget, @unchecked Sendable {
    public let settings: S3TargetSettings
    let client: S3Client
    var layout: S3BlobLayout { settings.layout }
    /// The blobs this process is staging, by id.
    let staging = Mutex<[StagedBlobID: S3StagedBlob]>([:])
    /// Copy prefixes claimed by copies running in this process.
    let claims = Mutex<Set<String>>([])
    /// Part uploads in flight, at most four: 32 MiB of parts (more does not help a store
    /// that is bound by its CPU or its link; fewer leaves the link idle between requests).
    let partUploads = S3PartUploads(limit: 4)

    /// The largest blob published by one server-side copy; larger ones are copied in parts
    /// of this size (S3's 5 GiB; tests lower it).
    let copyPartLimit: UInt64

    public init(settings: S3TargetSettings, retry: S3RetryPolicy = S3RetryPolicy(),
                copyPartLimit: UInt64 = S3Client.singleCopyLimit) {
        self.settings = settings
        self.copyPartLimit = copyPartLimit
        client = S3Client(endpoint: settings.endpoint, credentials: settings.credentials, retry: retry)
    }

    /// The part of this target under `PREFIX/NAME/` (a storage account), with the same
    /// endpoint and credentials.
    public func account(_ name: String) -> S3Target {
        var scoped = settings
        scoped.layout = S3BlobLayout(prefix: layout.prefix + name)
        return S3Target(settings: scoped, retry: client.retry, copyPartLimit: copyPartLimit)
    }

    /// `s3://BUCKET/PREFIX`: what logs, log URIs and messages show (the endpoint is in
    /// ``S3TargetSettings/description``).
    public var displayName: String {
        "s3://\(settings.endpoint.bucket)" + (layout.prefix.isEmpty ? "" : "/" + layout.prefix.dropLast())
    }

    /// The bucket answers to our key, and takes a write and a delete (a probe object under
    /// `.iedrive/`).
    public func checkAccess() throws(TargetError) {
        do {
            try client.checkBucket()
            let probe = layout.prefix + ".iedrive/probe-\(UInt64.random(in: 0...UInt64.max))"
            try client.putObject(probe, body: ByteBuffer(), md5Base64: Self.emptyMD5)
            try client.deleteObject(probe)
        } catch {
            throw Self.refused(error, "checking \(displayName)")
        }
    }

    // MARK: Staging

    public func stage(_ id: StagedBlobID, length: UInt64, expectsLargeWrites: Bool) -> any StagedBlob {
        staging.withLock { staging in
            // The same id again (a resumed copy in this process) keeps what it gathered, unless
            // it failed: then it starts afresh (the store's parts are adopted again).
            if let existing = staging[id], existing.length == length, !existing.hasFailed {
                existing.restartFilling()
                return existing
            }
            let blob = S3StagedBlob(id: id, length: length, key: layout.stagingKey(id), client: client, uploads: partUploads)
            staging[id] = blob
            return blob
        }
    }

    /// A piece is durable when every part it falls in is in the store (a part being uploaded
    /// is waited for); pieces of blobs kept
    /// in memory (one part at most) become durable only by their blob's publish.
    public func syncStaged(_ pieces: [StagedPiece]) throws(TargetError) -> [Bool] {
        let blobs = staging.withLock { $0 }
        return pieces.map { piece in blobs[piece.staged]?.isDurable(offset: piece.offset, length: piece.length) ?? false }
    }

    public func discardStaging(_ id: StagedBlobID) throws(TargetError) {
        let blob = staging.withLock { $0.removeValue(forKey: id) }
        blob?.abandon()
        let key = layout.stagingKey(id)
        do {
            for upload in try client.listMultipartUploads(prefix: key) where upload.key == key {
                try client.abortMultipartUpload(key, uploadID: upload.uploadID)
            }
            try client.deleteObject(key)
        } catch {
            throw error.targetError
        }
    }

    public func stagingState(of request: PublishRequest) throws(TargetError) -> StagingState {
        if let earlier = try publishedEarlier(request).outcome {
            // Killed after the copy to its key, before the staging object was deleted.
            try? client.deleteObject(layout.stagingKey(request.staged))
            return .published(earlier)
        }
        if staging.withLock({ $0[request.staged] != nil }) { return .staged }
        let key = layout.stagingKey(request.staged)
        do {
            return try client.listMultipartUploads(prefix: key).contains { $0.key == key } ? .staged : .absent
        } catch {
            throw error.targetError
        }
    }

    // MARK: Helpers

    /// The base64 MD5 of no bytes (probe and marker objects).
    static let emptyMD5 = "1B2M2Y8AsgTpgAmY7PhCfg=="

    /// A refusal in the words of the target: what was being done, and what the store said.
    static func refused(_ error: S3Error, _ doing: String) -> TargetError {
        var described = error
        described.operation = "\(doing): \(error.operation)"
        return described.targetError
    }

    /// HEAD of a blob's object, as its description; nil when there is none.
    func head(_ path: BlobPath) throws(TargetError) -> S3BlobDescription? {
        let key = layout.key(for: path)
        do {
            guard let info = try client.headObject(key) else { return nil }
            return S3BlobDescription(key: key, info: info, layout: layout)
        } catch {
            throw error.targetError
        }
    }
}
