import Dispatch
import IEDriveSystem

/// The reader child process: killing it, and waiting for it once (its wait status and
/// resource use are kept for whoever asks next).
final class ReaderProcess: @unchecked Sendable {
    let pid: Int32
    private let log: @Sendable (String) -> Void
    private let reaper = DispatchQueue(label: "iedrive.reader.reaper")
    private var exitStatus: WaitStatus?        // only on `reaper`
    private var usage = ResourceUsage()        // only on `reaper`
    private var killed = false                 // only on `reaper`

    init(pid: Int32, log: @escaping @Sendable (String) -> Void) {
        self.pid = pid
        self.log = log
    }

    /// Kills the reader now.
    func terminate() {
        try? SystemCall.kill(pid, .kill)
        reaper.async { [self] in killed = true }
    }

    var hasBeenReaped: Bool { reaper.sync { exitStatus != nil } }
    var resourceUsage: ResourceUsage { reaper.sync { usage } }

    /// Waits for the child. Graceful: up to 5 s (none once it was killed), then SIGKILL and
    /// up to 2 s more. A reader held in an uninterruptible read by a hung device dies only
    /// when that read returns, perhaps never: then it is reaped in the background whenever it
    /// dies and counts as killed, so the drive can still be reported.
    func reap(graceful: Bool) -> WaitStatus {
        reaper.sync { reapOnReaper(graceful: graceful) }
    }

    private func reapOnReaper(graceful: Bool) -> WaitStatus {
        if let exitStatus { return exitStatus }
        let ended: WaitStatus
        if graceful, !killed, let status = waitForExit(seconds: 5) {
            ended = status
        } else {
            try? SystemCall.kill(pid, .kill)
            if let status = waitForExit(seconds: 2) {
                ended = status
            } else {
                let pid = self.pid
                log("reader \(pid): still alive 2 s after SIGKILL (held in a device read?); it is reaped when it dies")
                DispatchQueue.global().async { _ = try? SystemCall.waitpid(pid) }
                ended = WaitStatus(rawValue: Signal.kill.rawValue)   // counts as killed
            }
        }
        exitStatus = ended
        return ended
    }

    /// The child's status once it has ended, polling every 2 ms; nil when `seconds` passed
    /// first. A wait4 that fails (ECHILD: the child was reaped elsewhere) counts as ended, status 0.
    private func waitForExit(seconds: UInt64) -> WaitStatus? {
        let deadline = DispatchTime.now().uptimeNanoseconds + seconds * 1_000_000_000
        while true {
            switch Result(catching: { () throws(SystemCallError) in try SystemCall.wait4IfEnded(pid) }) {
            case .success(let ended?):
                usage = ended.usage
                return ended.status
            case .success(nil):
                if DispatchTime.now().uptimeNanoseconds > deadline { return nil }
                SystemClock.sleep(microseconds: 2_000)
            case .failure:
                return WaitStatus(rawValue: 0)
            }
        }
    }
}
