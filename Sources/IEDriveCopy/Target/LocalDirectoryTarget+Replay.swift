#if canImport(Glibc)
import Glibc
#endif
import IEDriveCore

extension LocalDirectoryTarget {
    /// Nothing is staged for this request: it may have been published by an earlier attempt
    /// of the same batch (a crash before `publish` returned). Such a blob's record names its
    /// staged id; the candidates are the requested path and its rename candidates, in order,
    /// up to the first that does not exist.
    func replayed(_ request: PublishRequest, root: borrowing Descriptor) throws(TargetError) -> PublishOutcome {
        let doing = "publishing blob \(request.path) again"
        var allExisted = true
        var candidates = ImportDisposition.renameCandidates(for: request.path).makeIterator()
        var next: BlobPath? = request.path
        while let candidate = next {
            guard let directory = try directory(root, TargetLayout.components(of: candidate), create: false, doing: doing) else {
                allExisted = false
                break
            }
            let record: BlobRecord?
            do {
                record = try readRecord(in: directory, doing: doing)
            } catch {
                throw TargetError(error, doing: doing, at: displayName)
            }
            if let record, record.staged == request.staged {
                return PublishOutcome(requested: request.path, final: candidate, disposition: record.disposition)
            }
            next = request.disposition == .rename ? candidates.next() : nil
        }
        if request.disposition == .noOverwrite, try blobExists(request.path, root: root) {
            return PublishOutcome(requested: request.path, final: nil, disposition: .skipped)
        }
        if request.disposition == .rename, allExisted {
            return PublishOutcome(requested: request.path, final: nil, disposition: .cancelled, failure: .renameFailed)
        }
        throw .io("\(doing) at \(displayName): nothing is staged under id '\(request.staged)' (never staged, or discarded)", errno: ENOENT)
    }
}
