import ArgumentParser

/// The `iedrive` command: a datacenter drive-processing simulator for Azure Import/Export.
struct IEDrive: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iedrive",
        abstract: "Process Azure Import/Export drives on a Linux intake host.",
        discussion: """
            iedrive notices drives as they are attached, probes them, unlocks their BitLocker \
            volume with the job's recovery key, validates the drive manifest and copies the \
            data into a storage target, publishing job and drive states as the service does.

            Exit status: 0 success; 1 the operation failed (the message says why and what to \
            do); 2 usage error. Subcommands document further codes.
            """,
        version: IEDriveVersion.current,
        subcommands: [ProbeCommand.self, VerifyCommand.self, ImportCommand.self, ExportCommand.self, ListCommand.self, ValidateBlobListCommand.self,
                      ReclaimStagingCommand.self, BitLockerEncryptCommand.self,
                      DaemonCommand.self, JobsCommand.self, DrivesCommand.self, KeysCommand.self, SimCommand.self,
                      WatchCommand.self, StorageCommand.self]
    )
}

enum IEDriveVersion {
    static let current = "0.1.0"
}
