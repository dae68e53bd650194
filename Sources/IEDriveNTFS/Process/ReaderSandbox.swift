internal import CReaderSupport
public import IEDriveCore
#if canImport(Glibc)
import Glibc
#endif

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
        if geteuid() == 0 {
            try dropPrivileges(to: user ?? defaultUser())
        }
        if let error = nonZero(iedrive_set_no_new_privs()) {
            throw ReaderFailure(.internalError, "Cannot set no_new_privs: \(Errno(error)).", errno: error)
        }
        try limit(RLIMIT_FSIZE, "file size")
        try limit(RLIMIT_CORE, "core size")
        signal(SIGXFSZ, SIG_IGN)
        return Identity(uid: getuid(), gid: getgid())
    }

    static func defaultUser() -> String {
        getpwnam(preferredUser) != nil ? preferredUser : fallbackUser
    }

    private static func dropPrivileges(to user: String) throws(ReaderFailure) {
        guard let account = getpwnam(user) else {
            throw ReaderFailure(.internalError, "There is no user '\(user)' to run the reader as.")
        }
        let uid = account.pointee.pw_uid
        let gid = account.pointee.pw_gid
        guard uid != 0 else {
            throw ReaderFailure(.internalError, "Refusing to run the reader as '\(user)', which is root.")
        }
        guard setgroups(0, nil) == 0 else { throw failure("setgroups(0)") }
        guard setgid(gid) == 0 else { throw failure("setgid(\(gid))") }
        guard setuid(uid) == 0 else { throw failure("setuid(\(uid))") }
        // Verify: every id is the user's, no groups are left, and root cannot come back
        // (setuid(0)/setgid(0) would succeed if a real or saved id were still 0).
        let stuck = getuid() == uid && geteuid() == uid && getgid() == gid && getegid() == gid
            && getgroups(0, nil) == 0 && setuid(0) != 0 && setgid(0) != 0
        guard stuck else {
            throw ReaderFailure(.internalError, "Dropping privileges to '\(user)' did not stick; refusing to go on.")
        }
    }

    private static func limit(_ resource: __rlimit_resource, _ name: String) throws(ReaderFailure) {
        var zero = rlimit(rlim_cur: 0, rlim_max: 0)
        guard setrlimit(__rlimit_resource_t(resource.rawValue), &zero) == 0 else {
            let error = errno
            throw ReaderFailure(.internalError, "Cannot set the \(name) limit to 0: \(Errno(error)).", errno: error)
        }
    }

    private static func failure(_ call: String) -> ReaderFailure {
        let error = errno
        return ReaderFailure(.internalError, "\(call) failed while dropping privileges: \(Errno(error)).", errno: error)
    }

    private static func nonZero(_ code: Int32) -> Int32? { code == 0 ? nil : code }
}
