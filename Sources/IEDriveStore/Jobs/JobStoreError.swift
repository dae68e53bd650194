/// What the job store could not read back. Names the job, drive or event; never a key.
public enum JobStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stored recovery key does not open with the host key (another host key, or altered).
    case recoveryKeyUnreadable(jobName: String, driveId: String, hostKeyPath: String)
    /// A job's stored document does not decode (`reason`: the decoder's account).
    case documentUnreadable(jobName: String, reason: String)
    /// An event's stored payload does not decode.
    case eventUnreadable(id: Int64, jobName: String, reason: String)

    public var description: String {
        switch self {
        case .recoveryKeyUnreadable(let job, let drive, let hostKey):
            "the stored recovery key of drive \(drive) of job \(job) cannot be decrypted with the host key \(hostKey): " +
                "the database was written under another host key (restore that key file), or the row was altered"
        case .documentUnreadable(let job, let reason):
            "the stored document of job \(job) cannot be read: \(reason)"
        case .eventUnreadable(let id, let job, let reason):
            "stored event \(id) of job \(job) cannot be read: \(reason)"
        }
    }
}
