public import IEDriveCore
import IEDriveSystem

/// What the reader process does to itself before any C parser sees the drive.
///
/// As root it becomes `user` (default `iedrive-reader` if that account exists, else
/// `nobody`): no supplementary groups, that user's group, and it checks that root cannot be
/// regained. Run as anyone else it keeps its ids. Either way: no new privileges on exec
/// (`PR_SET_NO_NEW_PRIVS`), no file writes (`RLIMIT_FSIZE` 0, SIGXFSZ ignored, so a write
/// fails with EFBIG instead of killing the process) and no core dumps (`RLIMIT_CORE` 0).
public enum ReaderSandbox {
    public struct Identity: Sendable, Hashable {
        public var uid: UInt32
        public var gid: UInt32
    }

    /// The account a root reader becomes when none is named.
    public static let preferredUser = "iedrive-reader"
    public static let fallbackUser = "nobody"

    public static func enter(user: String? = nil) throws(ReaderFailure) -> Identity {
        if SystemCall.geteuid() == 0 {
            try dropPrivileges(to: user ?? defaultUser())
        }
        do {
            try SystemCall.setNoNewPrivileges()
        } catch {
            throw ReaderFailure(.internalError, "Cannot set no_new_privs: \(error.errno).", errno: error.errno.rawValue)
        }
        try limit(.fileSize, "file size")
        try limit(.coreSize, "core size")
        try? SystemCall.ignore(.fileSizeLimitExceeded)
        return Identity(uid: SystemCall.getuid(), gid: SystemCall.getgid())
    }

    static func defaultUser() -> String {
        SystemCall.userAccount(named: preferredUser) != nil ? preferredUser : fallbackUser
    }

    private static func dropPrivileges(to user: String) throws(ReaderFailure) {
        guard let (uid, gid) = SystemCall.userAccount(named: user) else {
            throw ReaderFailure(.internalError, "There is no user '\(user)' to run the reader as.")
        }
        guard uid != 0 else {
            throw ReaderFailure(.internalError, "Refusing to run the reader as '\(user)', which is root.")
        }
        do {
            try SystemCall.dropSupplementaryGroups()
        } catch {
            throw failure("setgroups(0)", error)
        }
        do {
            try SystemCall.setgid(gid)
        } catch {
            throw failure("setgid(\(gid))", error)
        }
        do {
            try SystemCall.setuid(uid)
        } catch {
            throw failure("setuid(\(uid))", error)
        }
        // Verify: every id is the user's, no groups are left, and root cannot come back
        // (setuid(0)/setgid(0) would succeed if a real or saved id were still 0).
        let stuck = SystemCall.getuid() == uid && SystemCall.geteuid() == uid
            && SystemCall.getgid() == gid && SystemCall.getegid() == gid
            && (try? SystemCall.supplementaryGroupCount()) == 0
            && (try? SystemCall.setuid(0)) == nil && (try? SystemCall.setgid(0)) == nil
        guard stuck else {
            throw ReaderFailure(.internalError, "Dropping privileges to '\(user)' did not stick; refusing to go on.")
        }
    }

    private static func limit(_ limit: SystemCall.ResourceLimit, _ name: String) throws(ReaderFailure) {
        do {
            try SystemCall.limitToZero(limit)
        } catch {
            throw ReaderFailure(.internalError, "Cannot set the \(name) limit to 0: \(error.errno).", errno: error.errno.rawValue)
        }
    }

    private static func failure(_ call: String, _ error: SystemCallError) -> ReaderFailure {
        ReaderFailure(.internalError, "\(call) failed while dropping privileges: \(error.errno).", errno: error.errno.rawValue)
    }
}
