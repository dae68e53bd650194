public import Foundation
import IEDriveSystem

/// sd_notify(3) without libsystemd: one datagram per message to `$NOTIFY_SOCKET` (a path, or
/// an abstract socket when it starts with `@`). Does nothing when the variable is unset (not
/// started by systemd, or `Type=` other than notify).
public struct SystemdNotifier: Sendable {
    public let socketPath: String?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        socketPath = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The watchdog interval systemd expects pings within (`WATCHDOG_USEC`), if any and if
    /// meant for this process (`WATCHDOG_PID`).
    public static func watchdogInterval(environment: [String: String] = ProcessInfo.processInfo.environment) -> Duration? {
        guard let text = environment["WATCHDOG_USEC"], let micros = Int64(text), micros > 0 else { return nil }
        if let pid = environment["WATCHDOG_PID"], pid != String(SystemCall.getpid()) { return nil }
        return .microseconds(micros)
    }

    /// Sends `READY=1`, `STATUS=…`, `WATCHDOG=1`, `STOPPING=1` (newline-separated if several).
    @discardableResult
    public func notify(_ message: String) -> Bool {
        guard let socketPath else { return false }
        let bytes = Array(message.utf8)
        return (try? SystemCall.sendDatagram(bytes, toUnixSocket: socketPath)) == bytes.count
    }
}
