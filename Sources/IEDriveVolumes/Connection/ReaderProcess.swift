import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// The reader child process: killing it, and waiting for it once (its wait status and
/// resource use are kept for whoever asks next).
final class ReaderProcess: @unchecked Sendable {
    let pid: pid_t
    private let log: @Sendable (String) -> Void
    private let reaper = DispatchQueue(label: "iedrive.reader.reaper")
    private var exitStatus: Int32?   // only on `reaper`
    private var usage = rusage()      // only on `reaper`
    private var killed = false       // only on `reaper`

    init(pid: pid_t, log: @escaping @Sendable (String) -> Void) {
        self.pid = pid
        self.log = log
    }

    /// Kills the reader now.
    func terminate() {
        kill(pid, SIGKILL)
        reaper.async { [self] in killed = true }
    }

    var hasBeenReaped: Bool { reaper.sync { exitStatus != nil } }
    var resourceUsage: rusage { reaper.sync { usage } }

    /// Waits for the child. Graceful: up to 5 s (none once it was killed), then SIGKILL and
    /// up to 2 s more. A reader held in an uninterruptible read by a hung device dies only
    /// when that read returns, perhaps never: then it is reaped in the background whenever it
    /// dies and counts as killed, so the drive can still be reported.
    func reap(graceful: Bool) -> Int32 {
        reaper.sync { reapOnReaper(graceful: graceful) }
    }

    private func reapOnReaper(graceful: Bool) -> Int32 {
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        if !graceful || killed || !waitForExit(&status, seconds: 5) {
            kill(pid, SIGKILL)
            if !waitForExit(&status, seconds: 2) {
                let pid = self.pid
                log("reader \(pid): still alive 2 s after SIGKILL (held in a device read?); it is reaped when it dies")
                DispatchQueue.global().async {
                    var status: Int32 = 0
                    _ = waitpid(pid, &status, 0)
                }
                status = SIGKILL
            }
        }
        exitStatus = status
        return status
    }

    private func waitForExit(_ status: inout Int32, seconds: UInt64) -> Bool {
        let deadline = DispatchTime.now().uptimeNanoseconds + seconds * 1_000_000_000
        while wait4(pid, &status, WNOHANG, &usage) == 0 {
            if DispatchTime.now().uptimeNanoseconds > deadline { return false }
            usleep(2_000)
        }
        return true
    }
}

// The wait-status macros are not imported into Swift.
func WIFSIGNALED(_ status: Int32) -> Bool { (status & 0x7f) != 0 && (status & 0x7f) != 0x7f }
func WTERMSIG(_ status: Int32) -> Int32 { status & 0x7f }
func WEXITSTATUS(_ status: Int32) -> Int32 { (status >> 8) & 0xff }
