import Crypto
import Foundation
public import IEDriveCore
import IEDriveS3
import NIOCore

/// Publishing: the disposition resolved against what the bucket holds (and the batch's
/// earlier requests), then the blob stored whole under its key with its description — one
/// PUT for a blob held in memory, or the completed staging upload copied to its key inside
/// the store (no bytes travel again) and the staging object removed.
extension S3Target {
    public func publish(_ batch: [PublishRequest]) throws(TargetError) -> [PublishOutcome] {
        var claimed: Set<String> = []
        var outcomes: [PublishOutcome] = []
        outcomes.reserveCapacity(batch.count)
        for request in batch {
            outcomes.append(try publish(request, claimed: &claimed))
        }
        return outcomes
    }

    private func publish(_ request: PublishRequest, claimed: inout Set<String>) throws(TargetError) -> PublishOutcome {
        let earlier = try publishedEarlier(request)
        if let outcome = earlier.outcome {
            // Published by an earlier attempt (a copy that stopped before its journal said so).
            try? discardStaging(request.staged)
            claimed.insert(layout.key(for: outcome.final ?? request.path))
            return outcome
        }
        guard let blob = staging.withLock({ $0[request.staged] }) else {
            if request.disposition == .noOverwrite, try exists(request.path) {
                return PublishOutcome(requested: request.path, final: nil, disposition: .skipped)
            }
            throw .io("publishing blob \(request.path) at \(displayName): nothing is staged under id '\(request.staged)' "
                      + "(never staged, or discarded)", errno: 2)
        }
        var final = request.path
        var status = DispositionStatus.created
        if try isTaken(request.path, claimed: claimed) {
            switch request.disposition {
            case .noOverwrite:
                try discardStaging(request.staged)
                return PublishOutcome(requested: request.path, final: nil, disposition: .skipped)
            case .overwrite:
                status = .overwritten
            case .rename:
                var free: BlobPath?
                for candidate in ImportDisposition.renameCandidates(for: request.path) {
                    if try !isTaken(candidate, claimed: claimed) {
                        free = candidate
                        break
                    }
                }
                guard let free else {
                    try discardStaging(request.staged)
                    return PublishOutcome(requested: request.path, final: nil, disposition: .cancelled, failure: .renameFailed)
                }
                final = free
                status = .renamed
            }
        }
        let key = layout.key(for: final)
        claimed.insert(key)
        do {
            if blob.isSingle {
                let bytes = try blob.singleBytes()
                let md5 = MD5Digest(bytes: Array(Insecure.MD5.hash(data: bytes)))!
                let description = describe(request, at: final, md5: md5, status: status)
                try client.putObject(key, body: ByteBuffer(bytes: bytes), md5Base64: md5.base64,
                                     headers: description.headers(layout: layout))
            } else {
                try blob.completeUpload()
                let description = describe(request, at: final, md5: blob.wholeMD5, status: status)
                try client.copyObject(from: blob.key, to: key, headers: description.headers(layout: layout))
                try client.deleteObject(blob.key)
            }
        } catch let error as S3Error {
            throw Self.refused(error, "publishing blob \(request.path)")
        } catch let error as TargetError {
            throw error
        } catch {
            throw .io("publishing blob \(request.path) at \(displayName): \(error)", errno: 5)
        }
        _ = staging.withLock { $0.removeValue(forKey: request.staged) }
        return PublishOutcome(requested: request.path, final: final, disposition: status)
    }

    private func describe(_ request: PublishRequest, at path: BlobPath, md5: MD5Digest?, status: DispositionStatus) -> S3BlobDescription {
        S3BlobDescription(path: path, type: request.type, length: request.length, md5: md5, properties: request.properties.importable,
                          metadata: request.metadata, stagedID: request.staged, disposition: status)
    }

    private func isTaken(_ path: BlobPath, claimed: Set<String>) throws(TargetError) -> Bool {
        claimed.contains(layout.key(for: path)) ? true : try exists(path)
    }

    /// The blob published from `request.staged`, if one is visible: its object names the
    /// staged id. The candidates are the requested path and, for `rename`, its rename
    /// candidates in order, up to the first that does not exist.
    func publishedEarlier(_ request: PublishRequest) throws(TargetError) -> (outcome: PublishOutcome?, allCandidatesExist: Bool) {
        var candidates = ImportDisposition.renameCandidates(for: request.path).makeIterator()
        var next: BlobPath? = request.path
        while let candidate = next {
            guard let description = try head(candidate) else { return (nil, false) }
            if description.stagedID == request.staged {
                return (PublishOutcome(requested: request.path, final: candidate, disposition: description.disposition ?? .created), true)
            }
            next = request.disposition == .rename ? candidates.next() : nil
        }
        return (nil, true)
    }
}
