import Foundation
public import IEDriveCore
import IEDriveS3

/// What copies leave in the bucket: multipart uploads begun and never completed, and
/// completed staging objects never copied to their key. A running copy claims its prefix;
/// claims are held by this process (two intake hosts writing one bucket must not copy the
/// same drive at once: the fleet's leases see to that).
extension S3Target {
    public func claimStaging(copyPrefix: String) throws(TargetError) -> any StagingClaim {
        let taken = claims.withLock { claims in !claims.insert(copyPrefix).inserted }
        if taken {
            throw .blobConflict("another copy of the same drive into \(displayName) is running in this process (staging \(copyPrefix))")
        }
        return S3StagingClaim(target: self, prefix: copyPrefix)
    }

    func release(_ prefix: String) {
        _ = claims.withLock { $0.remove(prefix) }
    }

    public func reclaimStaging(prefix: String, idleFor: Duration) throws(TargetError) -> StagingReclaim {
        let base = layout.stagingPrefix
        let claimed = claims.withLock { $0 }
        let cutoff = Date().addingTimeInterval(-Double(idleFor.components.seconds))
        func isClaimed(_ key: String) -> Bool {
            let id = key.dropFirst(base.count)
            return claimed.contains { id.hasPrefix($0 + "-") }
        }
        var reclaim = StagingReclaim()
        do {
            for upload in try client.listMultipartUploads(prefix: base + prefix) where !isClaimed(upload.key) {
                if let started = Self.date(upload.initiated), started > cutoff { continue }
                let parts = (try? client.listParts(upload.key, uploadID: upload.uploadID)) ?? nil
                try client.abortMultipartUpload(upload.key, uploadID: upload.uploadID)
                reclaim.entries += 1
                reclaim.bytes += (parts ?? []).reduce(0) { $0 + $1.size }
            }
            var token: String?
            repeat {
                let page = try client.listObjects(prefix: base + prefix, continuationToken: token)
                for object in page.objects where !isClaimed(object.key) {
                    try client.deleteObject(object.key)
                    reclaim.entries += 1
                    reclaim.bytes += object.size
                }
                token = page.continuationToken
            } while token != nil
        } catch {
            throw error.targetError
        }
        staging.withLock { staging in
            for id in staging.keys where id.rawValue.hasPrefix(prefix) && !isClaimed(base + id.rawValue) { staging[id] = nil }
        }
        return reclaim
    }

    /// An S3 `Initiated` time (ISO 8601, with or without fractions of a second).
    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}

/// A copy's claim on its staging prefix in this process.
final class S3StagingClaim: StagingClaim, @unchecked Sendable {
    private weak var target: S3Target?
    private let prefix: String
    private let released = NSLock()
    private var done = false

    init(target: S3Target, prefix: String) {
        self.target = target
        self.prefix = prefix
    }

    func release() {
        released.lock()
        defer { released.unlock() }
        guard !done else { return }
        done = true
        target?.release(prefix)
    }

    deinit { release() }
}
