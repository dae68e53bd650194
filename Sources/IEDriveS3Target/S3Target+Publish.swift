import Crypto
import Foundation
public import IEDriveCore
import IEDriveS3
import NIOCore
import Synchronization

/// Publishing: the disposition resolved against what the bucket holds (and the batch's
/// earlier requests), then the blob stored whole under its key with its description — one
/// PUT for a blob held in memory, or the completed staging upload copied to its key inside
/// the store (no bytes travel again) and the staging object removed.
extension S3Target {
    /// How many objects a batch stores (and looks up) at once: the store's latency, not its
    /// bandwidth, bounds a batch of small blobs.
    static let publishWidth = 8

    /// Publishes in three steps: what the bucket holds at every requested path, looked up
    /// together; the dispositions, resolved in order (earlier requests of the batch count as
    /// existing); then the stores, together. A failure may leave any of the batch's blobs
    /// published, not only those before the failing one; publishing the batch again reports
    /// those as they were published (their objects name their staging id).
    public func publish(_ batch: [PublishRequest]) throws(TargetError) -> [PublishOutcome] {
        let found = try parallel(batch) { (request: PublishRequest) throws(TargetError) -> S3BlobDescription? in try self.head(request.path) }
        var claimed: Set<String> = []
        var plans: [Plan] = []
        plans.reserveCapacity(batch.count)
        for (request, existing) in zip(batch, found) {
            let plan = try plan(request, existing: existing, claimed: &claimed)
            plans.append(plan)
        }
        let outcomes = try parallel(plans) { (plan: Plan) throws(TargetError) -> PublishOutcome in try self.carry(plan) }
        return outcomes
    }

    /// What publishing one request comes to.
    enum Plan: Sendable {
        /// Nothing to store: published earlier, skipped, or no free name.
        case done(PublishOutcome, discard: StagedBlobID?)
        /// Store the staged blob at `final`.
        case store(PublishRequest, S3StagedBlob, final: BlobPath, status: DispositionStatus)
    }

    private func plan(_ request: PublishRequest, existing: S3BlobDescription?, claimed: inout Set<String>) throws(TargetError) -> Plan {
        if let existing, existing.stagedID == request.staged {
            // Published by an earlier attempt (a copy that stopped before its journal said so).
            claimed.insert(layout.key(for: request.path))
            return .done(PublishOutcome(requested: request.path, final: request.path, disposition: existing.disposition ?? .created),
                         discard: request.staged)
        }
        if existing != nil, request.disposition == .rename, let outcome = try publishedEarlier(request).outcome {
            claimed.insert(layout.key(for: outcome.final ?? request.path))
            return .done(outcome, discard: request.staged)
        }
        let taken = existing != nil || claimed.contains(layout.key(for: request.path))
        guard let blob = staging.withLock({ $0[request.staged] }) else {
            if request.disposition == .noOverwrite, taken {
                return .done(PublishOutcome(requested: request.path, final: nil, disposition: .skipped), discard: nil)
            }
            throw .io("publishing blob \(request.path) at \(displayName): nothing is staged under id '\(request.staged)' "
                      + "(never staged, or discarded)", errno: 2)
        }
        var final = request.path
        var status = DispositionStatus.created
        if taken {
            switch request.disposition {
            case .noOverwrite:
                return .done(PublishOutcome(requested: request.path, final: nil, disposition: .skipped), discard: request.staged)
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
                    return .done(PublishOutcome(requested: request.path, final: nil, disposition: .cancelled, failure: .renameFailed),
                                 discard: request.staged)
                }
                final = free
                status = .renamed
            }
        }
        claimed.insert(layout.key(for: final))
        return .store(request, blob, final: final, status: status)
    }

    private func carry(_ plan: Plan) throws(TargetError) -> PublishOutcome {
        switch plan {
        case .done(let outcome, let discard):
            if let discard { try? discardStaging(discard) }
            return outcome
        case .store(let request, let blob, let final, let status):
            let key = layout.key(for: final)
            do {
                if blob.isSingle {
                    let bytes = try blob.singleBytes()
                    let md5 = MD5Digest(bytes: Array(bytes.withUnsafeReadableBytes { Insecure.MD5.hash(data: $0) }))!
                    let description = describe(request, at: final, md5: md5, status: status)
                    try client.putObject(key, body: bytes, md5Base64: md5.base64,
                                         headers: description.headers(layout: layout))
                } else {
                    try blob.completeUpload()
                    let description = describe(request, at: final, md5: try blob.wholeMD5OrRead(), status: status)
                    try client.copy(from: blob.key, size: request.length, to: key, headers: description.headers(layout: layout),
                                    partLimit: copyPartLimit)
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
    }

    /// `body` over `items`, ``publishWidth`` at a time on the global queue, results in order;
    /// the first failure (by position) is thrown once all have ended.
    func parallel<Item: Sendable, Result: Sendable>(_ items: [Item],
                                                   _ body: @escaping @Sendable (Item) throws(TargetError) -> Result)
        throws(TargetError) -> [Result] {
        guard items.count > 1 else { return try items.map(body) }
        let results = Mutex<[Swift.Result<Result, TargetError>?]>(Array(repeating: nil, count: items.count))
        let slots = DispatchSemaphore(value: Self.publishWidth)
        let group = DispatchGroup()
        for (index, item) in items.enumerated() {
            slots.wait()
            group.enter()
            DispatchQueue.global().async {
                defer {
                    slots.signal()
                    group.leave()
                }
                let result = Swift.Result<Result, TargetError> { () throws(TargetError) -> Result in try body(item) }
                results.withLock { $0[index] = result }
            }
        }
        group.wait()
        return try results.withLock { $0 }.map { (result) throws(TargetError) -> Result in try result!.get() }
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
