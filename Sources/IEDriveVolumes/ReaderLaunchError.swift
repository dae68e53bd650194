/// Why a reader process could not be started for a drive. These are the host's problems
/// (a missing executable, a device that cannot be opened), not the drive's.
public struct ReaderLaunchError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        case deviceOpen(errno: Int32)
        case executableMissing
        case spawn(errno: Int32)
        case pipes(errno: Int32)
        /// No thread could be started for the reader's pipes.
        case threads(errno: Int32)
    }

    public let reason: Reason
    public let path: String
    public let detail: String

    public var description: String { detail }
}
