import IEDriveCore

/// A blob's metadata and properties files: read once per file and drive (a blob list's shared
/// file is read for its first blob; the blobs asking meanwhile wait for that answer), checked
/// against the manifest's MD5, parsed, and logged with each blob that names them.
extension ReadPipeline {
    /// Metadata and properties files are small (8 KB of pairs at most).
    static let attachmentLimit: UInt64 = 1 << 20

    enum AttachmentEntry {
        /// The read is in flight; these blobs wait for it.
        case loading([(read: BlobRead, isMetadata: Bool)])
        case loaded(LoadedAttachment)
    }

    /// Reads (or takes from the cache) the blob's metadata and properties files; each blob
    /// stays unsettled until its files are in.
    func attachments(of read: BlobRead) async throws {
        for (reference, isMetadata) in [(read.blob.metadata, true), (read.blob.properties, false)] {
            guard let reference else { continue }
            if let problem = reference.problem {
                read.apply(LoadedAttachment(status: problem.status), reference, isMetadata: isMetadata)
                continue
            }
            guard let path = reference.path else {
                read.apply(LoadedAttachment(status: .fileNameInvalid), reference, isMetadata: isMetadata)
                continue
            }
            let key = Self.cacheKey(reference, isMetadata)
            switch attachmentCache[key] {
            case .loaded(let loaded):
                read.apply(loaded, reference, isMetadata: isMetadata)
            case .loading(var waiting):
                waiting.append((read, isMetadata))
                read.outstandingRequests += 1
                attachmentCache[key] = .loading(waiting)
            case nil:
                attachmentCache[key] = .loading([])
                try await sendAttachmentRead(reference, path: "/" + path.relativePOSIXPath, isMetadata: isMetadata, for: read)
            }
        }
    }

    /// The answer of an attachment read: applied to the blob that asked and to those waiting.
    func consumeAttachment(id: UInt32, _ reference: FileReference, isMetadata: Bool, for read: BlobRead) async throws {
        var bytes: [UInt8] = []
        let loaded: LoadedAttachment
        do {
            _ = try await volume.takeData(for: id) { bytes += $0 }
            loaded = parseAttachment(bytes, reference, isMetadata)
        } catch let failure as ReaderFailure {
            loaded = LoadedAttachment(status: try failure.attachmentStatus())
        }
        let key = Self.cacheKey(reference, isMetadata)
        let waiting: [(read: BlobRead, isMetadata: Bool)]
        if case .loading(let list) = attachmentCache[key] { waiting = list } else { waiting = [] }
        attachmentCache[key] = .loaded(loaded)
        for waiter in waiting {
            waiter.read.apply(loaded, reference, isMetadata: waiter.isMetadata)
            waiter.read.outstandingRequests -= 1
        }
        read.apply(loaded, reference, isMetadata: isMetadata)
    }

    private static func cacheKey(_ reference: FileReference, _ isMetadata: Bool) -> String {
        "\(isMetadata ? "m" : "p")|\(reference.text)|\(reference.md5)"
    }
}
