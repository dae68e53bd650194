internal import CUdev  // dev_t
public import IEDriveCore
import IEDriveSystem

/// Probes a block device or an image file with libblkid: the superblocks and partition table
/// of the whole device, then every partition at its offset (partition nodes may not exist:
/// this kernel parses no partition tables), plus udev facts for a block device.
///
/// Opens the path read-only and never writes; reads only what libblkid's probers ask for
/// (a few hundred KiB at most), whatever the size of the device.
public struct DeviceProber: Sendable {
    public init() {}

    public func probe(path: String) throws(ProbeError) -> ProbeReport {
        // Read-only, never a controlling terminal, never blocking on a FIFO. Write access is
        // not asked for on purpose: probing never writes.
        let fd: Int32
        do {
            fd = try SystemCall.open(path, [.readOnly, .noControllingTerminal, .nonBlocking])
        } catch {
            throw Self.openError(path: path, error.errno)
        }
        defer { SystemCall.close(fd) }

        let info: FileStatus
        do {
            info = try SystemCall.fstat(fd, subject: path)
        } catch {
            throw .ioError(path: path, operation: "reading its status", errno: error.errno)
        }
        let isBlock = info.kind == .blockDevice
        switch info.kind {
        case .blockDevice, .regularFile: break
        case .directory: throw .isDirectory(path: path)
        case .characterDevice: throw .notBlockDeviceOrFile(path: path, kind: "character device")
        case .fifo: throw .notBlockDeviceOrFile(path: path, kind: "FIFO")
        case .socket: throw .notBlockDeviceOrFile(path: path, kind: "socket")
        case .symbolicLink, .unknown: throw .notBlockDeviceOrFile(path: path, kind: "special file")
        }

        guard let whole = BlkidProbe(fd: fd) else {
            throw .probeFailed(path: path, detail: "cannot set up a probe on the descriptor")
        }
        let size = whole.size
        guard size > 0 else { throw .empty(path: path, isBlockDevice: isBlock) }
        try checkReadable(fd: fd, path: path)

        var report = ProbeReport(path: path, source: isBlock ? .blockDevice : .imageFile,
                                 size: size, sectorSize: whole.sectorSize)

        whole.enableSuperblocks()
        whole.enablePartitions()
        let outcome = whole.safeProbe()
        switch outcome {
        case .failed:
            throw .probeFailed(path: path, detail: "probing the whole device failed")
        case .ambivalent:
            report.volumes += candidates(fd: fd, offset: 0, size: 0, partition: nil)
        case .found:
            let values = whole.values()
            if values.string("TYPE") != nil {
                report.volumes.append(Self.signature(values, partition: nil, offset: 0))
            }
        case .nothing:
            break
        }

        whole.reset()
        if let table = whole.partitionTable() {
            report.partitionTable = table.type
            report.partitionTableUUID = table.id
            report.partitions = table.entries.map {
                PartitionEntry(number: $0.number, offset: $0.startSector * 512, size: $0.sectors * 512,
                               type: $0.type, label: $0.name, uuid: $0.uuid, isExtended: $0.isExtended)
            }
            report.partitionTableDamage = Self.damage(of: table, partitions: report.partitions, deviceSize: size)
            if report.partitionTableDamage == nil {
                for partition in report.partitions where !partition.isExtended {
                    report.volumes += probePartition(fd: fd, partition, path: path)
                }
            }
        }

        if isBlock {
            report.device = DeviceFactsReader.facts(devnum: dev_t(info.representedDevice), mounts: .current())
        }
        return report
    }

    // MARK: - Steps

    /// A first sector that cannot be read is an I/O error (exit 1), not "nothing found":
    /// libblkid would otherwise report an empty device.
    private func checkReadable(fd: Int32, path: String) throws(ProbeError) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 4096)
        defer { buffer.deallocate() }
        do {
            _ = try SystemCall.pread(fd, into: buffer, at: 0, subject: path)
        } catch where error.errno == .noMedium {
            throw .noMedium(path: path)
        } catch {
            throw .ioError(path: path, operation: "reading the first sector", errno: error.errno)
        }
    }

    private func probePartition(fd: Int32, _ partition: PartitionEntry, path: String) -> [VolumeSignature] {
        guard let probe = BlkidProbe(fd: fd, offset: partition.offset, size: partition.size) else { return [] }
        probe.enableSuperblocks()
        switch probe.safeProbe() {
        case .found:
            let values = probe.values()
            guard values.string("TYPE") != nil else { return [] }
            return [Self.signature(values, partition: partition.number, offset: partition.offset)]
        case .ambivalent:
            return candidates(fd: fd, offset: partition.offset, size: partition.size, partition: partition.number)
        case .nothing, .failed:
            return []
        }
    }

    /// Every signature libblkid sees in an area it called ambivalent, each flagged as such.
    private func candidates(fd: Int32, offset: UInt64, size: UInt64, partition: Int?) -> [VolumeSignature] {
        guard let probe = BlkidProbe(fd: fd, offset: offset, size: size) else { return [] }
        probe.enableSuperblocks()
        let found = probe.everyCandidate().filter { $0.string("TYPE") != nil }
        return found.map {
            var signature = Self.signature($0, partition: partition, offset: offset)
            signature.ambivalent = true
            return signature
        }
    }

    static func signature(_ values: BlkidValues, partition: Int?, offset: UInt64) -> VolumeSignature {
        VolumeSignature(
            partition: partition, offset: offset,
            type: values.string("TYPE"), usage: values.string("USAGE"),
            version: values.string("VERSION"), label: values.string("LABEL"),
            uuid: values.string("UUID"), secondaryType: values.string("SEC_TYPE"),
            blockSize: values.integer("BLOCK_SIZE"), magic: values.escaped("SBMAGIC"),
            magicOffset: values.integer("SBMAGIC_OFFSET"),
            badChecksum: values.string("SBBADCSUM") != nil
        )
    }

    /// Why a table cannot be trusted, or nil.
    static func damage(of table: BlkidPartitionTable, partitions: [PartitionEntry], deviceSize: UInt64) -> String? {
        if table.type == "dos", partitions.isEmpty {
            return "DOS partition table with no partitions (only the 0x55AA boot signature, as a truncated NTFS or FAT boot sector leaves)"
        }
        for partition in partitions where partition.offset >= deviceSize || partition.size > deviceSize - partition.offset {
            return "partition \(partition.number) (offset \(partition.offset), \(partition.size) bytes) runs past the end of the \(deviceSize)-byte device (truncated image?)"
        }
        return nil
    }

    static func openError(path: String, _ error: Errno) -> ProbeError {
        switch error {
        case .noSuchFileOrDirectory, .notDirectory, .noSuchAddressOrDevice, .operationNotSupportedByDevice: .notFound(path: path)
        case .permissionDenied, .notPermitted: .permissionDenied(path: path)
        case .noMedium: .noMedium(path: path)
        default: .ioError(path: path, operation: "opening it", errno: error)
        }
    }
}
