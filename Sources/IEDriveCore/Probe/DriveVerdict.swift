/// Whether a probed drive is acceptable for an import job, and if not, the spec's failure
/// state and a one-line reason (shared/spec/drive-preparation.md §1 and §7 steps 3 and 6).
///
/// Rules, in order:
/// 1. A partition table that cannot be trusted → `Unsupported disk`.
/// 2. The *first data volume* is the one examined: the whole device when there is no
///    partition table, else the first partition that is not a container or system partition.
/// 3. Several signatures in that area at once (libblkid ambivalent) → `Unsupported disk`.
/// 4. BitLocker there → acceptable (To Go noted: its inner volume is usually FAT, which the
///    unlock step will reject as `NTFS volume not found`).
/// 5. Plain NTFS there → acceptable with `allowUnencrypted`, else `BitLocker volume not found`.
/// 6. Anything else → `BitLocker volume not found` (`NTFS volume not found` when unencrypted
///    volumes are allowed, since NTFS would then have done).
public struct DriveVerdict: Sendable, Hashable, Codable {
    public var acceptable: Bool
    /// The failure state when not acceptable.
    public var failure: DriveFailureState?
    /// One line a person can act on.
    public var reason: String
    /// The volume the verdict is about: its partition number (nil = whole device) and offset.
    public var partition: Int?
    public var volumeOffset: UInt64?

    public init(acceptable: Bool, failure: DriveFailureState?, reason: String,
                partition: Int? = nil, volumeOffset: UInt64? = nil) {
        self.acceptable = acceptable
        self.failure = failure
        self.reason = reason
        self.partition = partition
        self.volumeOffset = volumeOffset
    }

    public static func evaluate(_ report: ProbeReport, allowUnencrypted: Bool) -> DriveVerdict {
        if let damage = report.partitionTableDamage {
            return .failed(.unsupportedDisk, "damaged partition table: \(damage)")
        }
        let candidate: (partition: Int?, offset: UInt64, place: String)
        if report.partitionTable == nil {
            candidate = (nil, 0, "the whole disk")
        } else {
            guard let first = report.partitions.first(where: { PartitionRole(type: $0.type) == .data }) else {
                let what = report.partitions.isEmpty ? "no partitions" : "no data partition"
                return .failed(allowUnencrypted ? .ntfsVolumeNotFound : .bitLockerVolumeNotFound,
                               "\(report.partitionTable ?? "partition") table with \(what)")
            }
            candidate = (first.number, first.offset, "partition \(first.number)")
        }

        let found = report.volumes(inPartition: candidate.partition)
        let elsewhere = laterBitLocker(in: report, after: candidate.partition)
        let hint = elsewhere.map { "; partition \($0) holds BitLocker, but only the first data volume is processed" } ?? ""

        if found.contains(where: \.ambivalent) {
            let names = found.compactMap(\.type).joined(separator: ", ")
            return .failed(.unsupportedDisk,
                           "\(candidate.place) carries several signatures at once (\(names)); refusing to guess",
                           candidate)
        }
        guard let volume = found.first else {
            let what = report.partitionTable == nil && report.partitions.isEmpty
                ? "no partition table and no recognisable volume on the whole disk (blank or unformatted)"
                : "no recognisable volume in \(candidate.place)"
            return .failed(allowUnencrypted ? .ntfsVolumeNotFound : .bitLockerVolumeNotFound,
                           what + hint, candidate)
        }
        if volume.isBitLocker {
            var reason = "BitLocker volume on \(candidate.place)"
            if volume.isBitLockerToGo == true {
                reason += " (BitLocker To Go layout: its inner volume is usually FAT, not NTFS; unlocking will tell)"
            }
            return DriveVerdict(acceptable: true, failure: nil, reason: reason,
                                partition: candidate.partition, volumeOffset: candidate.offset)
        }
        let type = volume.type ?? "unknown"
        if volume.isNTFS {
            if allowUnencrypted {
                return DriveVerdict(acceptable: true, failure: nil,
                                    reason: "unencrypted NTFS volume on \(candidate.place) (allowed by --allow-unencrypted)",
                                    partition: candidate.partition, volumeOffset: candidate.offset)
            }
            return .failed(.bitLockerVolumeNotFound,
                           "\(candidate.place) holds plain NTFS, not BitLocker (allow it with --allow-unencrypted)" + hint,
                           candidate)
        }
        if allowUnencrypted {
            return .failed(.ntfsVolumeNotFound, "\(candidate.place) holds \(type), neither BitLocker nor NTFS" + hint,
                           candidate)
        }
        return .failed(.bitLockerVolumeNotFound, "\(candidate.place) holds \(type), not BitLocker" + hint, candidate)
    }

    private static func laterBitLocker(in report: ProbeReport, after partition: Int?) -> Int? {
        guard let partition else { return nil }
        return report.volumes.first { ($0.partition ?? 0) > partition && $0.isBitLocker }?.partition
    }

    private static func failed(_ state: DriveFailureState, _ reason: String,
                               _ at: (partition: Int?, offset: UInt64, place: String)? = nil) -> DriveVerdict {
        DriveVerdict(acceptable: false, failure: state, reason: reason,
                     partition: at?.partition, volumeOffset: at?.offset)
    }
}
