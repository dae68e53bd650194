#if canImport(Glibc)
import Glibc
#endif
public import IEDriveCore

/// Probes a block device or an image file with libblkid: the superblocks and partition table
/// of the whole device, then every partition at its offset (partition nodes may not exist:
/// this kernel parses no partition tables), plus udev facts for a block device.
///
/// Opens the path read-only and never writes; reads only what libblkid's probers ask for
/// (a few hundred KiB at most), whatever the size of the device.
public struct DeviceProber: Sendable {
    public init() {}

    public func probe(path: String) throws(ProbeError) -> ProbeReport {
        let fd: Int32
        switch Syscall.openReadOnly(path) {
        case .success(let descriptor): fd = descriptor
        case .failure(let error): throw Self.openError(path: path, error)
        }
        defer { Syscall.close(fd) }

        let info: stat
        switch Syscall.fstat(fd) {
        case .success(let value): info = value
        case .failure(let error): throw .ioError(path: path, operation: "reading its status", errno: error)
        }
        let isBlock = (info.st_mode & S_IFMT) == S_IFBLK
        switch info.st_mode & S_IFMT {
        case S_IFBLK, S_IFREG: break
        case S_IFDIR: throw .isDirectory(path: path)
        case S_IFCHR: throw .notBlockDeviceOrFile(path: path, kind: "character device")
        case S_IFIFO: throw .notBlockDeviceOrFile(path: path, kind: "FIFO")
        case S_IFSOCK: throw .notBlockDeviceOrFile(path: path, kind: "socket")
        default: throw .notBlockDeviceOrFile(path: path, kind: "special file")
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
            report.device = DeviceFactsReader.facts(devnum: info.st_rdev, mounts: .current())
        }
        return report
    }

    // MARK: - Steps

    /// A first sector that cannot be read is an I/O error (exit 1), not "nothing found":
    /// libblkid would otherwise report an empty device.
    private func checkReadable(fd: Int32, path: String) throws(ProbeError) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 4096)
        defer { buffer.deallocate() }
        if case .failure(let error) = Syscall.pread(fd, into: buffer, at: 0) {
            if error.code == ENOMEDIUM { throw .noMedium(path: path) }
            throw .ioError(path: path, operation: "reading the first sector", errno: error)
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
        switch error.code {
        case ENOENT, ENOTDIR, ENXIO, ENODEV: .notFound(path: path)
        case EACCES, EPERM: .permissionDenied(path: path)
        case ENOMEDIUM: .noMedium(path: path)
        default: .ioError(path: path, operation: "opening it", errno: error)
        }
    }
}
