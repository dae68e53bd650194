internal import CReaderSupport
import Synchronization

/// Routes libntfs-3g's messages (warnings and errors only) to stderr, once per process.
enum NTFSLog {
    private static let installed = Mutex(false)

    static func install() {
        installed.withLock { done in
            guard !done else { return }
            iedrive_ntfs_log_to_stderr()
            done = true
        }
    }
}
