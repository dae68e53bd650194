internal import CBlkid

/// Owns one libblkid low-level probe over an area of an open descriptor. The descriptor stays
/// the caller's; libblkid only reads it (probing never writes, and `blkid_do_wipe` is not
/// exposed). No blkid pointer leaves this type.
struct BlkidProbe: ~Copyable {
    enum Outcome: Equatable {
        case found
        case nothing
        /// Several signatures in the same area; libblkid will not choose (safe probe).
        case ambivalent
        case failed
    }

    private let handle: OpaquePointer

    /// A probe over `size` bytes at `offset` of `fd` (`size` 0: to the end).
    init?(fd: Int32, offset: UInt64 = 0, size: UInt64 = 0) {
        guard let probe = blkid_new_probe() else { return nil }
        guard blkid_probe_set_device(probe, fd, blkid_loff_t(offset), blkid_loff_t(size)) == 0 else {
            blkid_free_probe(probe)
            return nil
        }
        handle = probe
    }

    deinit { blkid_free_probe(handle) }

    var size: UInt64 { UInt64(max(0, blkid_probe_get_size(handle))) }
    var sectorSize: Int { Int(blkid_probe_get_sectorsize(handle)) }

    /// Filesystem and crypto superblocks, with every value the issue asks for.
    func enableSuperblocks() {
        blkid_probe_enable_superblocks(handle, 1)
        let flags = BLKID_SUBLKS_LABEL | BLKID_SUBLKS_UUID | BLKID_SUBLKS_TYPE | BLKID_SUBLKS_SECTYPE
            | BLKID_SUBLKS_USAGE | BLKID_SUBLKS_VERSION | BLKID_SUBLKS_MAGIC | BLKID_SUBLKS_BADCSUM
        blkid_probe_set_superblocks_flags(handle, Int32(flags))
    }

    func enablePartitions() {
        blkid_probe_enable_partitions(handle, 1)
        blkid_probe_set_partitions_flags(handle, Int32(BLKID_PARTS_ENTRY_DETAILS | BLKID_PARTS_MAGIC))
    }

    /// `blkid_do_safeprobe`: one answer or none; never a guess.
    func safeProbe() -> Outcome {
        switch blkid_do_safeprobe(handle) {
        case 0: .found
        case 1: .nothing
        case -2: .ambivalent
        default: .failed
        }
    }

    /// `blkid_do_probe` until exhausted: every candidate signature, each as its value set.
    /// Used to name the signatures behind an ambivalent result.
    func everyCandidate(limit: Int = 16) -> [BlkidValues] {
        var candidates: [BlkidValues] = []
        while candidates.count < limit, blkid_do_probe(handle) == 0 {
            let values = self.values()
            if values.isEmpty { continue }
            candidates.append(values)
        }
        return candidates
    }

    /// The NAME=value results of the last probe, raw bytes as libblkid gives them.
    func values() -> BlkidValues {
        var values = BlkidValues()
        let count = blkid_probe_numof_values(handle)
        guard count > 0 else { return values }
        for index in 0..<count {
            var name: UnsafePointer<CChar>?
            var data: UnsafePointer<CChar>?
            var length = 0
            guard blkid_probe_get_value(handle, index, &name, &data, &length) == 0,
                  let name, let data else { continue }
            let bytes = UnsafeRawBufferPointer(start: data, count: length)
            values.set(String(cString: name), Array(bytes))
        }
        return values
    }

    /// Clears results so the next request (partition list) starts a new probing run.
    func reset() { blkid_reset_probe(handle) }

    /// The partition table, read through libblkid's binary interface; nil when there is none.
    func partitionTable() -> BlkidPartitionTable? {
        guard let list = blkid_probe_get_partitions(handle),
              let table = blkid_partlist_get_table(list) else { return nil }
        let type = blkid_parttable_get_type(table).map { String(cString: $0) } ?? "unknown"
        let id = blkid_parttable_get_id(table).map { String(cString: $0) }
        var entries: [BlkidPartitionTable.Entry] = []
        let count = blkid_partlist_numof_partitions(list)
        if count > 0 {
            for index in 0..<count {
                guard let partition = blkid_partlist_get_partition(list, index) else { continue }
                let typeString = blkid_partition_get_type_string(partition).map { String(cString: $0) }
                entries.append(.init(
                    number: Int(blkid_partition_get_partno(partition)),
                    startSector: UInt64(max(0, blkid_partition_get_start(partition))),
                    sectors: UInt64(max(0, blkid_partition_get_size(partition))),
                    type: typeString ?? "0x" + String(blkid_partition_get_type(partition), radix: 16),
                    name: blkid_partition_get_name(partition).map { String(cString: $0) },
                    uuid: blkid_partition_get_uuid(partition).map { String(cString: $0) },
                    isExtended: blkid_partition_is_extended(partition) != 0
                ))
            }
        }
        return BlkidPartitionTable(type: type, id: id, entries: entries)
    }
}

/// A partition table as libblkid's binary interface reports it (sectors are 512 bytes,
/// whatever the device's sector size: libblkid normalises them).
struct BlkidPartitionTable: Equatable {
    struct Entry: Equatable {
        var number: Int
        var startSector: UInt64
        var sectors: UInt64
        var type: String
        var name: String?
        var uuid: String?
        var isExtended: Bool
    }
    var type: String
    var id: String?
    var entries: [Entry]
}
