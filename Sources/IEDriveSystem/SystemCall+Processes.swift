import Glibc
import CSystemSupport

extension SystemCall {
    // MARK: Children

    /// Starts `executable` (`posix_spawn(3)` through CSystemSupport's helper) with exactly the
    /// descriptors `descriptors`: the child's descriptor `i` is a copy of `descriptors[i]`
    /// (-1: `/dev/null`), and every descriptor from `descriptors.count` on is closed. At most
    /// 16. The child's pid.
    public static func spawn(_ executable: String, arguments: [String], environment: [String],
                             descriptors: [Int32]) throws(SystemCallError) -> Int32 {
        var pid: pid_t = 0
        try funnel("posix_spawn", executable, retryOnInterrupt: false) {
            withCStrings(arguments) { argv in
                withCStrings(environment) { envp in
                    returned(iedrive_spawn(&pid, executable, argv, envp, descriptors, Int32(descriptors.count)))
                }
            }
        }
        return pid
    }

    /// `posix_spawn_file_actions_addclosefrom_np` (through CSystemSupport; glibc 2.34), for a
    /// caller that builds its own file actions: the child closes every descriptor from `lowest`
    /// on. `actions` points at the caller's `posix_spawn_file_actions_t` (a raw pointer keeps
    /// Glibc's types out of this module's interface).
    public static func addCloseFrom(_ actions: UnsafeMutableRawPointer, lowest: Int32) throws(SystemCallError) {
        try funnel("posix_spawn_file_actions_addclosefrom_np", "descriptors from \(lowest)", retryOnInterrupt: false) {
            returned(iedrive_spawn_file_actions_addclosefrom(actions.assumingMemoryBound(to: posix_spawn_file_actions_t.self), lowest))
        }
    }

    /// `kill(2)`.
    public static func kill(_ pid: Int32, _ signal: Signal) throws(SystemCallError) {
        _ = try funnel("kill", "process \(pid)", retryOnInterrupt: false) { checked(Glibc.kill(pid, signal.rawValue)) }
    }

    /// `waitpid(2)`, blocking until the child `pid` ends.
    public static func waitpid(_ pid: Int32) throws(SystemCallError) -> WaitStatus {
        var status: Int32 = 0
        _ = try funnel("waitpid", "process \(pid)", retryOnInterrupt: true) { checked(Glibc.waitpid(pid, &status, 0)) }
        return WaitStatus(rawValue: status)
    }

    /// `wait4(pid, 0)`: blocks until the child `pid` ends; its status and what it used.
    public static func waitpidWithUsage(_ pid: Int32) throws(SystemCallError) -> (status: WaitStatus, usage: ResourceUsage) {
        var status: Int32 = 0
        var usage = rusage()
        _ = try funnel("wait4", "process \(pid)", retryOnInterrupt: true) { checked(Glibc.wait4(pid, &status, 0, &usage)) }
        return (WaitStatus(rawValue: status), ResourceUsage(usage))
    }

    /// `wait4(pid, WNOHANG)`: the child's status and what it used, once it has ended; nil while
    /// it runs.
    public static func wait4IfEnded(_ pid: Int32) throws(SystemCallError) -> (status: WaitStatus, usage: ResourceUsage)? {
        var status: Int32 = 0
        var usage = rusage()
        let reaped = try funnel("wait4", "process \(pid)", retryOnInterrupt: true) {
            checked(Glibc.wait4(pid, &status, WNOHANG, &usage))
        }
        return reaped == 0 ? nil : (WaitStatus(rawValue: status), ResourceUsage(usage))
    }

    /// `getrusage(RUSAGE_SELF)`: what this process has used so far.
    public static func resourceUsage() throws(SystemCallError) -> ResourceUsage {
        var usage = rusage()
        _ = try funnel("getrusage", "this process", retryOnInterrupt: false) {
            checked(Glibc.getrusage(RUSAGE_SELF.rawValue, &usage))
        }
        return ResourceUsage(usage)
    }

    // MARK: Identity (these cannot fail)

    /// `getpid(2)`.
    public static func getpid() -> Int32 { Glibc.getpid() }
    /// `getuid(2)`.
    public static func getuid() -> UInt32 { Glibc.getuid() }
    /// `geteuid(2)`.
    public static func geteuid() -> UInt32 { Glibc.geteuid() }
    /// `getgid(2)`.
    public static func getgid() -> UInt32 { Glibc.getgid() }
    /// `getegid(2)`.
    public static func getegid() -> UInt32 { Glibc.getegid() }

    /// `getgroups(0, NULL)`: how many supplementary groups this process has.
    public static func supplementaryGroupCount() throws(SystemCallError) -> Int {
        Int(try funnel("getgroups", "", retryOnInterrupt: false) { checked(Glibc.getgroups(0, nil)) })
    }

    /// A user account from the password database (`getpwnam(3)`, not a system call: NSS may
    /// read files or ask a daemon). nil when there is no such user.
    public static func userAccount(named name: String) -> (uid: UInt32, gid: UInt32)? {
        guard let account = Glibc.getpwnam(name) else { return nil }
        return (account.pointee.pw_uid, account.pointee.pw_gid)
    }

    /// The value of environment variable `name` (`getenv(3)`, not a system call).
    public static func environmentValue(_ name: String) -> String? {
        Glibc.getenv(name).map { String(cString: $0) }
    }

    // MARK: Privileges and limits

    /// `setgroups(0, NULL)`: no supplementary groups.
    public static func dropSupplementaryGroups() throws(SystemCallError) {
        _ = try funnel("setgroups", "no groups", retryOnInterrupt: false) { checked(Glibc.setgroups(0, nil)) }
    }

    /// `setgid(2)`.
    public static func setgid(_ gid: UInt32) throws(SystemCallError) {
        _ = try funnel("setgid", "group \(gid)", retryOnInterrupt: false) { checked(Glibc.setgid(gid)) }
    }

    /// `setuid(2)`.
    public static func setuid(_ uid: UInt32) throws(SystemCallError) {
        _ = try funnel("setuid", "user \(uid)", retryOnInterrupt: false) { checked(Glibc.setuid(uid)) }
    }

    /// The limits ``limitToZero(_:)`` sets.
    public enum ResourceLimit: Sendable {
        /// `RLIMIT_FSIZE`: the largest file the process may write.
        case fileSize
        /// `RLIMIT_CORE`: the largest core dump.
        case coreSize
    }

    /// `getrlimit(2)`/`setrlimit(2)` of `RLIMIT_NOFILE`: raises the soft limit on open
    /// descriptors to the hard one (systemd starts services at 1024 soft); returns the soft
    /// limit in force afterwards.
    @discardableResult
    public static func raiseOpenFileLimit() throws(SystemCallError) -> Int {
        var limits = rlimit()
        _ = try funnel("getrlimit", "RLIMIT_NOFILE", retryOnInterrupt: false) {
            checked(Glibc.getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limits))
        }
        if limits.rlim_cur < limits.rlim_max {
            var raised = rlimit(rlim_cur: limits.rlim_max, rlim_max: limits.rlim_max)
            _ = try funnel("setrlimit", "RLIMIT_NOFILE", retryOnInterrupt: false) {
                checked(Glibc.setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &raised))
            }
            limits = raised
        }
        return Int(clamping: limits.rlim_cur)
    }

    /// `setrlimit(2)` of `limit` to 0, soft and hard (it can never be raised again).
    public static func limitToZero(_ limit: ResourceLimit) throws(SystemCallError) {
        let resource = switch limit {
        case .fileSize: RLIMIT_FSIZE
        case .coreSize: RLIMIT_CORE
        }
        var zero = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = try funnel("setrlimit", "\(limit)", retryOnInterrupt: false) {
            checked(Glibc.setrlimit(__rlimit_resource_t(resource.rawValue), &zero))
        }
    }

    /// `prctl(PR_SET_NO_NEW_PRIVS, 1)` (through CSystemSupport: prctl is variadic): no exec
    /// from here on can gain privileges.
    public static func setNoNewPrivileges() throws(SystemCallError) {
        _ = try funnel("prctl(PR_SET_NO_NEW_PRIVS)", "", retryOnInterrupt: false) { checked(iedrive_set_no_new_privs()) }
    }

    /// `prctl(PR_SET_PDEATHSIG, signal)`: this process gets `signal` when its parent ends (a
    /// helper process must not outlive the daemon that gave it a drive) — precisely, when the
    /// parent's *thread* that spawned it ends, so the parent keeps that thread until the helper
    /// has ended. Credentials changes clear it: call it after dropping privileges, then compare
    /// `getppid()` with the parent seen before, in case the parent ended in between.
    public static func setParentDeathSignal(_ signal: Signal) throws(SystemCallError) {
        _ = try funnel("prctl(PR_SET_PDEATHSIG)", "\(signal)", retryOnInterrupt: false) {
            checked(iedrive_set_parent_death_signal(signal.rawValue))
        }
    }

    /// `getppid()`.
    public static func getppid() -> Int32 { Glibc.getppid() }

    // MARK: Signals

    /// `signal(signal, SIG_IGN)`: the process ignores `signal` from now on (and so do the
    /// programs it executes).
    public static func ignore(_ signal: Signal) throws(SystemCallError) {
        try funnel("signal", "\(signal) ignored", retryOnInterrupt: false) { () -> Attempt<Void> in
            let previous = Glibc.signal(signal.rawValue, SIG_IGN)
            // SIG_ERR is the handler (void (*)(int))-1.
            let failed = previous.map { unsafeBitCast($0, to: Int.self) == -1 } ?? false
            return failed ? .failed(Errno(rawValue: Glibc.errno)) : .done(())
        }
    }

    /// `pthread_sigmask(SIG_BLOCK)`: the calling thread stops receiving `signal`.
    public static func blockOnThisThread(_ signal: Signal) throws(SystemCallError) {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, signal.rawValue)
        try funnel("pthread_sigmask", "\(signal) blocked", retryOnInterrupt: false) {
            returned(Glibc.pthread_sigmask(SIG_BLOCK, &signals, nil))
        }
    }

    // MARK: The process as a whole

    /// `mallopt(M_ARENA_MAX, 1)` (through CSystemSupport): one malloc arena for the whole
    /// process instead of one per thread. mallopt sets no errno, so this is no funnel call:
    /// false when glibc refused.
    @discardableResult
    public static func useSingleMallocArena() -> Bool {
        iedrive_single_malloc_arena() == 1
    }

    /// `exit(3)`: ends the process with `status`, after atexit handlers and stdio flushes.
    public static func exit(_ status: Int32) -> Never {
        Glibc.exit(status)
    }
}

/// Runs `body` with a NULL-terminated C array of `strings`.
private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for pointer in pointers { free(pointer) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
