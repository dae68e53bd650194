import ArgumentParser
import IEDriveCore
import IEDriveDevices

/// `iedrive probe PATH`: identify a drive and say whether an import job would accept it.
struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Identify a drive and tell whether an import job would accept it.",
        discussion: """
            Probes a block device (/dev/sdX, /dev/loopN, a partition node) or a drive image \
            file with libblkid: the partition table, the signatures on the whole device and \
            inside each partition (probed at its offset, so no partition nodes are needed), and \
            for a block device what udev knows (serial, model, vendor, bus, WWN, DISKSEQ, the \
            backing file of a loop device, mounts). The path is opened read-only; nothing is \
            ever written, and only the few sectors libblkid needs are read.

            Verdict: a drive is acceptable when its first data volume (the whole disk, or the \
            first data partition) is BitLocker; with --allow-unencrypted a plain NTFS volume is \
            accepted too. Otherwise the verdict names the failure state the service would show \
            ("BitLocker volume not found", "NTFS volume not found", "Unsupported disk") and why.

            --json prints one object (schema in README.md, "iedrive probe --json"): path, \
            source, size, sectorSize, partitionTable, partitions, volumes, device, verdict.

            Exit status:
              0  probed; the drive is acceptable
              3  probed; the drive is not acceptable (see the verdict)
              1  cannot be probed: no such path, permission denied, a directory, an empty \
            file or device, an I/O error (the message says what to do)
              2  usage error
            """
    )

    @Argument(help: ArgumentHelp("Block device or drive image file.", valueName: "path"))
    var path: String

    @Flag(help: "Also accept a plain (unencrypted) NTFS volume.")
    var allowUnencrypted = false

    @Flag(help: "Print one JSON object instead of the table.")
    var json = false

    func validate() throws {
        if path.isEmpty { throw ValidationError("The path is empty: give a block device or an image file.") }
    }

    func run() throws {
        let status = ProbeInvocation(path: path, allowUnencrypted: allowUnencrypted, json: json).run()
        if status != ExitStatus.success { throw ExitCode(status) }
    }
}
