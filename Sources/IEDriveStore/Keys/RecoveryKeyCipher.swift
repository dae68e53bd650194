import Crypto
public import IEDriveCore

/// Seals a drive's BitLocker key with the host key (AES-256-GCM) for storage, bound to its job
/// and drive: the job name (case-folded, as job names compare) and the drive ID are the
/// authenticated data, so a sealed key copied to another drive's row does not open.
///
/// Sealed layout: one format byte (1), then nonce (12 bytes), ciphertext, tag (16 bytes).
public struct RecoveryKeyCipher: Sendable {
    private static let format: UInt8 = 1
    private let key: SymmetricKey

    public init(hostKey: HostKey) {
        key = hostKey.key
    }

    public func seal(_ recoveryKey: BitLockerKey, jobName: String, driveId: String) throws -> [UInt8] {
        let box = try AES.GCM.seal(Array(recoveryKey.revealed.utf8), using: key,
                                   authenticating: Self.authenticatedData(jobName: jobName, driveId: driveId))
        guard let combined = box.combined else { throw RecoveryKeyCipherError.cannotSeal(jobName: jobName, driveId: driveId) }
        return [Self.format] + Array(combined)
    }

    /// Throws `RecoveryKeyCipherError.cannotOpen` when the bytes were sealed under another host
    /// key, for another job or drive, or were altered.
    public func open(_ sealed: [UInt8], jobName: String, driveId: String) throws -> BitLockerKey {
        do {
            guard sealed.first == Self.format else { throw RecoveryKeyCipherError.cannotOpen(jobName: jobName, driveId: driveId) }
            let box = try AES.GCM.SealedBox(combined: sealed.dropFirst())
            let plain = try AES.GCM.open(box, using: key,
                                         authenticating: Self.authenticatedData(jobName: jobName, driveId: driveId))
            return BitLockerKey(String(decoding: plain, as: UTF8.self))
        } catch {
            throw RecoveryKeyCipherError.cannotOpen(jobName: jobName, driveId: driveId)
        }
    }

    /// A label, then the folded job name and the drive ID, each with its length first (so no
    /// two pairs give the same bytes).
    private static func authenticatedData(jobName: String, driveId: String) -> [UInt8] {
        var bytes = Array("iedrive recovery key v1".utf8)
        for part in [Array(jobName.lowercased().utf8), Array(driveId.utf8)] {
            let count = UInt32(part.count)
            bytes += [UInt8(count >> 24 & 0xFF), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)]
            bytes += part
        }
        return bytes
    }
}

/// A recovery key that could not be sealed or opened; names the job and drive, never the key.
public enum RecoveryKeyCipherError: Error, Sendable, Hashable, CustomStringConvertible {
    case cannotSeal(jobName: String, driveId: String)
    case cannotOpen(jobName: String, driveId: String)

    public var description: String {
        switch self {
        case .cannotSeal(let job, let drive): "cannot seal the recovery key of drive \(drive) of job \(job)"
        case .cannotOpen(let job, let drive):
            "the stored recovery key of drive \(drive) of job \(job) does not open with this host key " +
                "(another host key, or the stored bytes were altered)"
        }
    }
}
