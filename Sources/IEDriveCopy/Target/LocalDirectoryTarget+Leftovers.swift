public import IEDriveCore
import IEDriveSystem
import Synchronization

/// Leftover staging: a copy claims its staging by holding an `flock` on
/// `.iedrive/claims/<copy prefix>.lock` while it runs (the kernel drops it when the process
/// ends, however it ends); staging whose copy nobody claims belongs to a copy that will not
/// come back as it was, and is removed — its bytes, had the copy been resumed after all, would
/// be read again from the drive (the copy treats a missing staging file as not copied).
extension LocalDirectoryTarget {
    static let claimsDirectory = [".iedrive", "claims"]

    public func claimStaging(copyPrefix: String) throws(TargetError) -> any StagingClaim {
        let doing = "claiming the staging of copy \(copyPrefix)"
        let root = try openRoot()
        let claims = try makeDirectory(root, Self.claimsDirectory, doing: doing)
        let name = StagingName.entry(for: StagedBlobID(rawValue: copyPrefix)) + ".lock"
        let fd: Int32
        let locked: Bool
        do {
            fd = try SystemCall.openat(claims.raw, name, [.readWrite, .create, .noFollow], permissions: 0o600)
            locked = try SystemCall.tryLockExclusively(fd, subject: name)
        } catch {
            throw TargetError(error, doing: doing, at: displayName)
        }
        guard locked else {
            SystemCall.close(fd)
            throw TargetError.blobConflict("another copy of this drive into \(displayName) is running (it holds .iedrive/claims/\(name)); wait for it to end")
        }
        return LocalStagingClaim(fd: fd)
    }

    public func reclaimStaging(prefix: String, idleFor: Duration) throws(TargetError) -> StagingReclaim {
        let doing = "reclaiming leftover staging"
        let root = try openRoot()
        guard let staging = try directory(root, TargetLayout.stagingDirectory, create: false, doing: doing) else {
            return StagingReclaim()
        }
        let claims = try makeDirectory(root, Self.claimsDirectory, doing: doing)
        let entries: [String]
        do {
            entries = try SystemCall.directoryEntries(staging.raw, ".").map { String(decoding: $0, as: UTF8.self) }
        } catch {
            throw TargetError(error, doing: doing, at: displayName)
        }
        let escapedPrefix = prefix.isEmpty ? "" : StagingName.entry(for: StagedBlobID(rawValue: prefix))
        let now = SystemClock.realtimeNanoseconds()
        let idle = idleFor.components.seconds * 1_000_000_000 + idleFor.components.attoseconds / 1_000_000_000
        var reclaimed = StagingReclaim()
        var unclaimed: [String: Bool] = [:]
        for entry in entries.sorted() where entry.hasPrefix(escapedPrefix) {
            let copy = Self.copyPrefix(ofEntry: entry)
            let free: Bool
            if let known = unclaimed[copy] {
                free = known
            } else {
                free = try isUnclaimed(copy, in: claims)
                unclaimed[copy] = free
            }
            guard free else { continue }
            let status: FileStatus?
            do {
                status = try SystemCall.fstatatIfPresent(staging.raw, entry + "/" + TargetLayout.dataFile)
            } catch {
                throw TargetError(error, doing: doing, at: displayName)
            }
            if let status, now - status.modifiedNanoseconds < idle { continue }
            try removeStaged(entry, in: staging)
            reclaimed.entries += 1
            reclaimed.bytes += UInt64(max(0, status?.size ?? 0))
        }
        return reclaimed
    }

    /// The copy an entry belongs to: its staged id without the last `-<blob index>`.
    static func copyPrefix(ofEntry entry: String) -> String {
        guard let dash = entry.lastIndex(of: "-") else { return entry }
        return String(entry[..<dash])
    }

    /// Whether no running copy holds `copy`'s claim (taken and let go at once to find out).
    private func isUnclaimed(_ copy: String, in claims: borrowing Descriptor) throws(TargetError) -> Bool {
        let name = copy + ".lock"
        do {
            guard try SystemCall.fstatatIfPresent(claims.raw, name) != nil else { return true }
            let fd = try SystemCall.openat(claims.raw, name, [.readWrite, .noFollow])
            defer { SystemCall.close(fd) }
            guard try SystemCall.tryLockExclusively(fd, subject: name) else { return false }
            try SystemCall.unlinkat(claims.raw, name, missingIsFine: true)
            return true
        } catch {
            throw TargetError(error, doing: "checking the claim \(name)", at: displayName)
        }
    }
}

/// The descriptor whose lock is the claim; closed (lock released) once.
final class LocalStagingClaim: StagingClaim {
    private let fd: Mutex<Int32?>

    init(fd: Int32) {
        self.fd = Mutex(fd)
    }

    deinit { release() }

    func release() {
        if let fd = fd.withLock({ fd in defer { fd = nil }; return fd }) { SystemCall.close(fd) }
    }
}
